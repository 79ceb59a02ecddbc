"""Enqueue Celery tasks once the surrounding transaction commits."""

import logging

import redis
from django.conf import settings
from django.db import transaction
from kombu.exceptions import OperationalError

from portal.cache import redis_is_down, redis_mark_down
from portal.celery import app

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args):
    """Send ``task.delay(*args)`` after commit, once per transaction.

    ``task`` is a task or its registered name ("matching.tasks.match_opportunity"): a
    lower app names a higher app's task instead of importing it (DESIGN.md 3).

    The caller has already saved the row the task works on. If the broker is down,
    the error is logged, not raised, so the user's request still succeeds; a periodic
    sweep task finds the unprocessed row and enqueues it later. A broker that failed
    moments ago in this process is not tried again (``portal.cache.redis_is_down``), so
    a frozen Redis costs a request one short timeout, not one per task. Asking twice for the
    same task and arguments in one transaction (a save and then its many-to-many
    changes, say) enqueues it once.
    """
    name = task if isinstance(task, str) else task.name
    key = (name, args)
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        getattr(callback, "enqueue_key", None) == key for _, callback, _ in connection.run_on_commit
    ):
        return

    def enqueue():
        task_ = app.tasks[task] if isinstance(task, str) else task
        broker = settings.CELERY_BROKER_URL
        uses_redis = not task_.app.conf.task_always_eager and broker.startswith("redis")
        if uses_redis and redis_is_down(broker):
            logger.warning("Broker marked down: %s left for the sweep", name)
            return
        try:
            task_.delay(*args)
        except (OperationalError, redis.RedisError):
            if uses_redis:
                redis_mark_down(broker)
            raise

    enqueue.enqueue_key = key
    enqueue.__qualname__ = f"enqueue[{name}]"
    transaction.on_commit(enqueue, robust=True)
