"""One way for tests to wait for a worker, a server or a browser: poll until true."""

import time

import pytest


def wait_until(condition, timeout=20, what="the condition", interval=0.1):
    """Call ``condition()`` until it returns something true, and return that; fail the
    test, naming ``what``, when ``timeout`` seconds pass first."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            pytest.fail(f"Timed out after {timeout}s waiting for {what}")
        time.sleep(interval)
