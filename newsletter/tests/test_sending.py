"""Sending a digest: exactly once, to the right people, with the right sections.

These run the Celery tasks in the test process (eagerly) against a real SMTP server;
test_worker.py runs the same path on a real worker process and kills it.
"""

import re
from datetime import timedelta
from email import message_from_bytes
from email.policy import default

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Organisation
from accounts.tests.factories import OrganisationFactory
from assets.tests.factories import AssetFactory
from newsletter import content, services, tokens
from newsletter.models import Delivery, Digest, Subscriber
from newsletter.sending import (
    LinkMaker,
    PreparedEdition,
    TransientSendError,
    build_message,
    deliveries_send_batch,
)
from newsletter.tasks import send_digest_batch, sweep_deliveries
from newsletter.tests.factories import DigestFactory, NewsPostFactory, SubscriberFactory
from opportunities.models import Opportunity
from opportunities.tests.factories import OpportunityFactory
from portal.models import FocalArea

pytestmark = pytest.mark.django_db(transaction=True)


def area(slug, name):
    return FocalArea.objects.get_or_create(slug=slug, defaults={"name": name})[0]


@pytest.fixture
def areas():
    return area("infection", "Infection"), area("materials-chemistry", "Materials chemistry")


@pytest.fixture
def opportunities(areas):
    infection, materials = areas
    vaccine = OpportunityFactory(title="Vaccine trial partner wanted")
    vaccine.focal_areas.set([infection])
    robot = OpportunityFactory(title="Robot chemist capability offer")
    robot.focal_areas.set([materials])
    return vaccine, robot


