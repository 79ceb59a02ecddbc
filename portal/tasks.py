from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from portal.models import OutgoingEmail
from portal.outbox import MAX_ATTEMPTS, TransientEmailError, email_deliver
from portal.periodic import once_per_period


@shared_task(bind=True, max_retries=MAX_ATTEMPTS)
def send_email(self, email_id):
    """Send one OutgoingEmail. Safe to run twice: the row is claimed before sending.

    A temporary failure (a 4xx such as greylisting, a dropped connection) retries after
    the back-off the row now carries; should the retry be lost, the sweep sends it.
    """
    try:
        email_deliver(email_id=email_id)
    except TransientEmailError as exc:
        raise self.retry(exc=exc, countdown=exc.retry_in) from exc


@shared_task
@once_per_period(60)
def send_pending_emails():
    """Send emails still pending a minute after they were saved (the broker was down,
    or a worker died holding one). Returns how many were queued."""
    cutoff = timezone.now() - timedelta(minutes=1)
    ids = list(
        OutgoingEmail.objects.due().filter(created_at__lt=cutoff).values_list("pk", flat=True)[:500]
    )
    for email_id in ids:
        send_email.delay(email_id)
    return len(ids)
