"""Readiness checks: each returns None when the part answers, or a short reason.

Each check gives up after about TIMEOUT seconds, so a load balancer polling /readyz
while a part hangs (a frozen Redis accepts connections but never answers) cannot tie up
the web workers.
"""

from concurrent.futures import ThreadPoolExecutor, TimeoutError

import redis
from django.conf import settings
from django.db import connection
from kombu import Connection

TIMEOUT = 2  # seconds


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
            settings.REDIS_URL, socket_connect_timeout=TIMEOUT, socket_timeout=TIMEOUT
        )
        client.ping()
        client.close()
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}"
    return None


def check_broker():
    if settings.CELERY_TASK_ALWAYS_EAGER and not settings.REDIS_URL:
        return None
    try:
        options = {"socket_connect_timeout": TIMEOUT, "socket_timeout": TIMEOUT}
        with Connection(
            settings.CELERY_BROKER_URL, connect_timeout=TIMEOUT, transport_options=options
        ) as conn:
            conn.ensure_connection(max_retries=0, timeout=TIMEOUT)
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}"
    return None


CHECKS = {"database": check_database, "redis": check_redis, "broker": check_broker}


def readiness():
    """{part: None or reason} for every part this deployment uses.

    Redis and the broker are checked side by side in threads, so /readyz answers in
    about TIMEOUT seconds even when both hang; the database is checked in the request's
    own thread (Django's connections belong to their thread).
    """
    executor = ThreadPoolExecutor(max_workers=len(CHECKS), thread_name_prefix="readyz")
    try:
        futures = {
            name: executor.submit(check) for name, check in CHECKS.items() if name != "database"
        }
        results = {"database": CHECKS["database"]()}
        for name, future in futures.items():
            try:
                results[name] = future.result(timeout=TIMEOUT + 1)
            except TimeoutError:
                results[name] = "Timeout"
    finally:
        executor.shutdown(wait=False)
    return {name: results[name] for name in CHECKS}
