"""Send one batch of digest deliveries over one SMTP connection, each exactly once.

The rules that make it safe to run on many workers, twice, or after a crash:

- A batch claims its rows with one conditional UPDATE (only rows nobody holds) and
  stamps them with its own claim id and a lease. A worker renews the lease while it
  works; if it dies, the lease runs out and the sweeper queues the rows again.
- Just before each message the worker checks the row is still its own and still
  ``sending``: an unsubscribe or a cancelled digest turns it to ``skipped``.
- Right after the SMTP server accepts a message the row is marked ``sent``. A worker
  killed between those two steps causes the only possible duplicate: at most one
  message per killed process.
"""

import logging
import smtplib
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from email.utils import formatdate

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import make_msgid, sanitize_address
from django.core.mail.utils import DNS_NAME
from django.db import DatabaseError, connection
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from newsletter import bounces, content, tokens
from newsletter.models import Delivery, Digest, DigestEdition, Subscriber
from newsletter.services import digest_finish_if_done
from portal.outbox import esp_message_id

logger = logging.getLogger(__name__)

# A delivery the server keeps deferring (4xx) is given up after this many attempts.
MAX_ATTEMPTS = 5


class TransientSendError(Exception):
    """The mail server or the connection failed; the batch is released for a retry."""


@dataclass
class BatchResult:
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    deferred: int = 0


class LinkMaker:
    """Absolute preference and unsubscribe links, without a URL reverse per email."""

    def __init__(self):
        self.preferences = self._prefix("newsletter_preferences")
        self.unsubscribe = self._prefix("newsletter_unsubscribe")

    @staticmethod
    def _prefix(name):
        before, after = reverse(name, args=["TOKEN"]).split("TOKEN")
        return f"{settings.SITE_URL}{before}", after

    def __call__(self, which, subscriber_id):
        before, after = getattr(self, which)
        purpose = tokens.PREFERENCES if which == "preferences" else tokens.UNSUBSCRIBE
        return f"{before}{tokens.make_token(subscriber_id, purpose)}{after}"


def build_message(edition, subscriber_id, email, connection=None, links=None, delivery_id=None):
    """The digest email for one subscriber, with RFC 8058 one-click unsubscribe headers.

    Over SMTP with a bounce address set, the envelope sender (the Return-Path a bounce
    goes to) is the delivery's own VERP address; the From header stays the newsletter's.
    """
    links = links or LinkMaker()
    message = _message(
        edition,
        to=email,
        preferences_url=links("preferences", subscriber_id),
        unsubscribe_url=links("unsubscribe", subscriber_id),
        recipient=email,
        connection=connection,
    )
    if delivery_id and bounces.bounce_address() and not _is_provider(connection):
        message.extra_headers["From"] = message.from_email
        message.from_email = bounces.verp_address(delivery_id)
    return message


def _is_provider(backend):
    """True for a django-anymail backend: the provider handles bounces itself."""
    return type(backend).__module__.startswith("anymail.")


def feedback_id(digest_id):
    """Gmail's Feedback-ID (campaign:customer:type:sender) groups complaints by digest."""
    return f"digest{digest_id}:lcr:newsletter:{settings.NEWSLETTER_FEEDBACK_SENDER}"


def _message(
    edition, *, to, preferences_url, unsubscribe_url, recipient, connection=None, **headers
):
    text, html = content.personalise(
        edition.body_text,
        edition.body_html,
        preferences_url=preferences_url,
        unsubscribe_url=unsubscribe_url,
        recipient=recipient,
    )
    message = EmailMultiAlternatives(
        subject=edition.subject,
        body=text,
        from_email=settings.NEWSLETTER_FROM_EMAIL,
        to=[to],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": settings.NEWSLETTER_LIST_ID,
            "Feedback-ID": feedback_id(edition.digest_id),
            **headers,
        },
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


