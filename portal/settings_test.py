"""
Test settings: the real settings module with test-safe environment defaults.

The environment still decides the database and Redis (CI sets DATABASE_URL and
REDIS_URL); only what must differ under test is overridden here.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-key-" + "x" * 50)
os.environ.setdefault("HTTPS", "0")
# Playwright's sync API runs an event loop in the test thread; the ORM calls are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import uuid  # noqa: E402

from portal.settings import *  # noqa: E402,F403

# Rate-limit counters and cached values in Redis must not leak from one test run into the
# next (the broker shares the Redis server): every run gets its own key prefix.
if REDIS_URL:  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex[:12]}"  # noqa: F405

# Tasks run in the test process unless a test starts a real worker. A worker started as
# a subprocess by a test sets CELERY_EAGER=0, and CELERY_QUEUE to a queue of its own.
CELERY_TASK_ALWAYS_EAGER = os.environ.get("CELERY_EAGER", "1") != "0"
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "celery")
ACCOUNT_RATE_LIMITS = False
# The page cache stays as production has it (on with Redis): a change bumps its pages'
# generations at once as well as on commit, so tests that never commit see it too.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_FILE_PATH = VAR_DIR / "test-mail"  # noqa: F405
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
# Static files as production has them: the manifest storage (hashed, compressed names),
# collected by a session fixture (conftest.py) into a folder of the tests' own, so a
# missing or broken static file fails the suite as it fails a deployment.
STATIC_ROOT = VAR_DIR / "test-static"  # noqa: F405
# Whitenoise looks each file up in STATIC_ROOT when asked instead of listing the folder when
# its middleware starts: the same files, names and headers, without a scan of STATIC_ROOT
# for every test client.
WHITENOISE_AUTOREFRESH = True
# Providers' tracking webhooks are mounted and verified as in production.
ANYMAIL = {
    **ANYMAIL,  # noqa: F405
    "WEBHOOK_SECRET": "webhook-user:webhook-secret-for-tests",
    "MAILGUN_WEBHOOK_SIGNING_KEY": "mailgun-signing-key-for-tests",
}
# The two-beats test (portal/tests/test_beats.py) starts beats that send every periodic
# task every BEAT_EVERY_SECONDS instead of on its real schedule; the periods each task's
# work is claimed for (portal.periodic) stay as they are.
if os.environ.get("BEAT_EVERY_SECONDS"):
    for _entry in CELERY_BEAT_SCHEDULE.values():  # noqa: F405
        _entry["schedule"] = float(os.environ["BEAT_EVERY_SECONDS"])
