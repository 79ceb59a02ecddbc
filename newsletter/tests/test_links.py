"""The links in every email: preferences and (RFC 8058 one-click) unsubscribe."""

import pytest
from allauth.account.models import EmailAddress
from django.template import Context, Template
from django.test import Client, RequestFactory

from accounts.tests.factories import UserFactory
from newsletter import services, tokens
from newsletter.models import ConsentRecord, Delivery, Subscriber
from newsletter.tests.factories import DigestFactory, SubscriberFactory
from portal.models import FocalArea

pytestmark = pytest.mark.django_db


def area(slug="infection"):
    return FocalArea.objects.get_or_create(slug=slug, defaults={"name": slug.title()})[0]


def unsubscribe_path(subscriber):
    return f"/newsletter/unsubscribe/{tokens.make_token(subscriber.pk, tokens.UNSUBSCRIBE)}/"


def preferences_path(subscriber):
    return f"/newsletter/preferences/{tokens.make_token(subscriber.pk, tokens.PREFERENCES)}/"


def test_one_click_post_without_cookies_or_csrf_unsubscribes_with_a_200():
    subscriber = SubscriberFactory()
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        unsubscribe_path(subscriber),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    assert not response.cookies
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    record = subscriber.consents.get()
    assert (record.action, record.method) == ("unsubscribe", "one_click")


def test_unsubscribing_twice_is_harmless():
    subscriber = SubscriberFactory()
    client = Client(enforce_csrf_checks=True)

    first = client.post(unsubscribe_path(subscriber), {"List-Unsubscribe": "One-Click"})
    second = client.post(unsubscribe_path(subscriber), {"List-Unsubscribe": "One-Click"})

    assert first.status_code == second.status_code == 200
    assert subscriber.consents.count() == 1


def test_get_on_the_unsubscribe_link_asks_and_does_not_unsubscribe(client):
    subscriber = SubscriberFactory()

    response = client.get(unsubscribe_path(subscriber))

    assert response.status_code == 200
    assert "Unsubscribe from the LCR+ newsletter?" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE


def test_a_tampered_unsubscribe_token_is_refused():
    subscriber = SubscriberFactory()
    victim = SubscriberFactory()
    token = tokens.make_token(subscriber.pk, tokens.UNSUBSCRIBE)
    forged = f"{victim.pk}:{token.split(':', 1)[1]}"
    client = Client(enforce_csrf_checks=True)

    assert client.post(f"/newsletter/unsubscribe/{forged}/").status_code == 400
    assert client.post(f"/newsletter/unsubscribe/{token}x/").status_code == 400
    assert client.get(f"/newsletter/unsubscribe/{forged}/").status_code == 400
    assert Subscriber.objects.filter(status=Subscriber.Status.ACTIVE).count() == 2


def test_a_preferences_token_cannot_unsubscribe():
    subscriber = SubscriberFactory()
    token = tokens.make_token(subscriber.pk, tokens.PREFERENCES)

    response = Client().post(f"/newsletter/unsubscribe/{token}/")

    assert response.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE


def test_unsubscribing_skips_deliveries_not_yet_sent():
    subscriber = SubscriberFactory()
    digest = DigestFactory(status="sending")
    edition = digest.editions.create(areas_key="", subject="s", body_text="t", body_html="h")
    delivery = Delivery.objects.create(digest=digest, subscriber=subscriber, edition=edition)

    services.subscriber_unsubscribe(subscriber=subscriber)

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SKIPPED


def test_preferences_page_changes_focal_areas_and_frequency_and_records_it(client):
    subscriber = SubscriberFactory(frequency="weekly")
    infection = area()

    page = client.get(preferences_path(subscriber))
    response = client.post(
        preferences_path(subscriber), {"focal_areas": [infection.pk], "frequency": "monthly"}
    )

    assert page.status_code == 200
    assert subscriber.email in page.content.decode()
    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.frequency == "monthly"
    assert list(subscriber.focal_areas.all()) == [infection]
    record = subscriber.consents.get()
    assert (record.action, record.method) == ("preferences", "email_link")
    assert (
        "Your newsletter preferences are saved."
        in client.get(response["Location"]).content.decode()
    )


