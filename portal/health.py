"""Readiness checks: each returns None when the part answers, or a short reason.

Each check gives up after about TIMEOUT seconds, so a load balancer polling /readyz
while a part hangs (a frozen Redis accepts connections but never answers) cannot tie up
the web workers: Redis and the broker through socket timeouts, and every check, the
database's included, through the thread it runs in.
"""

from concurrent.futures import ThreadPoolExecutor, TimeoutError

import redis
from django.conf import settings
from django.db import connection, connections
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


def check_media():
    """The uploads' bucket answers (MEDIA_STORAGE=s3): a HEAD of the bucket, which needs
    the same credentials and endpoint as an upload, without writing anything."""
    from django.core.files.storage import storages

    storage = storages["default"]
    try:
        storage.connection.meta.client.head_bucket(Bucket=storage.bucket_name)
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}"
    return None


CHECKS = {"database": check_database, "redis": check_redis, "broker": check_broker}


def checks():
    """The checks for the parts this deployment uses: the bucket only with MEDIA_STORAGE=s3."""
    if settings.MEDIA_STORAGE == "s3":
        return {**CHECKS, "media": check_media}
    return CHECKS


def _closing_connections(check):
    """Run ``check`` in a worker thread, closing that thread's database connections after."""

    def run():
        try:
            return check()
        finally:
            connections.close_all()

    return run


def readiness():
    """{part: None or reason} for every part this deployment uses.

    The checks run side by side in threads and each is given about TIMEOUT seconds, so
    /readyz answers in about that long even when a part hangs (a thread stuck on a
    frozen server is left to its own socket timeout).
    """
    parts = checks()
    executor = ThreadPoolExecutor(max_workers=len(parts), thread_name_prefix="readyz")
    try:
        futures = {
            name: executor.submit(_closing_connections(check)) for name, check in parts.items()
        }
        results = {}
        for name, future in futures.items():
            try:
                results[name] = future.result(timeout=TIMEOUT + 1)
            except TimeoutError:
                results[name] = "Timeout"
    finally:
        executor.shutdown(wait=False)
    return results