class PreparedEdition:
    """An edition serialised to MIME bytes once, with placeholders for the recipient.

    Building a multipart message with Python's email package costs more than sending
    it, so each edition is built once per batch and each recipient's copy is a few byte
    replacements. When the placeholders do not survive serialising intact (an encoding
    that could split them), or an address needs encoding, ``render`` returns None and
    the caller builds that message the ordinary way.
    """

    TO = "newsletter-recipient@recipient.invalid"
    MESSAGE_ID = "NEWSLETTERMESSAGEID"
    DATE = "NEWSLETTERDATE"

    def __init__(self, edition, links):
        self.links = links
        message = _message(
            edition,
            to=self.TO,
            preferences_url=content.PREFERENCES_URL,
            unsubscribe_url=content.UNSUBSCRIBE_URL,
            recipient=content.RECIPIENT,
            **{"Message-ID": self.MESSAGE_ID, "Date": self.DATE},
        )
        data = message.message().as_bytes(linesep="\r\n")
        body = edition.body_text + edition.body_html
        expected = {
            content.PREFERENCES_URL: body.count(content.PREFERENCES_URL),
            content.UNSUBSCRIBE_URL: body.count(content.UNSUBSCRIBE_URL) + 1,
            content.RECIPIENT: body.count(content.RECIPIENT),
            self.TO: 1,
            self.MESSAGE_ID: 1,
            self.DATE: 1,
        }
        intact = all(data.count(key.encode()) == n for key, n in expected.items())
        short_lines = max(len(line) for line in data.split(b"\r\n")) <= 700
        self.data = data if intact and short_lines else None

    def render(self, subscriber_id, email):
        if self.data is None or not email.isascii() or escape(email) != email:
            return None
        unsubscribe = self.links("unsubscribe", subscriber_id)
        return (
            self.data.replace(
                content.PREFERENCES_URL.encode(), self.links("preferences", subscriber_id).encode()
            )
            .replace(content.UNSUBSCRIBE_URL.encode(), unsubscribe.encode())
            .replace(content.RECIPIENT.encode(), email.encode())
            .replace(self.TO.encode(), email.encode())
            .replace(self.MESSAGE_ID.encode(), make_msgid(domain=DNS_NAME).encode())
            .replace(
                self.DATE.encode(), formatdate(localtime=settings.EMAIL_USE_LOCALTIME).encode()
            )
        )


class Sender:
    """Sends over one open connection: prepared bytes straight to smtplib when the
    backend is SMTP, Django's ordinary path otherwise (console, files, tests' outbox)."""

    def __init__(self, backend, editions, links):
        self.backend = backend
        self.links = links
        self.editions = editions
        self.smtp = isinstance(backend, SMTPBackend)
        self.prepared = {}
        self.from_address = sanitize_address(settings.NEWSLETTER_FROM_EMAIL, "utf-8")

    def send(self, edition_id, subscriber_id, email, delivery_id=None):
        """Send one digest message; returns the provider's message id ("" over SMTP)."""
        edition = self.editions[edition_id]
        if self.smtp:
            if edition_id not in self.prepared:
                self.prepared[edition_id] = PreparedEdition(edition, self.links)
            data = self.prepared[edition_id].render(subscriber_id, email)
            if data is not None:
                envelope = self.from_address
                if delivery_id and bounces.bounce_address():
                    envelope = bounces.verp_address(delivery_id)
                self.backend.connection.sendmail(envelope, [email], data)
                return ""
        message = build_message(
            edition, subscriber_id, email, self.backend, self.links, delivery_id
        )
        self.backend.send_messages([message])
        return esp_message_id(message)


