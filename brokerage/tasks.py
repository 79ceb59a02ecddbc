from celery import shared_task

from brokerage import services


@shared_task
def send_reminders():
    """Remind participants with no meetings, once per 3-day period (idempotent)."""
    return services.reminders_send()
