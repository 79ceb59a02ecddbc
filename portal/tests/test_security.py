"""Headers and limits every response shares (issue 11, item 7), and gunicorn's as run."""

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from accounts.tests.factories import VerifiedUserFactory
from portal.images import IMAGE_MAX_BYTES

BASE_DIR = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def test_every_response_carries_a_permissions_policy(client):
    for path in ["/", "/accounts/login/", "/healthz", "/no-such-page/"]:
        policy = client.get(path)["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


def test_signed_in_pages_are_private_and_not_stored(client):
    assert "private" not in client.get("/").get("Cache-Control", "")

    client.force_login(VerifiedUserFactory())

    for path in ["/", "/dashboard/", "/accounts/settings/", "/opportunities/"]:
        cache_control = client.get(path)["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control, path


def test_a_body_over_the_limit_is_refused_before_it_is_read(client):
    """The test client's payload raises if read beyond what was sent: a 50 MB declared
    body with one byte sent is answered without reading it."""
    response = client.generic(
        "POST",
        "/organisations/new/",
        b"x",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
    )

    assert response.status_code == 413
    assert "Too large to send" in response.content.decode()


def test_the_body_limits_agree_with_the_largest_upload_and_the_readme():
    assert IMAGE_MAX_BYTES < settings.REQUEST_BODY_MAX_BYTES
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= settings.REQUEST_BODY_MAX_BYTES
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= settings.REQUEST_BODY_MAX_BYTES
    readme = (BASE_DIR / "README.md").read_text()
    assert f"client_max_body_size {settings.REQUEST_BODY_MAX_BYTES // (1024 * 1024)}m" in readme


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def gunicorn_server(require_postgres):
    """The Procfile's web process (gunicorn with gunicorn.conf.py), production settings."""
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}},
        "DEBUG": "0",
        "HTTPS": "0",
        "SECRET_KEY": "gunicorn-test-secret-" + "x" * 40,
        "STATIC_ROOT": str(settings.STATIC_ROOT),  # collected by the session fixture
        "ALLOWED_HOSTS": "127.0.0.1",
        "BIND_HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
    }
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "portal.wsgi:application"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(process.stderr.read().decode())
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_gunicorn_does_not_name_itself_and_refuses_oversized_bodies_unread(gunicorn_server):
    connection = http.client.HTTPConnection("127.0.0.1", gunicorn_server, timeout=10)
    connection.request("GET", "/healthz")
    response = connection.getresponse()
    response.read()
    assert response.status == 200
    assert "gunicorn" not in (response.getheader("Server") or "").lower()
    assert "camera=()" in response.getheader("Permissions-Policy")

    # Declare 50 MB and send only the headers: the answer comes without waiting for a body.
    connection = http.client.HTTPConnection("127.0.0.1", gunicorn_server, timeout=5)
    connection.putrequest("POST", "/newsletter/subscribe/")
    connection.putheader("Content-Type", "application/x-www-form-urlencoded")
    connection.putheader("Content-Length", str(50 * 1024 * 1024))
    connection.endheaders()
    refused = connection.getresponse()
    assert refused.status == 413
    assert "gunicorn" not in (refused.getheader("Server") or "").lower()
