"""Readiness checks: each returns None when the part answers, or a short reason."""

import redis
from django.conf import settings
from django.db import connection
from kombu import Connection


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
        return f"{type(exc).__name__}"
    return None


def check_redis():
    if not settings.REDIS_URL:
        return None
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2
        )
        client.ping()
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}"
    return None


def check_broker():
    if settings.CELERY_TASK_ALWAYS_EAGER and not settings.REDIS_URL:
        return None
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}"
    return None


CHECKS = {"database": check_database, "redis": check_redis, "broker": check_broker}


def readiness():
    """{part: None or reason} for every part this deployment uses."""
    return {name: check() for name, check in CHECKS.items()}
