"""Redis accepts connections but never answers (a frozen server): nothing waits on it long.

A real redis-server is started and frozen with SIGSTOP; a real gunicorn process with the
production settings points its cache and broker at it. /readyz answers 503 in a few
seconds and a sign-up still succeeds quickly, its email waiting in the outbox.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
import redis
from django.conf import settings
from django.db import connection

from accounts.models import User
from portal.models import OutgoingEmail

REDIS_PORT = 8201
WEB_PORT = 8202
# Generous: the bound is "about 2 s" per wait on Redis, and the test machine is loaded.
BOUND = 5.0

pytestmark = pytest.mark.django_db(transaction=True)


def wait_until(predicate, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError("timed out waiting")


def redis_answers():
    try:
        return redis.Redis(port=REDIS_PORT, socket_timeout=1).ping()
    except redis.RedisError:
        return False


def port_open(port):
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def redis_process():
    if shutil.which("redis-server") is None:
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail("REQUIRE_SERVICES=1 but redis-server is not installed")
        pytest.skip("redis-server is not installed")
    process = subprocess.Popen(
        ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_until(redis_answers, timeout=20)
        yield process
    finally:
        os.kill(process.pid, signal.SIGCONT)
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def web_server(require_postgres, redis_process, tmp_path):
    """gunicorn with the production settings, on the test database and the own Redis."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "SECRET_KEY": "frozen-redis-test-" + "k" * 40,
        "HTTPS": "0",
        "STATIC_ROOT": str(settings.STATIC_ROOT),  # collected by the session fixture
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DEBUG", None)
    env.pop("REDIS_CACHE_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "portal.wsgi:application"]
        + ["--bind", f"127.0.0.1:{WEB_PORT}", "--workers", "1", "--graceful-timeout", "2"],
        env=env,
        cwd=settings.BASE_DIR,
    )
    try:
        wait_until(lambda: port_open(WEB_PORT), timeout=60)
        yield f"http://127.0.0.1:{WEB_PORT}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def timed(opener, url, data=None):
    """(status, seconds, body) of one request."""
    started = time.monotonic()
    try:
        with opener.open(url, data=data, timeout=60) as response:
            status, body = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read().decode()
    return status, time.monotonic() - started, body


def test_readyz_and_a_signup_do_not_hang_on_a_frozen_redis(web_server, redis_process):
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirects()
    )
    # Ready while Redis answers (the first request may find the server still warming up
    # on a busy machine: each check has a 2-second budget).
    wait_until(lambda: timed(opener, web_server + "/readyz")[0] == 200, timeout=30)

    os.kill(redis_process.pid, signal.SIGSTOP)  # accepts connections, never answers

    status, seconds, body = timed(opener, web_server + "/readyz")
    assert status == 503 and '"redis"' in body
    assert seconds < BOUND, f"/readyz took {seconds:.1f} s"

    status, seconds, page = timed(opener, web_server + "/accounts/signup/")
    assert status == 200 and seconds < BOUND, f"the sign-up page took {seconds:.1f} s"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {
        "csrfmiddlewaretoken": token,
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "password1": "a-long-passphrase-1",
        "password2": "a-long-passphrase-1",
    }
    status, seconds, _ = timed(
        opener, web_server + "/accounts/signup/", urllib.parse.urlencode(form).encode()
    )
    assert status == 302 and seconds < BOUND, f"signing up took {seconds:.1f} s"

    status, seconds, _ = timed(opener, web_server + "/accounts/confirm-email/")
    assert status == 200 and seconds < BOUND, f"the next page took {seconds:.1f} s"

    assert User.objects.filter(email="ada@example.com").exists()
    email = OutgoingEmail.objects.get(to=["ada@example.com"])
    assert email.status == OutgoingEmail.Status.PENDING  # sent by the sweep once Redis is back
