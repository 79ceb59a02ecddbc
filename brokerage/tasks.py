from celery import shared_task

from brokerage import services
from portal.periodic import DAY, once_per_period


@shared_task
@once_per_period(DAY)
def send_reminders():
    """Remind participants with no meetings, once per 3-day period (idempotent)."""
    return services.reminders_send()
