"""Newsletter tasks. They take ids, are safe to run twice, and keep well inside the
Redis visibility timeout (acks_late: a task whose worker died runs again)."""

from dataclasses import asdict

from celery import shared_task

from newsletter import services
from newsletter.models import Digest
from newsletter.sending import TransientSendError, deliveries_send_batch
from portal.periodic import DAY, once_per_period

# Retries back off 15 s, 30 s, 60 s ... up to 5 minutes: short countdowns, because a
# countdown is held by the worker (and Redis' visibility timeout) until it runs.
MAX_COUNTDOWN = 300


@shared_task(
    name="newsletter.send_digest_batch",
    bind=True,
    acks_late=True,
    max_retries=6,
    soft_time_limit=240,
    time_limit=300,
)
def send_digest_batch(self, digest_id, delivery_ids):
    """Send one batch of a digest's deliveries over one SMTP connection."""
    try:
        result = deliveries_send_batch(digest_id=digest_id, delivery_ids=delivery_ids)
    except TransientSendError as exc:
        countdown = min(15 * 2**self.request.retries, MAX_COUNTDOWN)
        raise self.retry(exc=exc, countdown=countdown) from exc
    return asdict(result)


@shared_task(name="newsletter.start_digest", acks_late=True)
def start_digest(digest_id):
    """Create a digest's deliveries and queue its batches (the admin's "Send now")."""
    digest = Digest.objects.filter(pk=digest_id).first()
    if digest is None:
        return 0
    return services.digest_send(digest=digest)


@shared_task(name="newsletter.create_periodic_digest")
@once_per_period(DAY)
def create_periodic_digest(frequency):
    """Beat: the weekly (Mondays 08:00) and monthly (first Monday) digests."""
    digest = services.digest_create_periodic(frequency=frequency)
    return digest.pk if digest else None


@shared_task(name="newsletter.send_due_digests")
@once_per_period(60)
def send_due_digests():
    """Beat, every minute: start digests whose scheduled time has come."""
    return services.digests_send_due()


@shared_task(name="newsletter.sweep_deliveries")
@once_per_period(60)
def sweep_deliveries():
    """Beat, every minute: queue again deliveries a dead worker held or a lost task left."""
    return services.deliveries_sweep()


@shared_task(name="newsletter.expire_unconfirmed")
@once_per_period(3600)
def expire_unconfirmed():
    """Beat, hourly: forget subscriptions not confirmed within 7 days."""
    return services.subscribers_expire_unconfirmed()


@shared_task(name="newsletter.read_bounce_mailbox", soft_time_limit=240, time_limit=300)
@once_per_period(600)
def read_bounce_mailbox():
    """Record the bounces waiting in the bounce mailbox (nothing unless one is set up)."""
    from newsletter.bounces import bounce_mailbox_read

    return bounce_mailbox_read()
