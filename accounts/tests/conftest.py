import uuid

import pytest


@pytest.fixture(autouse=True)
def _own_cache(settings):
    """A fresh local-memory cache per test, so per-user and per-organisation invitation
    limits never leak between tests (ids repeat after a rollback) and no test flushes the
    shared Redis."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"accounts-tests-{uuid.uuid4()}",
        }
    }
