"""Periodic work done once per period, whatever number of beats sends it.

Exactly one ``celery beat`` should run (README, "Running on several machines"), but a
second one started by mistake, a deploy that briefly runs old and new, or a task the
broker delivers twice must not double a digest, a report or an email. Each periodic task
is wrapped in ``once_per_period``: before working it inserts a ``PeriodicRun`` row for
(task, period), unique in the database; whoever inserts it does the work, everyone else
returns at once. The row carries a lease longer than any task may run (Celery's hard
time limit), so if the worker running it is killed, the redelivered task (acks_late)
takes the period over after the lease instead of leaving it undone.
"""

import functools
import json
import logging
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from portal.models import PeriodicRun

logger = logging.getLogger(__name__)

DAY = 86_400
# Rows older than this are deleted as new ones are made (every-minute tasks add 1,440 a day).
KEEP_DAYS = 7


def period_start(now, seconds):
    """The start of the period of ``seconds`` (aligned to the Unix epoch, UTC) holding ``now``."""
    stamp = int(now.timestamp()) // seconds * seconds
    return datetime.fromtimestamp(stamp, tz=UTC)


def lease_seconds():
    return settings.CELERY_TASK_TIME_LIMIT + 60


def periodic_run_claim(*, task, period, now=None):
    """True if the caller may do ``task``'s work for ``period``: it made the row, or took
    over a run whose lease ended without it finishing."""
    now = now or timezone.now()
    lease = now + timedelta(seconds=lease_seconds())
    try:
        with transaction.atomic():
            PeriodicRun.objects.create(
                task=task, period=period, started_at=now, lease_expires_at=lease
            )
    except IntegrityError:
        taken_over = PeriodicRun.objects.filter(
            task=task, period=period, finished_at__isnull=True, lease_expires_at__lt=now
        ).update(started_at=now, lease_expires_at=lease, attempts=F("attempts") + 1)
        return taken_over == 1
    PeriodicRun.objects.filter(started_at__lt=now - timedelta(days=KEEP_DAYS)).delete()
    return True


def periodic_run_finish(*, task, period):
    """Mark the period's work done: nobody takes it over now."""
    PeriodicRun.objects.filter(task=task, period=period).update(finished_at=timezone.now())


def once_per_period(seconds):
    """Beat's calls of the decorated task do its work at most once per period of
    ``seconds`` for each set of arguments (daily and weekly tasks: ``DAY``; interval tasks:
    their interval). Put it under ``@shared_task``.

    Only calls with ``once_per_period=True`` are claimed: settings.py adds it to every
    beat entry. A direct call (a view, a test, an operator's shell) always does the work,
    which the task's own guards keep safe to repeat. A skipped call returns None and logs.
    """

    def decorate(function):
        task = f"{function.__module__}.{function.__name__}"

        @functools.wraps(function)
        def wrapper(*args, once_per_period=False, **kwargs):
            if not once_per_period:
                return function(*args, **kwargs)
            start = period_start(timezone.now(), seconds)
            period = start.strftime("%Y-%m-%dT%H:%M:%SZ")
            if args or kwargs:
                period += " " + json.dumps([args, kwargs], sort_keys=True, default=str)[:40]
            if not periodic_run_claim(task=task, period=period):
                logger.info("%s: already run for the period %s; skipped", task, period)
                return None
            result = function(*args, **kwargs)
            periodic_run_finish(task=task, period=period)
            return result

        wrapper.period_seconds = seconds
        return wrapper

    return decorate
