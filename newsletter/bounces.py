"""What happens to a message after the server accepted it: bounces, deferrals, complaints.

Two sources feed the same service, ``delivery_event_record``:

- an email service provider's tracking webhook (django-anymail's ``tracking`` signal,
  see ``receivers.py``), when a provider sends the mail;
- delivery-status notifications (RFC 3464) read from a bounce mailbox over IMAP
  (``bounce_mailbox_read``), when the portal sends over plain SMTP. Each digest message
  carries its own VERP Return-Path (``bounces+d<delivery id>-<signature>@domain``), so a
  bounce names exactly one delivery.
"""

import email
import email.policy
import hashlib
import hmac
import imaplib
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from newsletter.models import Delivery, DeliveryEvent, Outcome, Subscriber
from portal.models import EmailSuppression, OutgoingEmail

logger = logging.getLogger(__name__)


# --- VERP -------------------------------------------------------------------------


def _verp_signature(delivery_id):
    key = f"newsletter-verp:{settings.SECRET_KEY}".encode()
    return hmac.new(key, str(delivery_id).encode(), hashlib.sha256).hexdigest()[:10]


def bounce_address():
    """The bounce mailbox's address, or "" when VERP is off."""
    return settings.NEWSLETTER_BOUNCE_ADDRESS


def verp_address(delivery_id):
    """The Return-Path for one delivery: ``bounces+d42-<signature>@example.org``.

    The signature keeps anyone who can mail the bounce mailbox from suppressing a
    subscriber with a forged bounce.
    """
    local, _, domain = bounce_address().rpartition("@")
    return f"{local}+d{delivery_id}-{_verp_signature(delivery_id)}@{domain}"


VERP_RE = re.compile(r"\+d(\d+)-([0-9a-f]{10})@", re.IGNORECASE)


def verp_delivery_id(address):
    """The delivery id in a VERP address, or None if there is none or it is forged."""
    match = VERP_RE.search(address or "")
    if not match:
        return None
    delivery_id, signature = int(match[1]), match[2].lower()
    if not hmac.compare_digest(signature, _verp_signature(delivery_id)):
        return None
    return delivery_id


# --- Recording an event -----------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """One bounce, deferral or complaint, whatever it came from."""

    event_id: str
    source: str
    outcome: str
    recipient: str = ""
    message_id: str = ""
    delivery_id: int | None = None
    description: str = ""


def _find_delivery(event):
    deliveries = Delivery.objects.select_related("subscriber")
    if event.delivery_id:
        return deliveries.filter(pk=event.delivery_id).first()
    if event.message_id:
        # Some providers' webhooks wrap the id in <angle brackets>, their APIs not.
        bare = event.message_id.strip("<>")
        return deliveries.filter(esp_message_id__in=[bare, f"<{bare}>"]).first()
    return None


def delivery_event_record(*, event):
    """Apply one event once. Returns the DeliveryEvent, or None for a replay.

    - a hard bounce or a complaint suppresses the address at once: the subscriber is
      marked bounced (or complained) and transactional mail stops, except account
      security mail;
    - a soft bounce counts towards NEWSLETTER_BOUNCE_LIMIT, like a refusal at send time;
    - a deferral is only noted on the delivery.
    """
    delivery = _find_delivery(event)
    recipient = (event.recipient or (delivery.subscriber.email if delivery else "")).lower()
    try:
        with transaction.atomic():
            record = DeliveryEvent.objects.create(
                event_id=event.event_id[:255],
                source=event.source[:40],
                outcome=event.outcome,
                recipient=recipient[:254],
                message_id=event.message_id[:255],
                delivery=delivery,
                description=event.description[:500],
            )
    except IntegrityError:
        logger.info("Event %s from %s already recorded", event.event_id, event.source)
        return None

    now = timezone.now()
    if delivery is not None and _outranks(event.outcome, delivery.outcome):
        Delivery.objects.filter(pk=delivery.pk).update(outcome=event.outcome, outcome_at=now)
    subscribers = Subscriber.objects.filter(
        pk=delivery.subscriber_id if delivery else None
    ) | Subscriber.objects.filter(email=recipient)

    if event.outcome in (Outcome.BOUNCED, Outcome.COMPLAINED) and recipient:
        reason = (
            EmailSuppression.Reason.COMPLAINED
            if event.outcome == Outcome.COMPLAINED
            else EmailSuppression.Reason.BOUNCED
        )
        EmailSuppression.objects.get_or_create(email=recipient, defaults={"reason": reason})
        status = (
            Subscriber.Status.COMPLAINED
            if event.outcome == Outcome.COMPLAINED
            else Subscriber.Status.BOUNCED
        )
        subscribers.exclude(status=Subscriber.Status.UNSUBSCRIBED).update(
            status=status, bounce_count=F("bounce_count") + 1
        )
        # Queued transactional mail to the address stops too.
        pending = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING, security=False)
        if connection.features.supports_json_field_contains:
            pending = pending.filter(to__contains=[recipient])
        else:  # SQLite (make run) has no JSON containment: the queued emails are read
            to_them = [pk for pk, to in pending.values_list("pk", "to") if recipient in to]
            pending = pending.filter(pk__in=to_them)
        pending.update(status=OutgoingEmail.Status.SUPPRESSED)
    elif event.outcome == Outcome.SOFT_BOUNCE:
        subscribers.update(bounce_count=F("bounce_count") + 1)
        subscribers.filter(
            status=Subscriber.Status.ACTIVE, bounce_count__gte=settings.NEWSLETTER_BOUNCE_LIMIT
        ).update(status=Subscriber.Status.BOUNCED)
    logger.info("%s for %s (%s)", event.outcome, recipient, event.source)
    return record


