import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from newsletter import services, tokens
from newsletter.models import CONSENT_VERSION, CONSENT_WORDING, ConsentRecord, Subscriber
from newsletter.tasks import expire_unconfirmed
from newsletter.tests.factories import SubscriberFactory
from portal.models import FocalArea, OutgoingEmail
from portal.tasks import send_email, send_pending_emails

# Emails are sent after commit, so these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)

SUBSCRIBE = "/newsletter/subscribe/"


@pytest.fixture(autouse=True)
def generous_rate_limits(settings):
    settings.NEWSLETTER_RATE_LIMIT_IP = 1000
    settings.NEWSLETTER_RATE_LIMIT_EMAIL = 1000


def infection():
    return FocalArea.objects.get_or_create(slug="infection", defaults={"name": "Infection"})[0]


def subscribe(client, email="ada@example.com", **extra):
    data = {"email": email, "frequency": "weekly", "consent": "on", **extra}
    return client.post(SUBSCRIBE, data)


def link_in(message, name):
    return re.search(rf"https?://[^\s\"<]+/newsletter/{name}/[^\s\"<]+/", message.body).group(0)


def test_subscribe_page_shows_an_unticked_consent_box_with_the_wording(client):
    response = client.get(SUBSCRIBE + "?email=ada@example.com")

    html = response.content.decode()
    assert response.status_code == 200
    assert CONSENT_WORDING[CONSENT_VERSION] in html
    consent = re.search(r'<input[^>]*name="consent"[^>]*>', html).group(0)
    assert 'type="checkbox"' in consent and "checked" not in consent
    assert 'value="ada@example.com"' in html


def test_footer_box_on_every_page_leads_to_the_subscribe_form(client):
    html = client.get("/news/").content.decode()

    assert f'action="{SUBSCRIBE}"' in html


def test_subscribing_saves_a_pending_subscription_and_emails_a_confirmation_link(client):
    area = infection()

    response = subscribe(client, "Ada@Example.com", focal_areas=[area.pk], frequency="monthly")

    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter_check_inbox")
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "ada@example.com"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.frequency == "monthly"
    assert list(subscriber.focal_areas.all()) == [area]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@example.com"]
    assert "/newsletter/confirm/" in mail.outbox[0].body
    record = ConsentRecord.objects.get()
    assert (record.action, record.method) == ("subscribe", "form")
    assert record.wording_version == CONSENT_VERSION
    assert record.ip_address == "127.0.0.1"
    assert record.details == {"frequency": "monthly", "focal_areas": ["infection"]}


def test_subscribing_without_ticking_consent_shows_an_error_and_saves_nothing(client):
    response = client.post(SUBSCRIBE, {"email": "ada@example.com", "frequency": "weekly"})

    assert response.status_code == 200
    assert "Tick the box to agree to receive the newsletter" in response.content.decode()
    assert 'href="#id_consent"' in response.content.decode()
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_an_invalid_email_is_explained(client):
    response = subscribe(client, "not-an-email")

    assert "Enter an email address in the correct format" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_a_known_address_gets_the_same_answer_and_is_left_as_it_is(client):
    SubscriberFactory(email="ada@example.com", frequency="weekly")

    response = subscribe(client, "ada@example.com", frequency="monthly")

    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter_check_inbox")
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.ACTIVE
    assert subscriber.frequency == "weekly"
    assert len(mail.outbox) == 1
    assert "already receives it" in mail.outbox[0].body
    assert "/newsletter/preferences/" in mail.outbox[0].body


def test_confirm_link_shows_a_button_and_a_get_does_not_confirm(client):
    subscribe(client)
    url = link_in(mail.outbox[0], "confirm")

    response = client.get(url)

    assert response.status_code == 200
    assert "Confirm subscription" in response.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_posting_the_confirm_form_activates_the_subscription_and_records_it(client):
    subscribe(client)
    url = link_in(mail.outbox[0], "confirm")

    response = client.post(url)

    assert response.status_code == 200
    assert "Subscription confirmed" in response.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.ACTIVE
    assert subscriber.confirmed_at is not None
    assert list(subscriber.consents.values_list("action", flat=True)) == ["confirm", "subscribe"]


