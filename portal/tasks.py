from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from portal.models import OutgoingEmail
from portal.outbox import TransientEmailError, email_deliver


@shared_task(
    autoretry_for=(TransientEmailError,),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=5,
)
def send_email(email_id):
    """Send one OutgoingEmail. Safe to run twice: the row is claimed before sending."""
    email_deliver(email_id=email_id)


@shared_task
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