RANK = {"": 0, Outcome.DEFERRED: 1, Outcome.SOFT_BOUNCE: 2, Outcome.BOUNCED: 3}
RANK[Outcome.COMPLAINED] = 4


def _outranks(new, old):
    """A later deferral does not hide an earlier bounce or complaint."""
    return RANK[new] >= RANK[old or ""]


# --- From a provider (django-anymail) -----------------------------------------------


def event_from_anymail(tracking_event, esp_name):
    """An Event for an anymail tracking event, or None for one that is not ours
    (delivered, opened, clicked...)."""
    kind = tracking_event.event_type
    if kind == "complained":
        outcome = Outcome.COMPLAINED
    elif kind in ("bounced", "rejected"):
        outcome = Outcome.SOFT_BOUNCE if _is_soft(tracking_event.esp_event) else Outcome.BOUNCED
    elif kind == "deferred":
        outcome = Outcome.DEFERRED
    else:
        return None
    event_id = tracking_event.event_id
    if not event_id:
        # Some providers give no event id: the message, the kind and the time are one.
        event_id = f"{tracking_event.message_id}:{kind}:{tracking_event.timestamp}"
    return Event(
        event_id=f"{esp_name}:{event_id}",
        source=esp_name,
        outcome=outcome,
        recipient=tracking_event.recipient or "",
        message_id=str(tracking_event.message_id or ""),
        description=tracking_event.description or tracking_event.mta_response or "",
    )


def _is_soft(esp_event):
    """Providers that tell a soft bounce from a hard one in their own fields."""
    if not isinstance(esp_event, dict):
        return False
    if esp_event.get("Type") == "SoftBounce":  # Postmark
        return True
    bounce = esp_event.get("bounce")
    # Amazon SES. (Mailgun's temporary failures arrive as anymail's "deferred".)
    return isinstance(bounce, dict) and bounce.get("bounceType") == "Transient"


# --- From a bounce mailbox (RFC 3464) -----------------------------------------------


def events_from_dsn(raw):
    """Events in one delivery-status notification (bytes), one per failed recipient.

    The delivery is found from the VERP address the bounce was sent to; a message
    that is not a DSN, or not addressed to a valid VERP address, gives nothing.
    """
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    delivery_id = None
    for header in ("X-Original-To", "Delivered-To", "To", "Envelope-To"):
        for value in message.get_all(header, []):
            delivery_id = delivery_id or verp_delivery_id(str(value))
    if delivery_id is None:
        return []
    message_id = (message.get("Message-ID") or "").strip()
    events = []
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        # The payload is a list of header blocks: the first per message, then one per
        # recipient (RFC 3464 section 2.1).
        blocks = part.get_payload()
        for index, block in enumerate(blocks[1:], start=1):
            action = (block.get("Action") or "").strip().lower()
            status = (block.get("Status") or "").strip()
            if action == "failed":
                outcome = Outcome.BOUNCED if status.startswith("5") else Outcome.SOFT_BOUNCE
            elif action == "delayed":
                outcome = Outcome.DEFERRED
            else:
                continue  # delivered, relayed, expanded
            recipient = block.get("Final-Recipient") or block.get("Original-Recipient") or ""
            recipient = recipient.split(";", 1)[-1].strip()
            diagnostic = " ".join((block.get("Diagnostic-Code") or "").split())
            events.append(
                Event(
                    event_id=f"dsn:{message_id or hashlib.sha256(raw).hexdigest()}:{index}",
                    source="mailbox",
                    outcome=outcome,
                    recipient=recipient,
                    delivery_id=delivery_id,
                    description=f"{status} {diagnostic}".strip(),
                )
            )
    return events


def bounce_mailbox_read(*, connect=None):
    """Read new messages in the bounce mailbox, record their DSNs, delete them.

    Returns how many events were recorded. Does nothing unless NEWSLETTER_BOUNCE_IMAP_HOST
    is set. A message that is not a bounce is left unread for a person to look at.
    """
    if not settings.NEWSLETTER_BOUNCE_IMAP_HOST and connect is None:
        return 0
    imap = connect() if connect else _imap_connect()
    recorded = 0
    try:
        imap.select("INBOX")
        _typ, data = imap.search(None, "UNSEEN")
        for number in data[0].split():
            _typ, fetched = imap.fetch(number, "(BODY.PEEK[])")
            raw = fetched[0][1]
            events = events_from_dsn(raw)
            if not events:
                continue
            for event in events:
                recorded += delivery_event_record(event=event) is not None
            imap.store(number, "+FLAGS", "\\Deleted")
        imap.expunge()
    finally:
        try:
            imap.logout()
        except (imaplib.IMAP4.error, OSError):
            pass
    return recorded


def _imap_connect():
    host, port = settings.NEWSLETTER_BOUNCE_IMAP_HOST, settings.NEWSLETTER_BOUNCE_IMAP_PORT
    imap = (
        imaplib.IMAP4_SSL(host, port, timeout=30)
        if settings.NEWSLETTER_BOUNCE_IMAP_SSL
        else imaplib.IMAP4(host, port, timeout=30)
    )
    imap.login(settings.NEWSLETTER_BOUNCE_IMAP_USER, settings.NEWSLETTER_BOUNCE_IMAP_PASSWORD)
    return imap
