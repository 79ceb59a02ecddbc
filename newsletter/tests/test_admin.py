"""Curators in the admin: write, preview, test, schedule, send, cancel, watch progress."""

import re
from datetime import timedelta

import pytest
from celery.schedules import crontab
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from accounts.tests.factories import UserFactory, curator_user, sign_in_with_two_factor
from newsletter import services
from newsletter.models import Delivery, Digest, Subscriber
from newsletter.tasks import create_periodic_digest, send_due_digests
from newsletter.tests.factories import DigestFactory, NewsPostFactory, SubscriberFactory
from opportunities.tests.factories import OpportunityFactory
from portal.models import FocalArea

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def curator(client):
    # A curator as the README describes one: the Curators group, not a superuser.
    return sign_in_with_two_factor(client, curator_user(email="curator@example.com"))


@pytest.fixture
def news():
    return OpportunityFactory(title="Vaccine trial partner wanted")


def url(digest, name):
    return f"/admin/newsletter/digest/{digest.pk}/{name}/"


def test_a_curator_writes_a_digest_with_a_sensible_period_and_subject(client, curator):
    page = client.get("/admin/newsletter/digest/add/")

    assert page.status_code == 200
    assert "LCR+ newsletter: week of" in page.content.decode()


def test_preview_as_a_subscriber_shows_their_sections_and_real_links(client, curator, news):
    infection = FocalArea.objects.get_or_create(slug="infection", defaults={"name": "Infection"})[0]
    news.focal_areas.set([infection])
    ada = SubscriberFactory(email="ada@example.com", focal_areas=[infection])
    digest = DigestFactory()

    response = client.get(url(digest, "preview") + "?email=ada@example.com")

    text = response.content.decode()
    assert response.status_code == 200
    assert "FOR YOU" in text and "Vaccine trial partner wanted" in text
    assert f"/newsletter/unsubscribe/{ada.pk}:" in text
    assert "preview-html/?email=ada%40example.com" in text
    assert not Delivery.objects.exists()


def test_preview_by_focal_areas_and_an_unknown_email_is_explained(client, curator, news):
    digest = DigestFactory()

    response = client.get(url(digest, "preview") + "?email=nobody@example.com")

    assert "No subscriber has the address nobody@example.com." in response.content.decode()


def test_the_html_preview_may_be_framed_by_the_admin_only_and_runs_no_script(client, curator, news):
    SubscriberFactory()
    digest = DigestFactory()

    response = client.get(url(digest, "preview-html"))

    assert response.status_code == 200
    assert "Vaccine trial partner wanted" in response.content.decode()
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy and "script-src 'none'" in policy


def test_send_a_test_to_yourself(client, curator, news):
    SubscriberFactory()
    digest = DigestFactory(subject="Week 48")

    response = client.post(url(digest, "send-test"))

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["curator@example.com"]
    assert mail.outbox[0].subject == "[Test] Week 48"
    digest.refresh_from_db()
    assert digest.status == Digest.Status.DRAFT


def test_schedule_then_the_minute_task_sends_it_when_due(client, curator, news):
    subscriber = SubscriberFactory()
    digest = DigestFactory()
    when = timezone.localtime() + timedelta(hours=1)

    response = client.post(
        url(digest, "schedule"), {"scheduled_at": when.strftime("%Y-%m-%dT%H:%M")}
    )

    assert response.status_code == 302
    digest.refresh_from_db()
    assert digest.status == Digest.Status.SCHEDULED
    assert send_due_digests.apply().get() == 0
    Digest.objects.filter(pk=digest.pk).update(scheduled_at=timezone.now() - timedelta(minutes=1))
    assert send_due_digests.apply().get() == 1
    assert [m.to for m in mail.outbox] == [[subscriber.email]]


def test_send_now_sends_and_the_page_shows_progress_and_failures(client, curator, news, settings):
    SubscriberFactory(email="ok@example.com")
    digest = DigestFactory()

    response = client.post(url(digest, "send-now"))

    assert response.status_code == 302
    digest.refresh_from_db()
    assert digest.status == Digest.Status.SENT
    progress = client.get(url(digest, "progress")).content.decode()
    assert '<progress id="digest-progress-bar" max="1" value="1">' in progress
    assert "hx-get" not in progress  # finished: no more polling


