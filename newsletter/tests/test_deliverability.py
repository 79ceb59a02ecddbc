"""After a message is accepted: provider webhooks, bounce messages, suppression, and the
headers that tie a bounce to one delivery.

The webhook tests post the payloads Postmark and Mailgun send (as anymail documents
them) through anymail's real views, with the real authentication: basic auth for both,
and Mailgun's HMAC signature.
"""

import base64
import hashlib
import hmac
import imaplib
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from accounts.tests.factories import VerifiedUserFactory
from conftest import need
from newsletter import bounces, services
from newsletter.models import Delivery, DeliveryEvent, Outcome, Subscriber
from newsletter.tasks import read_bounce_mailbox
from newsletter.tests import imap
from newsletter.tests.factories import DigestFactory, NewsPostFactory, SubscriberFactory
from portal.models import EmailSuppression, OutgoingEmail
from portal.outbox import email_queue_rendered

pytestmark = pytest.mark.django_db(transaction=True)

DSN_DIR = Path(__file__).parent / "dsn"
AUTH = "Basic " + base64.b64encode(settings.ANYMAIL["WEBHOOK_SECRET"].encode()).decode()


def send_digest(*subscribers):
    NewsPostFactory(title="Graphene pilot line opens")
    digest = DigestFactory()
    services.digest_send(digest=digest)
    return digest


@pytest.fixture
def sent_by_provider(settings):
    """A digest sent through anymail's test backend: each delivery gets a provider id."""
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    reader = SubscriberFactory(email="reader@example.com")
    send_digest(reader)
    delivery = Delivery.objects.get(subscriber=reader)
    assert delivery.status == Delivery.Status.SENT
    assert delivery.esp_message_id
    return delivery


def postmark_bounce(delivery, kind="HardBounce", event_id=4323372036854775807):
    """Postmark's bounce webhook body (postmarkapp.com/developer/webhooks/bounce-webhook)."""
    return {
        "RecordType": "Bounce",
        "MessageStream": "broadcast",
        "ID": event_id,
        "Type": kind,
        "TypeCode": 1 if kind == "HardBounce" else 4096,
        "Name": "Hard bounce" if kind == "HardBounce" else "Soft bounce",
        "Tag": "newsletter",
        "MessageID": delivery.esp_message_id,
        "Metadata": {},
        "ServerID": 23,
        "Description": "The server was unable to deliver your message (ex: unknown user).",
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Email": delivery.subscriber.email,
        "From": "newsletter@example.org",
        "BouncedAt": "2026-11-30T16:33:54.9070259Z",
        "DumpAvailable": True,
        "Inactive": kind == "HardBounce",
        "CanActivate": True,
        "Subject": delivery.digest.subject,
    }


def post_json(client, url, payload, auth=AUTH):
    return client.post(
        url, data=json.dumps(payload), content_type="application/json", HTTP_AUTHORIZATION=auth
    )


def mailgun_complaint(
    delivery, token="c0a8d3f6e8b34a5c9d7e1f2a3b4c5d6e7f8091a2b3c4d5e6f7", key=None
):
    """Mailgun's signed webhook body (documentation.mailgun.com, "Securing webhooks")."""
    key = key or settings.ANYMAIL["MAILGUN_WEBHOOK_SIGNING_KEY"]
    timestamp = "1764520000"
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return {
        "signature": {"timestamp": timestamp, "token": token, "signature": signature},
        "event-data": {
            "event": "complained",
            "id": "-Agny091SquKnsrW2NEKUA",
            "timestamp": 1764520000.123,
            "log-level": "warn",
            "recipient": delivery.subscriber.email,
            "tags": [],
            "user-variables": {},
            "message": {
                "headers": {
                    "message-id": delivery.esp_message_id.strip("<>"),
                    "from": "newsletter@example.org",
                    "to": delivery.subscriber.email,
                    "subject": delivery.digest.subject,
                }
            },
        },
    }


# --- Sender hygiene -------------------------------------------------------------------


def test_each_digest_message_has_its_own_verp_return_path_and_list_headers(sink):
    readers = [SubscriberFactory(), SubscriberFactory()]
    digest = send_digest(*readers)

    assert sink.count() == 2
    for item in sink.messages:
        delivery = Delivery.objects.get(subscriber__email=item["rcpt"][0])
        # The envelope sender (the Return-Path a bounce goes to) names this delivery.
        assert item["mail_from"] == bounces.verp_address(delivery.pk)
        assert bounces.verp_delivery_id(item["mail_from"]) == delivery.pk
        message = item["message"]
        assert message["From"] == settings.NEWSLETTER_FROM_EMAIL
        assert message["Feedback-ID"] == f"digest{digest.pk}:lcr:newsletter:lcrportal"
        assert message["List-Id"] == settings.NEWSLETTER_LIST_ID
        text = message.get_body(preferencelist=("plain",)).get_content()
        assert f"View in browser: {settings.SITE_URL}/newsletter/archive/{digest.pk}/" in text


