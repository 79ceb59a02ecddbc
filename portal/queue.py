"""Enqueue Celery tasks once the surrounding transaction commits."""

from django.db import transaction


def enqueue_on_commit(task, *args):
    """Send ``task.delay(*args)`` after commit.

    The caller has already saved the row the task works on. If the broker is down,
    the error is logged, not raised, so the user's request still succeeds; a periodic
    sweep task finds the unprocessed row and enqueues it later.
    """

    def enqueue():
        task.delay(*args)

    enqueue.__qualname__ = f"enqueue[{task.name}]"
    transaction.on_commit(enqueue, robust=True)