# Not transactional: the Curators group comes from a data migration, which a transactional
# test's flush removes.
@pytest.mark.django_db
def test_a_member_of_the_curators_group_writes_and_sends_a_digest(
    client, news, django_capture_on_commit_callbacks
):
    curator = UserFactory(email="cora@example.com", is_staff=True)
    curator.groups.add(Group.objects.get(name="Curators"))
    sign_in_with_two_factor(client, curator)
    SubscriberFactory(email="ok@example.com")

    assert client.get("/admin/newsletter/digest/add/").status_code == 200
    digest = DigestFactory()
    assert client.get(f"/admin/newsletter/digest/{digest.pk}/change/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(digest, "send-now"))

    assert response.status_code == 302
    digest.refresh_from_db()
    assert digest.status == Digest.Status.SENT
    assert [m.to for m in mail.outbox] == [["ok@example.com"]]


def test_progress_polls_while_sending_and_lists_failures(client, curator, news):
    subscribers = [SubscriberFactory() for _ in range(3)]
    digest = DigestFactory(status=Digest.Status.SENDING)
    edition = digest.editions.create(areas_key="", subject="s", body_text="t", body_html="h")
    Delivery.objects.create(
        digest=digest, subscriber=subscribers[0], edition=edition, status="sent"
    )
    Delivery.objects.create(
        digest=digest,
        subscriber=subscribers[1],
        edition=edition,
        status="failed",
        last_error="550 5.1.1 No such user",
    )
    Delivery.objects.create(digest=digest, subscriber=subscribers[2], edition=edition)

    progress = client.get(url(digest, "progress")).content.decode()
    page = client.get(f"/admin/newsletter/digest/{digest.pk}/change/").content.decode()

    assert 'hx-get="/admin/newsletter/digest/' in progress and 'hx-trigger="every 2s"' in progress
    assert '<progress id="digest-progress-bar" max="3" value="2">' in progress
    assert "1 sent, 1 failed" in progress
    assert subscribers[1].email in progress and "550 5.1.1 No such user" in progress
    assert 'id="digest-progress"' in page
    assert re.search(r"/static/vendor/htmx\.min\.[0-9a-f]{12}\.js", page)


def test_cancel_stops_a_scheduled_digest(client, curator, news):
    SubscriberFactory()
    digest = DigestFactory(status=Digest.Status.SCHEDULED, scheduled_at=timezone.now())

    client.post(url(digest, "cancel"))
    send_due_digests.apply()

    digest.refresh_from_db()
    assert digest.status == Digest.Status.CANCELLED
    assert mail.outbox == []


def test_sending_controls_refuse_get(client, curator):
    digest = DigestFactory()

    for name in ["send-test", "schedule", "send-now", "cancel"]:
        assert client.get(url(digest, name)).status_code == 405


def test_people_who_are_not_curators_cannot_reach_the_tools(client):
    client.force_login(UserFactory())
    digest = DigestFactory()

    response = client.get(url(digest, "preview"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_import_invites_addresses_from_the_admin(client, curator):
    response = client.post(
        "/admin/newsletter/subscriber/import/",
        {
            "emails": "a@example.com\nb@example.com, a@example.com",
            "frequency": "weekly",
            "asked": "on",
        },
    )

    assert response.status_code == 302
    assert Subscriber.objects.filter(status="pending").count() == 2
    assert len(mail.outbox) == 2


# --- Beat -------------------------------------------------------------------------


def test_beat_schedules_weekly_on_monday_mornings_and_monthly_on_the_first_monday():
    schedule = django_settings.CELERY_BEAT_SCHEDULE
    weekly = schedule["newsletter-weekly-digest"]
    monthly = schedule["newsletter-monthly-digest"]

    assert weekly["args"] == ["weekly"] and monthly["args"] == ["monthly"]
    assert weekly["schedule"] == crontab(minute=0, hour=8, day_of_week="mon")
    assert monthly["schedule"] == crontab(minute=0, hour=8, day_of_week="mon", day_of_month="1-7")
    assert django_settings.CELERY_TIMEZONE == "Europe/London"
    for name in ["newsletter-sweep-deliveries", "newsletter-expire-unconfirmed"]:
        assert schedule[name]["task"].startswith("newsletter.")


def test_the_monday_task_creates_and_sends_the_weekly_digest_once(news):
    weekly = SubscriberFactory()
    SubscriberFactory(frequency="monthly")

    first = create_periodic_digest.apply(args=["weekly"]).get()
    again = create_periodic_digest.apply(args=["weekly"]).get()

    assert first is not None and again is None
    digest = Digest.objects.get()
    assert digest.status == Digest.Status.SENT
    assert [m.to for m in mail.outbox] == [[weekly.email]]


def test_the_next_weekly_digest_starts_where_the_last_one_ended():
    last = DigestFactory(status=Digest.Status.SENT, period_end=timezone.now() - timedelta(days=6))

    start, _end = services.default_period("weekly", timezone.now())

    assert start == last.period_end


def test_a_digest_the_curator_scheduled_is_sent_instead_of_a_new_one(news):
    SubscriberFactory()
    NewsPostFactory()
    prepared = DigestFactory(
        intro="A word from the editor.",
        status=Digest.Status.SCHEDULED,
        scheduled_at=timezone.now() - timedelta(minutes=1),
    )

    assert create_periodic_digest.apply(args=["weekly"]).get() is None

    prepared.refresh_from_db()
    assert prepared.status == Digest.Status.SENT
    assert Digest.objects.count() == 1
    assert "A word from the editor." in mail.outbox[0].body