def deliveries_send_batch(*, digest_id, delivery_ids, connection=None):
    """Claim and send these deliveries of one digest. Safe to run any number of times.

    Raises TransientSendError when the mail server's or the database's connection
    fails; the unsent rows are released first (on a fresh database connection if the
    old one died), so a retry (or the sweeper) sends them.
    """
    result = BatchResult()
    status = Digest.objects.filter(pk=digest_id).values_list("status", flat=True).first()
    if status != Digest.Status.SENDING:
        return result
    now = timezone.now()
    lease = timedelta(seconds=settings.NEWSLETTER_LEASE_SECONDS)
    mine = Delivery.objects.claimable(now).filter(digest_id=digest_id, pk__in=delivery_ids)
    # Whoever left or bounced since the digest started gets nothing.
    result.skipped = mine.exclude(subscriber__status=Subscriber.Status.ACTIVE).update(
        status=Delivery.Status.SKIPPED, claim="", last_error="Subscriber is not active"
    )
    claim = uuid.uuid4().hex
    claimed = mine.filter(subscriber__status=Subscriber.Status.ACTIVE).update(
        status=Delivery.Status.SENDING,
        claim=claim,
        lease_expires_at=now + lease,
        attempts=F("attempts") + 1,
    )
    if not claimed:
        digest_finish_if_done(digest_id=digest_id)
        return result

    rows = list(
        Delivery.objects.filter(claim=claim, status=Delivery.Status.SENDING)
        .order_by("pk")
        .values_list(
            "pk", "edition_id", "attempts", "subscriber_id", "subscriber__email",
            "subscriber__bounce_count",
        )
    )  # fmt: skip
    editions = DigestEdition.objects.in_bulk({row[1] for row in rows})
    backend = connection or get_connection()
    sender = Sender(backend, editions, LinkMaker())
    try:
        backend.open()
    except OSError as exc:
        _release(claim)
        raise TransientSendError(f"Could not connect to the mail server: {exc}") from exc

    renewed = time.monotonic()
    fast_commits = _fast_commits_on()
    try:
        # Each row is checked just before its message goes; that check rides on the
        # statement that marks the previous message sent (one round trip per message).
        mine = _still_mine(rows[0][0], claim)
        for index, (pk, edition_id, attempts, subscriber_id, email, bounce_count) in enumerate(
            rows
        ):
            next_pk = rows[index + 1][0] if index + 1 < len(rows) else None
            if time.monotonic() - renewed > lease.total_seconds() / 3:
                _renew(claim, lease)
                renewed = time.monotonic()
            if not mine:
                result.skipped += 1
                mine = _still_mine(next_pk, claim)
                continue
            try:
                message_id = sender.send(edition_id, subscriber_id, email, pk)
            except smtplib.SMTPRecipientsRefused as exc:
                code, reply = next(iter(exc.recipients.values()))
                _refused(result, pk, attempts, subscriber_id, code, reply)
                mine = _still_mine(next_pk, claim)
                continue
            except smtplib.SMTPDataError as exc:
                _refused(result, pk, attempts, subscriber_id, exc.smtp_code, exc.smtp_error)
                mine = _still_mine(next_pk, claim)
                continue
            mine = _mark_sent(pk, subscriber_id, bounce_count, next_pk, claim)
            if message_id:
                Delivery.objects.filter(pk=pk).update(esp_message_id=message_id[:255])
            result.sent += 1
    except (smtplib.SMTPException, OSError) as exc:
        logger.warning("Digest %s batch stopped by a mail server error: %s", digest_id, exc)
        raise TransientSendError(str(exc)) from exc
    except DatabaseError as exc:
        # Logged here: the release below must not hide the cause behind "the connection
        # is closed".
        logger.error(
            "Digest %s batch stopped by a database error (%s: %s)",
            digest_id,
            type(exc).__name__,
            exc,
        )
        raise TransientSendError(f"Database error: {exc}") from exc
    finally:
        _release_after_batch(claim, fast_commits)
        try:
            backend.close()
        except (smtplib.SMTPException, OSError):
            pass
    digest_finish_if_done(digest_id=digest_id)
    return result


def _release_after_batch(claim, fast_commits):
    """Give back the rows the batch still holds, even after its connection died."""
    try:
        _release(claim)
        if fast_commits:
            _fast_commits_off()
        return
    except DatabaseError:
        # The connection is gone (a restart, a failover); a new one may work.
        connection.close()
    try:
        _release(claim)
    except DatabaseError as exc:
        logger.error(
            "Could not release batch %s (%s); its rows are sent again after their lease",
            claim,
            exc,
        )


