"""Fixtures shared by every app's tests: real services, the SMTP sink, the browser.

Tests that need a service (PostgreSQL, Redis, Chromium) skip with a reason when it is
missing, unless REQUIRE_SERVICES=1 (as CI sets), where a missing service fails them.
"""

import os
import shutil

import pytest
from django.conf import settings
from django.core.management import call_command

from portal.tests.smtp import running_sink

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def need(available, reason):
    """Skip (or, with REQUIRE_SERVICES=1, fail) a test whose service is missing."""
    if available:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


def redis_available():
    if not settings.REDIS_URL:
        return False
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False
    return True


@pytest.fixture(scope="session", autouse=True)
def _collected_static():
    """Static files collected as the release step collects them, with the manifest storage.

    The test settings keep production's storage (hashed, compressed names), so a template
    naming a missing file, or a file naming a missing one, fails the suite as it would
    fail a deployment.
    """
    call_command("collectstatic", "--noinput", "--clear", verbosity=0)


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, with static files served by whitenoise as under gunicorn.

    pytest-django puts staticfiles' development handler in front of the site; it finds
    files by their source names, not the hashed names the manifest storage writes.
    """
    from pytest_django.live_server_helper import LiveServer

    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(addr, start=False)
    server.thread.static_handler = _no_static_handler
    server.start()
    yield server
    server.stop()


def _no_static_handler(application):
    return application


@pytest.fixture
def require_postgres():
    need(settings.IS_POSTGRES, "PostgreSQL is not configured (set DATABASE_URL)")


@pytest.fixture
def require_redis():
    need(redis_available(), "Redis is not reachable (set REDIS_URL)")


@pytest.fixture
def celery_worker(require_redis, settings):
    """A real Celery worker thread consuming from the Redis broker.

    Use with ``django_db(transaction=True)``: the worker has its own connection and
    sees only committed rows.
    """
    from celery.contrib.testing.worker import start_worker

    from portal.celery import app

    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield app
    finally:
        app.conf.task_always_eager = True


@pytest.fixture
def broker_down(monkeypatch):
    """The broker refuses the email task, as kombu does when Redis is not listening.

    ``monkeypatch.undo()`` in the test brings the broker back.
    """
    from kombu.exceptions import OperationalError

    from portal.tasks import send_email

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(send_email, "delay", refuse)


# --- A real SMTP server ------------------------------------------------------


@pytest.fixture
def smtp_server(settings):
    """A real aiosmtpd server on a free local port; Django's SMTP backend points at it."""
    with running_sink(settings) as sink:
        yield sink


# --- Chromium through Playwright ------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, never a downloaded browser; no background network calls."""
    need(
        shutil.which(CHROMIUM) is not None,
        f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)",
    )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(autouse=True)
def _redis_outages_forgotten():
    """A Redis server one test marked down (portal.cache) is not skipped in the next."""
    from portal.cache import redis_forget_outages

    redis_forget_outages()


@pytest.fixture(autouse=True)
def _new_page_cache_generations():
    """Ids, slugs and filters repeat from test to test while the database is rolled back:
    every test starts on new generations, so no page or count kept by an earlier test
    (portal.pagecache) is served in the next."""
    from portal import pagecache

    pagecache.bump({area for areas in pagecache.CACHED_PAGES.values() for area in areas})


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files go to a per-test folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


# --- An S3-compatible object store (moto's server, its own process) ----------------------

S3_BUCKET = "portal-test-media"


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3-compatible server on a free loopback port, in a process group of its own,
    with an empty bucket; its endpoint URL. Stopped (the whole group) after the session."""
    from portal.tests.objectstore import bucket_create, running_moto_server

    with running_moto_server(need) as endpoint:
        bucket_create(endpoint, S3_BUCKET)
        yield endpoint


@pytest.fixture
def s3_storage(s3_server, settings):
    """Uploads go to the bucket, as with MEDIA_STORAGE=s3 in production."""
    from portal.tests.objectstore import s3_media_storage

    settings.MEDIA_STORAGE = "s3"
    settings.STORAGES = {**settings.STORAGES, "default": s3_media_storage(s3_server, S3_BUCKET)}
    return s3_server