def test_preferences_page_offers_one_click_unsubscribe(client):
    subscriber = SubscriberFactory()

    html = client.get(preferences_path(subscriber)).content.decode()

    assert f'action="{unsubscribe_path(subscriber)}"' in html


def test_a_tampered_preferences_token_is_refused(client):
    subscriber = SubscriberFactory()
    token = tokens.make_token(subscriber.pk, tokens.PREFERENCES)

    assert client.get(f"/newsletter/preferences/{token[:-2]}/").status_code == 400
    response = client.post(f"/newsletter/preferences/{token[:-2]}/", {"frequency": "monthly"})
    assert response.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.frequency == "weekly"


def test_preferences_of_an_unsubscribed_address_offer_to_subscribe_again(client):
    subscriber = SubscriberFactory(status=Subscriber.Status.UNSUBSCRIBED)

    response = client.get(preferences_path(subscriber))

    assert "is not subscribed" in response.content.decode()
    assert "Subscribe again" in response.content.decode()


# --- Account settings ---------------------------------------------------------------


def verified_user(email="grace@example.com"):
    user = UserFactory(email=email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def test_signed_in_user_with_a_verified_email_subscribes_in_one_step(client):
    user = verified_user()
    client.force_login(user)
    infection = area()

    response = client.post(
        "/newsletter/account/subscribe/",
        {"focal_areas": [infection.pk], "frequency": "weekly", "consent": "on"},
    )

    assert response.status_code == 302
    subscriber = Subscriber.objects.get(email="grace@example.com")
    assert subscriber.status == Subscriber.Status.ACTIVE
    assert subscriber.user == user
    assert list(subscriber.focal_areas.all()) == [infection]
    assert set(subscriber.consents.values_list("action", "method")) == {
        ("subscribe", "account"),
        ("confirm", "account"),
    }
    assert (
        "You receive the newsletter weekly" in client.get("/newsletter/account/").content.decode()
    )


def test_account_subscribe_needs_the_consent_box(client):
    client.force_login(verified_user())

    response = client.post("/newsletter/account/subscribe/", {"frequency": "weekly"})

    assert response.status_code == 400
    assert "Tick the box to agree to receive the newsletter" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_account_subscribe_needs_a_verified_email(client):
    user = UserFactory()
    client.force_login(user)

    page = client.get("/newsletter/account/")
    response = client.post(
        "/newsletter/account/subscribe/", {"frequency": "weekly", "consent": "on"}
    )

    assert "Verify your email address" in page.content.decode()
    assert response.status_code == 302
    assert not Subscriber.objects.exists()


def test_account_subscribe_refuses_get_and_anonymous_users(client):
    assert client.post("/newsletter/account/subscribe/").status_code == 302
    client.force_login(verified_user())
    assert client.get("/newsletter/account/subscribe/").status_code == 405


def test_account_block_renders_from_its_template_tag_with_an_unticked_consent_box():
    user = verified_user()
    request = RequestFactory().get("/accounts/settings/")
    request.user = user

    html = Template("{% load newsletter_tags %}{% newsletter_account_settings %}").render(
        Context({"request": request})
    )

    assert "The LCR+ newsletter" in html
    assert 'name="consent"' in html and "checked" not in html.split('name="consent"')[1][:40]
    assert 'name="next" value="/accounts/settings/"' in html


def test_consent_records_say_how_each_change_was_made():
    subscriber = SubscriberFactory()
    services.subscriber_unsubscribe(subscriber=subscriber, method=ConsentRecord.Method.ADMIN)

    assert subscriber.consents.get().get_method_display() == "Curator in the admin"