def test_a_forged_verp_address_names_no_delivery():
    genuine = bounces.verp_address(41)
    assert bounces.verp_delivery_id(genuine) == 41
    assert bounces.verp_delivery_id(genuine.replace("+d41-", "+d42-")) is None


def test_the_provider_message_id_is_stored_on_a_transactional_email(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        email = email_queue_rendered(
            name="test", to=["someone@example.com"], subject="Hi", body_text="Hello"
        )
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.esp_message_id == str(mail.outbox[-1].anymail_status.message_id)


# --- Provider webhooks ---------------------------------------------------------------


def test_a_postmark_hard_bounce_suppresses_the_subscriber_and_their_transactional_mail(
    client, sent_by_provider
):
    response = post_json(client, "/anymail/postmark/tracking/", postmark_bounce(sent_by_provider))

    assert response.status_code == 200
    delivery = Delivery.objects.get(pk=sent_by_provider.pk)
    assert delivery.outcome == Outcome.BOUNCED
    assert delivery.subscriber.status == Subscriber.Status.BOUNCED
    assert EmailSuppression.objects.filter(email="reader@example.com").exists()
    # Transactional mail stops, except account security mail.
    notice = email_queue_rendered(
        name="interest_received", to=["Reader@example.com"], subject="x", body_text="x"
    )
    reset = email_queue_rendered(
        name="password_reset_key",
        to=["reader@example.com"],
        subject="x",
        body_text="x",
        security=True,
    )
    assert notice.status == OutgoingEmail.Status.SUPPRESSED
    assert reset.status == OutgoingEmail.Status.PENDING


def test_subscribing_again_from_the_account_lifts_the_suppression(client, sent_by_provider):
    post_json(client, "/anymail/postmark/tracking/", postmark_bounce(sent_by_provider))
    user = VerifiedUserFactory(email="reader@example.com")

    services.subscriber_subscribe_account(user=user, focal_areas=[], frequency="weekly")

    assert not EmailSuppression.objects.exists()
    assert Subscriber.objects.get(email="reader@example.com").status == Subscriber.Status.ACTIVE


def test_a_postmark_webhook_without_the_right_credentials_is_refused(client, sent_by_provider):
    forged = "Basic " + base64.b64encode(b"webhook-user:guessed").decode()
    response = post_json(
        client, "/anymail/postmark/tracking/", postmark_bounce(sent_by_provider), auth=forged
    )
    unsigned = client.post(
        "/anymail/postmark/tracking/",
        data=json.dumps(postmark_bounce(sent_by_provider)),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert unsigned.status_code == 400
    assert not DeliveryEvent.objects.exists()
    assert Subscriber.objects.get(email="reader@example.com").status == Subscriber.Status.ACTIVE


def test_a_replayed_soft_bounce_counts_once_and_soft_bounces_reach_the_limit(
    client, sent_by_provider, settings
):
    settings.NEWSLETTER_BOUNCE_LIMIT = 2
    payload = postmark_bounce(sent_by_provider, kind="SoftBounce", event_id=1001)

    assert post_json(client, "/anymail/postmark/tracking/", payload).status_code == 200
    assert post_json(client, "/anymail/postmark/tracking/", payload).status_code == 200

    subscriber = Subscriber.objects.get(email="reader@example.com")
    assert subscriber.bounce_count == 1
    assert subscriber.status == Subscriber.Status.ACTIVE
    assert DeliveryEvent.objects.count() == 1
    assert Delivery.objects.get(pk=sent_by_provider.pk).outcome == Outcome.SOFT_BOUNCE
    assert not EmailSuppression.objects.exists()

    second = postmark_bounce(sent_by_provider, kind="SoftBounce", event_id=1002)
    post_json(client, "/anymail/postmark/tracking/", second)
    subscriber.refresh_from_db()
    assert subscriber.bounce_count == 2
    assert subscriber.status == Subscriber.Status.BOUNCED


def test_a_signed_mailgun_complaint_suppresses_at_once_and_a_replay_changes_nothing(
    client, sent_by_provider
):
    payload = mailgun_complaint(sent_by_provider)

    assert post_json(client, "/anymail/mailgun/tracking/", payload).status_code == 200
    assert post_json(client, "/anymail/mailgun/tracking/", payload).status_code == 200

    delivery = Delivery.objects.get(pk=sent_by_provider.pk)
    assert delivery.outcome == Outcome.COMPLAINED
    assert delivery.subscriber.status == Subscriber.Status.COMPLAINED
    assert delivery.subscriber.bounce_count == 1
    assert DeliveryEvent.objects.count() == 1
    assert EmailSuppression.objects.get().reason == EmailSuppression.Reason.COMPLAINED


def test_a_mailgun_webhook_with_a_forged_signature_is_refused(client, sent_by_provider):
    payload = mailgun_complaint(sent_by_provider, key="not-the-signing-key")

    response = post_json(client, "/anymail/mailgun/tracking/", payload)

    assert response.status_code == 400
    assert not DeliveryEvent.objects.exists()
    assert Subscriber.objects.get(email="reader@example.com").status == Subscriber.Status.ACTIVE


# --- Bounce messages (RFC 3464) ------------------------------------------------------


def dsn(name, delivery, verp=None):
    raw = (DSN_DIR / name).read_bytes()
    return raw.replace(
        b"VERP_ADDRESS", (verp or bounces.verp_address(delivery.pk)).encode()
    ).replace(b"RECIPIENT", delivery.subscriber.email.encode())


@pytest.fixture
def sent_over_smtp(sink):
    reader = SubscriberFactory(email="reader@example.com")
    send_digest(reader)
    return Delivery.objects.get(subscriber=reader)


def test_a_postfix_hard_bounce_marks_its_delivery_and_suppresses_the_address(sent_over_smtp):
    events = bounces.events_from_dsn(dsn("postfix_hard_bounce.eml", sent_over_smtp))

    assert [(e.outcome, e.recipient, e.delivery_id) for e in events] == [
        (Outcome.BOUNCED, "reader@example.com", sent_over_smtp.pk)
    ]
    for event in events:
        bounces.delivery_event_record(event=event)
    for event in bounces.events_from_dsn(dsn("postfix_hard_bounce.eml", sent_over_smtp)):
        assert bounces.delivery_event_record(event=event) is None  # the same bounce again

    delivery = Delivery.objects.get(pk=sent_over_smtp.pk)
    assert delivery.outcome == Outcome.BOUNCED
    assert delivery.subscriber.status == Subscriber.Status.BOUNCED
    assert delivery.subscriber.bounce_count == 1
    assert EmailSuppression.objects.filter(email="reader@example.com").exists()


def test_a_delayed_notice_only_marks_the_delivery_deferred(sent_over_smtp):
    for event in bounces.events_from_dsn(dsn("postfix_delayed.eml", sent_over_smtp)):
        bounces.delivery_event_record(event=event)

    delivery = Delivery.objects.get(pk=sent_over_smtp.pk)
    assert delivery.outcome == Outcome.DEFERRED
    assert delivery.subscriber.status == Subscriber.Status.ACTIVE
    assert delivery.subscriber.bounce_count == 0


def test_a_4xx_failure_is_a_soft_bounce_counting_towards_the_limit(sent_over_smtp):
    events = bounces.events_from_dsn(dsn("sendmail_mailbox_full.eml", sent_over_smtp))
    assert [e.outcome for e in events] == [Outcome.SOFT_BOUNCE]
    bounces.delivery_event_record(event=events[0])

    subscriber = Subscriber.objects.get(pk=sent_over_smtp.subscriber_id)
    assert subscriber.bounce_count == 1
    assert subscriber.status == Subscriber.Status.ACTIVE


def test_a_bounce_to_a_forged_verp_address_is_ignored(sent_over_smtp):
    forged = bounces.verp_address(sent_over_smtp.pk).replace("-", "-0", 1)
    assert bounces.events_from_dsn(dsn("postfix_hard_bounce.eml", sent_over_smtp, forged)) == []


# --- The bounce mailbox, on a real IMAP server ---------------------------------------


@pytest.fixture
def bounce_mailbox(settings):
    need(imap.dovecot_available(), "dovecot is not installed (apt-get install dovecot-imapd)")
    root = tempfile.mkdtemp(prefix="dovecot-")
    try:
        with imap.running_dovecot(root) as (host, port):
            settings.NEWSLETTER_BOUNCE_IMAP_HOST = host
            settings.NEWSLETTER_BOUNCE_IMAP_PORT = port
            settings.NEWSLETTER_BOUNCE_IMAP_SSL = False
            settings.NEWSLETTER_BOUNCE_IMAP_USER = imap.USER
            settings.NEWSLETTER_BOUNCE_IMAP_PASSWORD = imap.PASSWORD
            client = imaplib.IMAP4(host, port)
            client.login(imap.USER, imap.PASSWORD)
            yield client
            client.logout()
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_the_task_reads_bounces_from_the_mailbox_and_leaves_other_mail(
    sent_over_smtp, bounce_mailbox
):
    bounce_mailbox.append("INBOX", None, None, dsn("postfix_hard_bounce.eml", sent_over_smtp))
    bounce_mailbox.append(
        "INBOX", None, None, b"From: someone@example.com\r\nSubject: Hello\r\n\r\nNot a bounce.\r\n"
    )

    assert read_bounce_mailbox.delay().get() == 1
    assert read_bounce_mailbox.delay().get() == 0  # nothing new

    delivery = Delivery.objects.get(pk=sent_over_smtp.pk)
    assert delivery.outcome == Outcome.BOUNCED
    assert delivery.subscriber.status == Subscriber.Status.BOUNCED
    bounce_mailbox.select("INBOX")
    _typ, data = bounce_mailbox.search(None, "ALL")
    assert len(data[0].split()) == 1  # the bounce is deleted; the other mail stays
