"""Every email the portal sends goes through here.

An email is rendered from three templates, ``templates/emails/<name>_subject.txt``,
``<name>_message.txt`` and ``<name>_message.html``, saved as an OutgoingEmail row,
and sent by a Celery task once the surrounding transaction commits.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import models
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone

from portal.models import EmailSuppression, OutgoingEmail
from portal.queue import enqueue_on_commit

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 8
# After a temporary failure the row waits 30 s, then 1, 2, 4, 8, 10, 10 minutes: about
# 35 minutes in all, longer than greylisting servers ask for.
BACKOFF_FIRST = timedelta(seconds=30)
BACKOFF_MAX = timedelta(minutes=10)


def backoff(attempts):
    """How long to wait after the given number of failed attempts."""
    return min(BACKOFF_FIRST * 2 ** max(attempts - 1, 0), BACKOFF_MAX)


def render_plain_text(template_name, context):
    """Render a template with autoescaping off: for subjects and text parts, where
    "O'Brien & Sons" must stay as written (no HTML reads them, so nothing to escape)."""
    template = get_template(template_name).template  # the Django engine's own Template
    return template.render(Context(context, autoescape=False))


def email_render(name, context):
    """Render the subject, text and HTML parts of ``templates/emails/<name>_*``.

    The subject and text part are plain text, rendered unescaped; only the HTML part is
    autoescaped.
    """
    context = {"site_url": settings.SITE_URL, "site_name": "LCR+ Innovation Portal", **context}
    subject = render_plain_text(f"emails/{name}_subject.txt", context)
    subject = " ".join(subject.split())
    text = render_plain_text(f"emails/{name}_message.txt", context)
    html = render_to_string(f"emails/{name}_message.html", context)
    return subject, text, html


def esp_message_id(message):
    """The id an email service provider gave a sent message (django-anymail), or ""."""
    status = getattr(message, "anymail_status", None)
    message_id = getattr(status, "message_id", None)
    if isinstance(message_id, set):  # one id per recipient, and they differed
        message_id = sorted(message_id)[0] if message_id else None
    return "" if message_id is None else str(message_id)[:255]


def email_queue(*, name, to, context, reply_to=None, headers=None):
    """Render an email, save it, and send it after the transaction commits."""
    subject, text, html = email_render(name, context)
    return email_queue_rendered(
        name=name,
        to=to,
        subject=subject,
        body_text=text,
        body_html=html,
        reply_to=reply_to,
        headers=headers,
    )


def email_queue_rendered(
    *,
    name,
    to,
    subject,
    body_text,
    body_html="",
    reply_to=None,
    headers=None,
    from_email=None,
    security=False,
):
    """Save an already rendered email and send it after the transaction commits.

    An email to an address that hard-bounced or complained is saved as ``suppressed``
    and not sent, unless it is account security mail (``security=True``).
    """
    suppressed = (
        not security
        and EmailSuppression.objects.filter(
            email__in=[address.strip().lower() for address in to]
        ).exists()
    )
    email = OutgoingEmail.objects.create(
        status=OutgoingEmail.Status.SUPPRESSED if suppressed else OutgoingEmail.Status.PENDING,
        security=security,
        template=name,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        reply_to=list(reply_to or []),
        headers=dict(headers or {}),
        subject=subject[:255],
        body_text=body_text,
        body_html=body_html,
    )
    if suppressed:
        logger.info("Email %s not sent: %s is suppressed", email.pk, ", ".join(to))
        return email
    # By name: portal.tasks imports this module.
    enqueue_on_commit("portal.tasks.send_email", email.pk)
    return email


def _claim(email_id):
    """Take the email for this worker; False when it is sent or another worker has it."""
    now = timezone.now()
    claimed = (
        OutgoingEmail.objects.due()
        .filter(pk=email_id)
        .update(
            status=OutgoingEmail.Status.SENDING,
            lease_expires_at=now + LEASE,
            attempts=models.F("attempts") + 1,
        )
    )
    return claimed == 1


def build_message(email, connection=None):
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=email.from_email,
        to=email.to,
        reply_to=email.reply_to or None,
        headers=email.headers or None,
        connection=connection,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    return message


class TransientEmailError(Exception):
    """The mail server could not take the message now; try again in ``retry_in`` seconds."""

    def __init__(self, message, retry_in=0):
        super().__init__(message)
        self.retry_in = retry_in


def is_permanent_refusal(exc):
    """True when the server refused for good (5xx): the recipients at RCPT, or the
    message at DATA. A 4xx (greylisting, a full mailbox, a busy server) is temporary."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in exc.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(exc, smtplib.SMTPDataError):
        return 500 <= exc.smtp_code < 600
    return False


def email_deliver(*, email_id, connection=None):
    """Send one saved email once. Returns True if this call sent it.

    A permanent refusal (5xx for the recipients or the message) marks the row failed.
    Raises TransientEmailError when the server may accept it later (a 4xx, a dropped
    connection); the row goes back to pending so a retry or the periodic sweep sends it.
    """
    if not _claim(email_id):
        return False
    email = OutgoingEmail.objects.get(pk=email_id)
    message = build_message(email, connection or get_connection())
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        if is_permanent_refusal(exc):
            _finish(email, OutgoingEmail.Status.FAILED, error=str(exc))
            logger.warning("Email %s refused by the server: %s", email_id, exc)
            return False
        if email.attempts >= MAX_ATTEMPTS:
            _finish(email, OutgoingEmail.Status.FAILED, error=str(exc))
            logger.error("Email %s failed after %s attempts: %s", email_id, email.attempts, exc)
            return False
        wait = backoff(email.attempts)
        _finish(email, OutgoingEmail.Status.PENDING, error=str(exc), retry_in=wait)
        logger.warning("Email %s not sent, retrying in %s: %s", email_id, wait, exc)
        raise TransientEmailError(str(exc), retry_in=wait.total_seconds()) from exc
    _finish(email, OutgoingEmail.Status.SENT, esp_message_id=esp_message_id(message))
    return True


def _finish(email, status, error="", retry_in=None, **fields):
    OutgoingEmail.objects.filter(pk=email.pk).update(
        **fields,
        status=status,
        last_error=error[:2000],
        lease_expires_at=None,
        next_attempt_at=timezone.now() + retry_in if retry_in else None,
        sent_at=timezone.now() if status == OutgoingEmail.Status.SENT else None,
    )
