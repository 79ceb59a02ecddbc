from datetime import date, timedelta

from celery import shared_task
from django.utils import timezone

from insights.rollups import rollup_day
from portal.periodic import DAY, once_per_period


@shared_task(name="insights.rollup_day")
def rollup_day_task(day):
    """Roll up one day (ISO date); idempotent, so a retry or a rerun is harmless."""
    return rollup_day(date.fromisoformat(day))


@shared_task(name="insights.rollup_recent")
@once_per_period(DAY)
def rollup_recent(days=3):
    """Nightly: yesterday, and the days before it again, so a missed night fills itself in."""
    today = timezone.localdate()
    for back in range(days, 0, -1):
        rollup_day_task.delay((today - timedelta(days=back)).isoformat())