def test_a_tampered_confirm_token_is_refused(client):
    subscribe(client)
    url = link_in(mail.outbox[0], "confirm")
    other = SubscriberFactory(status=Subscriber.Status.PENDING)
    forged = url.replace(f"/confirm/{Subscriber.objects.first().pk}:", f"/confirm/{other.pk}:")

    assert client.post(forged).status_code == 400
    assert client.post(url[:-3] + "xx/").status_code == 400
    other.refresh_from_db()
    assert other.status == Subscriber.Status.PENDING


def test_a_preferences_token_cannot_confirm(client):
    subscriber = SubscriberFactory(status=Subscriber.Status.PENDING)
    token = tokens.make_token(subscriber.pk, tokens.PREFERENCES)

    assert client.post(f"/newsletter/confirm/{token}/").status_code == 400


def test_an_expired_confirm_link_says_so(client):
    subscriber = SubscriberFactory(status=Subscriber.Status.PENDING)
    # A genuine token signed eight days ago (TimestampSigner keeps the time in the token).
    signer = tokens._signer(tokens.CONFIRM)
    eight_days_ago = signing.b62_encode(int(timezone.now().timestamp()) - 8 * 86400)
    value = f"{subscriber.pk}:{eight_days_ago}"
    expired = f"{value}:{signer.signature(value)}"

    response = client.post(f"/newsletter/confirm/{expired}/")

    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_too_many_requests_for_one_address_are_refused(client, settings):
    settings.NEWSLETTER_RATE_LIMIT_EMAIL = 2
    email = f"limit-{timezone.now().timestamp()}@example.com"

    assert subscribe(client, email).status_code == 302
    assert subscribe(client, email).status_code == 302
    response = subscribe(client, email)

    assert response.status_code == 429
    assert "Too many subscription requests" in response.content.decode()
    assert len(mail.outbox) == 2


def test_too_many_requests_from_one_ip_are_refused(client, settings):
    settings.NEWSLETTER_RATE_LIMIT_IP = 2
    ip = f"203.0.113.{int(timezone.now().timestamp()) % 250 + 1}"
    address = f"{timezone.now().timestamp()}"

    for n in range(2):
        response = client.post(
            SUBSCRIBE,
            {"email": f"p{n}-{address}@example.com", "frequency": "weekly", "consent": "on"},
            REMOTE_ADDR=ip,
        )
        assert response.status_code == 302
    response = client.post(
        SUBSCRIBE,
        {"email": f"p3-{address}@example.com", "frequency": "weekly", "consent": "on"},
        REMOTE_ADDR=ip,
    )

    assert response.status_code == 429


def test_broker_down_keeps_the_subscription_and_the_sweep_sends_the_confirmation(
    client, monkeypatch
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(send_email, "delay", broker_down)

    response = subscribe(client)

    assert response.status_code == 302
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    assert mail.outbox == []
    email = OutgoingEmail.objects.get(template="newsletter_confirm")
    assert email.status == OutgoingEmail.Status.PENDING

    monkeypatch.undo()
    OutgoingEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - timedelta(hours=1))
    send_pending_emails.apply()

    assert len(mail.outbox) == 1
    assert "/newsletter/confirm/" in mail.outbox[0].body


def test_unconfirmed_subscriptions_expire_after_seven_days():
    old = SubscriberFactory(status=Subscriber.Status.PENDING, confirmed_at=None)
    Subscriber.objects.filter(pk=old.pk).update(requested_at=timezone.now() - timedelta(days=8))
    returning = SubscriberFactory(status=Subscriber.Status.PENDING)
    Subscriber.objects.filter(pk=returning.pk).update(
        requested_at=timezone.now() - timedelta(days=8)
    )
    recent = SubscriberFactory(status=Subscriber.Status.PENDING, confirmed_at=None)

    assert expire_unconfirmed.apply().get() == 2

    assert not Subscriber.objects.filter(pk=old.pk).exists()
    assert Subscriber.objects.get(pk=returning.pk).status == Subscriber.Status.UNSUBSCRIBED
    assert Subscriber.objects.get(pk=recent.pk).status == Subscriber.Status.PENDING


def test_a_curator_import_invites_each_address_and_subscribes_nobody_yet():
    count = services.subscribers_import(
        emails=["a@example.com", "b@example.com"], focal_areas=[], frequency="weekly"
    )

    assert count == 2
    assert set(Subscriber.objects.values_list("status", flat=True)) == {"pending"}
    assert len(mail.outbox) == 2
    assert set(ConsentRecord.objects.values_list("method", flat=True)) == {"admin_import"}
