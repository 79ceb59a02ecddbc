"""The settings module, run in a fresh process with a given environment."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    clean.pop("SECRET_KEY", None)
    clean.pop("HTTPS", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "portal.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_secret_key_is_required_when_debug_is_off():
    result = manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_a_bad_value_fails_loudly():
    result = manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="a-long-random-production-secret-Q8v#2mZ!r7Lp0w9Xy4Tn6Bc1Kd5Hs3Jf",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_the_web_server_refuses_to_start_without_a_secret_key():
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "HTTPS"}}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-c", "import portal.wsgi"],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_manage_py_on_a_bare_laptop_runs_in_development_mode():
    result = manage("check")
    assert result.returncode == 0, result.stderr
    assert "using DEBUG=1" in result.stderr


def test_sessions_the_cache_and_rate_limits_are_shared_by_every_machine():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(settings.SESSION_ENGINE); "
        "print(settings.CACHES['default']['BACKEND']); "
        "print(sorted(settings.ACCOUNT_RATE_LIMITS))",
        DEBUG="1",
        REDIS_URL="redis://127.0.0.1:6379/15",
    )

    assert result.returncode == 0, result.stderr
    sessions, cache, limits = result.stdout.splitlines()[-3:]
    # PostgreSQL in production, read through the shared cache (portal/sessions.py).
    assert sessions == "portal.sessions"
    assert cache == "portal.cache.ResilientRedisCache"  # allauth's limits count in it
    assert "login_failed" in limits
