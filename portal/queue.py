"""Enqueue Celery tasks once the surrounding transaction commits."""

from django.db import transaction

from portal.celery import app


def enqueue_on_commit(task, *args):
    """Send ``task.delay(*args)`` after commit, once per transaction.

    ``task`` is a task or its registered name ("matching.tasks.match_opportunity"): a
    lower app names a higher app's task instead of importing it (DESIGN.md 3).

    The caller has already saved the row the task works on. If the broker is down,
    the error is logged, not raised, so the user's request still succeeds; a periodic
    sweep task finds the unprocessed row and enqueues it later. Asking twice for the
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
        (app.tasks[task] if isinstance(task, str) else task).delay(*args)

    enqueue.enqueue_key = key
    enqueue.__qualname__ = f"enqueue[{name}]"
    transaction.on_commit(enqueue, robust=True)
