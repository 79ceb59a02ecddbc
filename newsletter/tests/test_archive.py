"""The public archive of past digests, its Atom feed, and each digest's figures."""

import re
from xml.etree import ElementTree

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts.tests.factories import curator_user, sign_in_with_two_factor
from newsletter import bounces, services
from newsletter.models import Delivery, Digest, Outcome, Subscriber
from newsletter.tests.factories import DigestFactory, NewsPostFactory, SubscriberFactory
from portal.tests.test_accessibility import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def sent_digest(sink):
    NewsPostFactory(title="Graphene pilot line opens")
    SubscriberFactory(email="private.reader@example.com")
    digest = DigestFactory(subject="Weekly: graphene")
    services.digest_send(digest=digest)
    digest.refresh_from_db()
    assert digest.status == Digest.Status.SENT
    return digest


def test_the_archive_lists_sent_digests_only_and_shows_the_general_edition(client, sent_digest):
    draft = DigestFactory(subject="Draft: not yet")

    listing = client.get("/newsletter/archive/").content.decode()
    page = client.get(f"/newsletter/archive/{sent_digest.pk}/").content.decode()

    assert "Weekly: graphene" in listing
    assert "Draft: not yet" not in listing
    assert client.get(f"/newsletter/archive/{draft.pk}/").status_code == 404
    assert "Graphene pilot line opens" in page
    # Never anyone's own copy: no address, no personal links or placeholders.
    assert "private.reader@example.com" not in page
    assert "/newsletter/unsubscribe/" not in page
    assert "/newsletter/preferences/" not in page
    assert "NEWSLETTER" not in page


def test_every_digest_links_to_its_archive_page(client, sent_digest, sink):
    message = sink.messages[0]["message"]
    html = message.get_body(preferencelist=("html",)).get_content()
    link = re.search(r'<a href="([^"]+)"[^>]*>View in browser</a>', html)[1]

    assert link == f"{settings.SITE_URL}/newsletter/archive/{sent_digest.pk}/"
    assert client.get(link.removeprefix(settings.SITE_URL)).status_code == 200


def test_the_archive_has_an_atom_feed(client, sent_digest):
    response = client.get("/newsletter/archive/feed/")

    assert response["Content-Type"].startswith("application/atom+xml")
    entries = ElementTree.fromstring(response.content).findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Weekly: graphene"]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link.endswith(f"/newsletter/archive/{sent_digest.pk}/")
    listing = client.get("/newsletter/archive/").content.decode()
    assert 'type="application/atom+xml"' in listing


def test_the_admin_shows_each_digests_figures_with_a_chart(client, sink):
    NewsPostFactory()
    readers = [SubscriberFactory() for _ in range(4)]
    digest = DigestFactory()
    services.digest_send(digest=digest)
    bounced, complained, leaving, _ = (Delivery.objects.get(subscriber=r) for r in readers)
    bounces.delivery_event_record(
        event=bounces.Event(
            event_id="1", source="test", outcome=Outcome.BOUNCED, delivery_id=bounced.pk
        )
    )
    bounces.delivery_event_record(
        event=bounces.Event(
            event_id="2", source="test", outcome=Outcome.COMPLAINED, delivery_id=complained.pk
        )
    )
    services.subscriber_unsubscribe(subscriber=Subscriber.objects.get(pk=leaving.subscriber_id))

    assert services.digest_figures(digest=digest) == {
        "sent": 4,
        "failed": 0,
        "bounced": 1,
        "complained": 1,
        "unsubscribed": 1,
    }
    sign_in_with_two_factor(client, curator_user(email="curator@example.com"))
    page = client.get(f"/admin/newsletter/digest/{digest.pk}/change/").content.decode()
    assert 'role="img"' in page
    assert "Sent: 4; Failed: 0; Bounced: 1; Reported as spam: 1; Unsubscribed after it: 1." in page


@pytest.mark.browser
def test_a_reader_browses_the_archive_in_chromium(live_server, page, sent_digest):
    page.goto(live_server.url + "/newsletter/archive/")
    assert not serious_violations(page)

    page.get_by_role("link", name="Weekly: graphene").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Weekly: graphene")
    expect(page.get_by_role("link", name="Graphene pilot line opens")).to_be_visible()
    assert not serious_violations(page)
    page.get_by_role("link", name="Newsletter archive").click()
    expect(page).to_have_url(live_server.url + "/newsletter/archive/")