def _fast_commits_on():
    """PostgreSQL: don't wait for each commit to reach the disk during a batch.

    Marking a delivery sent is one commit per message, and waiting for its flush would
    cost more than sending the message. A killed *worker* loses nothing by this (the
    database server has the commit); only a crash of the *database server* can lose the
    last fraction of a second of "sent" marks, which would then be sent again.
    NEWSLETTER_ASYNC_COMMIT=0 turns this off.
    """
    if connection.vendor != "postgresql" or not settings.NEWSLETTER_ASYNC_COMMIT:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    return True


def _fast_commits_off():
    # The connection goes back to a pool: leave it as we found it.
    with connection.cursor() as cursor:
        cursor.execute("RESET synchronous_commit")


# The two statements run for every message are plain SQL: building them through the
# ORM cost more than running them.
DELIVERY_TABLE = Delivery._meta.db_table


def _still_mine(pk, claim):
    """True while this batch holds the delivery (not unsubscribed, cancelled or taken)."""
    if pk is None:
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {DELIVERY_TABLE} WHERE id = %s AND claim = %s AND status = %s",  # noqa: S608
            [pk, claim, Delivery.Status.SENDING],
        )
        return cursor.fetchone() is not None


def _mark_sent(pk, subscriber_id, bounce_count, next_pk=None, claim=""):
    """Mark a delivery sent; returns whether ``next_pk`` is still this batch's to send.

    Not conditional on the claim: the server has the message, so it is sent, even if a
    sweeper meanwhile thought this worker dead. That keeps a duplicate from following.
    """
    params = [
        Delivery.Status.SENT,
        connection.ops.adapt_datetimefield_value(timezone.now()),
        pk,
        Delivery.Status.SENT,
    ]
    update = (
        f"UPDATE {DELIVERY_TABLE} SET status = %s, sent_at = %s, claim = '', "  # noqa: S608
        "lease_expires_at = NULL, last_error = '' WHERE id = %s AND status <> %s"
    )
    if bounce_count:
        Subscriber.objects.filter(pk=subscriber_id).update(bounce_count=0)
    if connection.vendor == "postgresql" and next_pk is not None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH sent AS ({update} RETURNING id) "  # noqa: S608
                f"SELECT 1 FROM {DELIVERY_TABLE} WHERE id = %s AND claim = %s AND status = %s",
                [*params, next_pk, claim, Delivery.Status.SENDING],
            )
            return cursor.fetchone() is not None
    with connection.cursor() as cursor:
        cursor.execute(update, params)
    return _still_mine(next_pk, claim)


def _renew(claim, lease):
    Delivery.objects.filter(claim=claim, status=Delivery.Status.SENDING).update(
        lease_expires_at=timezone.now() + lease
    )


def _release(claim):
    """Rows this batch claimed but did not finish go back to pending."""
    Delivery.objects.filter(claim=claim, status=Delivery.Status.SENDING).update(
        status=Delivery.Status.PENDING, claim="", lease_expires_at=None, queued_at=timezone.now()
    )


def _reply_text(reply):
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)


def _refused(result, pk, attempts, subscriber_id, code, reply):
    """The server refused this one message: give up (5xx) or try later (4xx)."""
    error = f"{code} {_reply_text(reply)}"[:500]
    if code >= 500 or attempts >= MAX_ATTEMPTS:
        Delivery.objects.filter(pk=pk).update(
            status=Delivery.Status.FAILED, claim="", lease_expires_at=None, last_error=error
        )
        result.failed += 1
        if code >= 500:
            Subscriber.objects.filter(pk=subscriber_id).update(bounce_count=F("bounce_count") + 1)
            Subscriber.objects.filter(
                pk=subscriber_id,
                status=Subscriber.Status.ACTIVE,
                bounce_count__gte=settings.NEWSLETTER_BOUNCE_LIMIT,
            ).update(status=Subscriber.Status.BOUNCED)
        logger.info("Delivery %s failed: %s", pk, error)
    else:
        # Deferred: the sweeper queues it again after NEWSLETTER_REQUEUE_SECONDS.
        Delivery.objects.filter(pk=pk).update(
            status=Delivery.Status.PENDING,
            claim="",
            lease_expires_at=None,
            queued_at=timezone.now(),
            last_error=error,
        )
        result.deferred += 1