def plain(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def html(message):
    return message.get_body(preferencelist=("html",)).get_content()


def by_recipient(sink):
    return {item["rcpt"][0]: item["message"] for item in sink.messages}


def send(digest=None):
    digest = digest or DigestFactory()
    services.digest_send(digest=digest)
    digest.refresh_from_db()
    return digest


def test_n_subscribers_get_exactly_n_messages_one_each_with_their_own_token(
    sink, opportunities, areas
):
    infection, materials = areas
    subscribers = [SubscriberFactory(focal_areas=[infection]) for _ in range(5)]
    subscribers += [SubscriberFactory(focal_areas=[materials]) for _ in range(4)]
    subscribers += [SubscriberFactory() for _ in range(3)]

    digest = send()

    assert sink.count() == 12
    assert sorted(sink.recipients()) == sorted(s.email for s in subscribers)
    assert digest.status == Digest.Status.SENT
    assert (digest.sent_count, digest.total_count) == (12, 12)
    received = by_recipient(sink)
    for subscriber in subscribers:
        message = received[subscriber.email]
        token = re.search(r"/newsletter/unsubscribe/([^/>]+)/", message["List-Unsubscribe"])[1]
        assert tokens.read_token(token, tokens.UNSUBSCRIBE) == subscriber.pk
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert f"/newsletter/unsubscribe/{token}/" in plain(message)
        assert f"/newsletter/unsubscribe/{token}/" in html(message)
        assert subscriber.email in plain(message)


def test_each_subscriber_gets_their_focal_areas_first_and_the_rest_after(
    sink, opportunities, areas
):
    infection, materials = areas
    ada = SubscriberFactory(email="ada@example.com", focal_areas=[infection])
    bob = SubscriberFactory(email="bob@example.com")

    send()

    received = by_recipient(sink)
    ada_text = plain(received[ada.email])
    for_you, others = ada_text.split("OTHER OPPORTUNITIES")
    assert "FOR YOU" in for_you and "Vaccine trial partner wanted" in for_you
    assert "Robot chemist capability offer" in others
    assert "Chosen for you: Infection" in ada_text
    bob_text = plain(received[bob.email])
    assert "FOR YOU" not in bob_text
    assert "Vaccine trial partner wanted" in bob_text and "Robot chemist" in bob_text
    assert "For you: opportunities in your focal areas" in html(received[ada.email])


def test_a_subscriber_with_nothing_new_in_their_areas_still_gets_the_general_section(sink, areas):
    infection, materials = areas
    robot = OpportunityFactory(title="Robot chemist capability offer")
    robot.focal_areas.set([materials])
    SubscriberFactory(email="ada@example.com", focal_areas=[infection])

    send()

    text = plain(sink.messages[0]["message"])
    assert "FOR YOU" not in text
    assert "Robot chemist capability offer" in text


def test_the_digest_has_events_facilities_and_news_with_absolute_links(sink, settings):
    settings.SITE_URL = "https://portal.example.org"
    OpportunityFactory(
        title="Open day at the Materials Innovation Factory",
        kind=Opportunity.Kind.EVENT,
        starts_at=timezone.now() + timedelta(days=3),
        ends_at=timezone.now() + timedelta(days=3, hours=2),
    )
    NewsPostFactory(title="Hartree Centre opens new wing")
    AssetFactory(name="Cryo electron microscope")
    SubscriberFactory()

    send()

    message = sink.messages[0]["message"]
    text = plain(message)
    assert "UPCOMING EVENTS" in text and "Open day at the Materials Innovation Factory" in text
    assert "NEW AND UPDATED FACILITIES" in text and "Cryo electron microscope" in text
    assert "NEWS" in text and "Hartree Centre opens new wing" in text
    body = html(message)
    assert 'href="https://portal.example.org/news/' in body
    assert 'role="presentation"' in body
    assert message["List-Unsubscribe"].startswith("<https://portal.example.org/newsletter/")


def test_drafts_and_members_only_organisations_never_appear(sink):
    OpportunityFactory(title="Secret draft", status=Opportunity.Status.DRAFT)
    private = OrganisationFactory(
        name="Quiet Members Ltd", visibility=Organisation.Visibility.MEMBERS
    )
    OpportunityFactory(title="Public call", organisation=private)
    SubscriberFactory()

    send()

    text = plain(sink.messages[0]["message"])
    assert "Secret draft" not in text
    assert "Public call" in text
    assert "Quiet Members Ltd" not in text


def test_an_anonymous_opportunity_never_names_its_organisation():
    opportunity = OpportunityFactory(organisation=OrganisationFactory(name="Hidden Ltd"))
    opportunity.is_anonymous = True  # the field the opportunities issue adds

    assert content.organisation_label(opportunity) == "An organisation (anonymous)"


def test_running_the_send_again_sends_nothing(sink, opportunities):
    for _ in range(4):
        SubscriberFactory()
    digest = send()
    assert sink.count() == 4

    assert services.digest_send(digest=digest) == 0
    # Even forcing every step again: the rows exist and are all sent.
    Digest.objects.filter(pk=digest.pk).update(status=Digest.Status.SENDING)
    area_sets = services.subscriber_area_sets(digest.frequency)
    editions = services.digest_render_editions(digest=digest, area_sets=area_sets.values())
    services.deliveries_create(digest=digest, area_sets=area_sets, editions=editions)
    ids = list(digest.deliveries.values_list("pk", flat=True))
    send_digest_batch.apply(args=[digest.pk, ids])
    sweep_deliveries.apply()

    assert sink.count() == 4
    assert digest.deliveries.count() == 4


def test_unsubscribed_unconfirmed_and_bounced_subscribers_get_nothing(sink, opportunities):
    active = SubscriberFactory()
    SubscriberFactory(status=Subscriber.Status.UNSUBSCRIBED)
    SubscriberFactory(status=Subscriber.Status.PENDING, confirmed_at=None)
    SubscriberFactory(status=Subscriber.Status.BOUNCED)
    SubscriberFactory(frequency="monthly")

    send()

    assert sink.recipients() == [active.email]


def test_someone_who_unsubscribes_while_the_digest_is_sending_gets_nothing_more(
    sink, opportunities
):
    subscribers = [SubscriberFactory() for _ in range(6)]
    leaver = subscribers[-1]

    def unsubscribe_after_the_first_message(message):
        if sink.count() == 1:
            services.subscriber_unsubscribe(subscriber=leaver)

    sink.on_message = unsubscribe_after_the_first_message

    digest = send()

    assert leaver.email not in sink.recipients()
    assert sink.count() == 5
    assert digest.deliveries.get(subscriber=leaver).status == Delivery.Status.SKIPPED
    assert digest.status == Digest.Status.SENT


def test_a_permanent_rejection_fails_that_delivery_and_repeated_ones_mark_a_bounce(
    sink, opportunities, settings
):
    settings.NEWSLETTER_BOUNCE_LIMIT = 2
    gone = SubscriberFactory(email="gone@example.com")
    fine = SubscriberFactory(email="fine@example.com")
    sink.refuse.add(gone.email)

    first = send()

    assert sink.recipients() == [fine.email]
    failed = first.deliveries.get(subscriber=gone)
    assert failed.status == Delivery.Status.FAILED and "550" in failed.last_error
    assert first.failed_count == 1
    gone.refresh_from_db()
    assert (gone.status, gone.bounce_count) == (Subscriber.Status.ACTIVE, 1)

    send()

    gone.refresh_from_db()
    assert (gone.status, gone.bounce_count) == (Subscriber.Status.BOUNCED, 2)
    send()
    assert sink.recipients().count(gone.email) == 0
    assert sink.recipients().count(fine.email) == 3


def test_a_mail_server_outage_releases_the_batch_and_the_sweeper_sends_it_later(
    sink, opportunities, settings
):
    subscribers = [SubscriberFactory() for _ in range(3)]
    digest = DigestFactory()
    live_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there
    settings.NEWSLETTER_REQUEUE_SECONDS = 0

    services.digest_send(digest=digest)

    assert sink.count() == 0
    assert set(digest.deliveries.values_list("status", flat=True)) == {"pending"}
    with pytest.raises(TransientSendError):
        deliveries_send_batch(
            digest_id=digest.pk, delivery_ids=list(digest.deliveries.values_list("pk", flat=True))
        )

    settings.EMAIL_PORT = live_port
    assert sweep_deliveries.apply().get() == 3

    assert sorted(sink.recipients()) == sorted(s.email for s in subscribers)
    digest.refresh_from_db()
    assert digest.status == Digest.Status.SENT


def test_the_sweeper_sends_what_a_dead_worker_held_once_its_lease_runs_out(sink, opportunities):
    subscribers = [SubscriberFactory() for _ in range(3)]
    digest = DigestFactory()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(send_digest_batch, "delay", lambda *args: None)  # the broker lost them
        services.digest_send(digest=digest)
    # A worker claimed the rows and died: they are "sending" with a lease.
    digest.deliveries.update(
        status=Delivery.Status.SENDING,
        claim="dead-worker",
        lease_expires_at=timezone.now() + timedelta(minutes=5),
    )

    assert sweep_deliveries.apply().get() == 0  # lease still running: left alone
    assert sink.count() == 0

    digest.deliveries.update(lease_expires_at=timezone.now() - timedelta(seconds=1))
    assert sweep_deliveries.apply().get() == 3

    assert sorted(sink.recipients()) == sorted(s.email for s in subscribers)


def test_a_cancelled_digest_sends_nothing_more(sink, opportunities):
    SubscriberFactory()
    digest = DigestFactory()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(send_digest_batch, "delay", lambda *args: None)
        services.digest_send(digest=digest)

    assert services.digest_cancel(digest=digest)
    send_digest_batch.apply(args=[digest.pk, list(digest.deliveries.values_list("pk", flat=True))])

    assert sink.count() == 0
    assert digest.status == Digest.Status.CANCELLED
    assert set(digest.deliveries.values_list("status", flat=True)) == {"skipped"}


def test_an_issue_with_nothing_in_it_is_not_sent(sink):
    SubscriberFactory()

    digest = send()

    assert sink.count() == 0
    assert digest.status == Digest.Status.CANCELLED
    assert "Nothing new" in digest.note
    assert not digest.deliveries.exists()


def test_each_set_of_focal_areas_is_rendered_once_per_digest(sink, opportunities, areas):
    infection, materials = areas
    for _ in range(5):
        SubscriberFactory(focal_areas=[infection])
    for _ in range(5):
        SubscriberFactory(focal_areas=[infection, materials])
    SubscriberFactory()

    digest = send()

    assert digest.editions.count() == 3
    assert sink.count() == 11


def test_the_prepared_message_matches_the_one_django_would_build(sink, opportunities, areas):
    subscriber = SubscriberFactory(email="ada@example.com", focal_areas=[areas[0]])
    digest = send()
    edition = digest.editions.get()
    links = LinkMaker()

    prepared = PreparedEdition(edition, links)
    fast = prepared.render(subscriber.pk, subscriber.email)
    slow = build_message(edition, subscriber.pk, subscriber.email, links=links).message()

    assert prepared.data is not None
    fast = message_from_bytes(fast, policy=default)
    slow = message_from_bytes(slow.as_bytes(linesep="\r\n"), policy=default)
    for header in ["Subject", "From", "To", "List-Unsubscribe", "List-Unsubscribe-Post"]:
        # The long unsubscribe URL may be folded onto a continuation line: same value.
        assert fast[header].strip() == slow[header].strip()
    assert plain(fast) == plain(slow)
    assert html(fast) == html(slow)
    assert fast["Message-ID"] and fast["Message-ID"] != slow["Message-ID"]


def test_digests_also_go_through_the_ordinary_mail_backends(opportunities):
    SubscriberFactory(email="ada@example.com")

    send()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.com"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.alternatives[0][1] == "text/html"
