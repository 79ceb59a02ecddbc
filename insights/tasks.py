from datetime import date, timedelta

from celery import shared_task
from django.utils import timezone

from insights.rollups import day_bounds, late_outcome_days, rollup_day, rollup_range
from portal.periodic import DAY, once_per_period


@shared_task(name="insights.rollup_day")
def rollup_day_task(day):
    """Roll up one day (ISO date); idempotent, so a retry or a rerun is harmless."""
    return rollup_day(date.fromisoformat(day))


@shared_task(name="insights.rollup_range")
def rollup_range_task(first, last):
    """Roll up the days ``first`` to ``last`` (ISO dates) at once: a catch-up after an
    outage, or a backfill; idempotent like a day's."""
    return rollup_range(date.fromisoformat(first), date.fromisoformat(last))


@shared_task(name="insights.rollup_recent")
@once_per_period(DAY)
def rollup_recent(days=3):
    """Nightly: yesterday, and the days before it again, so a missed night fills itself in."""
    today = timezone.localdate()
    recent = [today - timedelta(days=back) for back in range(days, 0, -1)]
    # Brokerage outcomes count on the day their meeting was held, often days before they
    # are recorded: those days are rolled up again too.
    since, _ = day_bounds(recent[0])
    until, _ = day_bounds(today)
    for day in sorted(late_outcome_days(since, until) - set(recent)):
        rollup_day_task.delay(day.isoformat())
    rollup_range_task.delay(recent[0].isoformat(), recent[-1].isoformat())
