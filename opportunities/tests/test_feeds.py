"""The Atom feed and the iCalendar feed: valid, filtered, public only, anonymity kept."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from opportunities.models import Opportunity
from opportunities.tests.factories import OpportunityFactory
from portal.models import FocalArea

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response):
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return {entry.find(f"{ATOM}title").text: entry for entry in root.findall(f"{ATOM}entry")}


def test_atom_feed_lists_public_published_opportunities(client):
    OpportunityFactory(title="Coatings partner", organisation__name="Mersey Coatings")
    OpportunityFactory(title="Draft one", status=Opportunity.Status.DRAFT)
    OpportunityFactory(title="Members one", visibility=Opportunity.Visibility.MEMBERS)

    found = entries(client.get("/feeds/opportunities/"))

    assert list(found) == ["Partner search: Coatings partner"]
    entry = found["Partner search: Coatings partner"]
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "Mersey Coatings"
    assert entry.find(f"{ATOM}link").get("href").endswith("/opportunities/coatings-partner/")


def test_atom_feed_leaves_out_opportunities_past_their_deadline(client):
    OpportunityFactory(title="Still open")
    OpportunityFactory(title="Deadline passed", deadline=timezone.now() - timedelta(hours=1))

    assert list(entries(client.get("/feeds/opportunities/"))) == ["Partner search: Still open"]


def test_atom_feed_filters_by_focal_area_and_kind(client):
    infection = FocalArea.objects.get(slug="infection")
    OpportunityFactory(title="Malaria", kind=Opportunity.Kind.CHALLENGE).focal_areas.add(infection)
    OpportunityFactory(title="Vaccine call", kind=Opportunity.Kind.FUNDING_CALL).focal_areas.add(
        infection
    )
    OpportunityFactory(title="Robots", kind=Opportunity.Kind.CHALLENGE)

    by_area = entries(client.get("/feeds/opportunities/?focal_area=infection"))
    by_both = entries(client.get("/feeds/opportunities/?focal_area=infection&kind=challenge"))

    assert set(by_area) == {"Challenge: Malaria", "Funding call: Vaccine call"}
    assert set(by_both) == {"Challenge: Malaria"}


def test_atom_feed_answers_404_for_unknown_filters(client):
    assert client.get("/feeds/opportunities/?focal_area=astrology").status_code == 404
    assert client.get("/feeds/opportunities/?kind=spaceship").status_code == 404


def test_atom_feed_never_names_an_anonymous_organisation(client):
    OpportunityFactory(title="Hidden", is_anonymous=True, organisation__name="Secret Widgets")

    response = client.get("/feeds/opportunities/")

    assert b"Secret Widgets" not in response.content
    assert (
        entries(response)["Partner search: Hidden"].find(f"{ATOM}author/{ATOM}name").text
        == "An organisation (anonymous)"
    )


def test_events_ics_is_valid_icalendar_with_public_events(client):
    start = timezone.now().replace(microsecond=0) + timedelta(days=5)
    event = OpportunityFactory(
        title="Open day",
        event=True,
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        location="Liverpool",
        is_online=True,
    )
    OpportunityFactory(title="Members event", event=True, visibility="members")
    OpportunityFactory(title="Not an event")

    response = client.get("/events.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0" and "LCR+" in str(calendar["PRODID"])
    events = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Open day"]
    vevent = events[0]
    assert vevent.start == start and vevent.end == start + timedelta(hours=4)
    assert str(vevent["UID"]) == f"opportunity-{event.pk}@127.0.0.1"
    assert str(vevent["URL"]).endswith(event.get_absolute_url())
    assert str(vevent["LOCATION"]) == "Liverpool, Online"
    assert "DTSTAMP" in vevent
    # RFC 5545: CRLF line endings and lines folded at 75 octets.
    assert b"\r\n" in response.content
    assert all(len(line) <= 75 for line in response.content.split(b"\r\n"))


def test_events_ics_never_names_an_anonymous_organisation(client):
    OpportunityFactory(event=True, is_anonymous=True, organisation__name="Secret Widgets")

    response = client.get("/events.ics")

    assert b"Secret Widgets" not in response.content
    assert "anonymous" in str(Calendar.from_ical(response.content).walk("VEVENT")[0]["DESCRIPTION"])


def test_events_page_lists_upcoming_by_date_and_past_separately(client):
    now = timezone.now()
    OpportunityFactory(title="Later event", event=True, starts_at=now + timedelta(days=20))
    OpportunityFactory(title="Sooner event", event=True, starts_at=now + timedelta(days=2))
    OpportunityFactory(
        title="Past event",
        event=True,
        starts_at=now - timedelta(days=5),
        ends_at=now - timedelta(days=5, hours=-2),
        status=Opportunity.Status.EXPIRED,
    )

    response = client.get("/events/")

    assert [o.title for o in response.context["page_obj"]] == ["Sooner event", "Later event"]
    assert [o.title for o in response.context["past"]] == ["Past event"]
    assert 'href="/events.ics"' in response.content.decode()


def test_events_page_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    OpportunityFactory.create_batch(30, event=True)

    with django_assert_max_num_queries(8):
        client.get("/events/")


def test_atom_summaries_are_plain_text_a_reader_cannot_render_as_markup(client):
    """The probe: summaries went into <summary type="html"> unescaped, so feed readers
    rendered markup from them."""
    OpportunityFactory(
        title="Coatings partner",
        summary='<img src=x onerror="alert(1)"> <b>bold</b> & <a href="https://evil.example">x</a>',
    )

    entry = entries(client.get("/feeds/opportunities/"))["Partner search: Coatings partner"]
    summary = entry.find(f"{ATOM}summary")

    assert summary.get("type") == "html"
    # What a reader renders as HTML: the text, with its angle brackets shown, not obeyed.
    assert "<" not in summary.text and ">" not in summary.text
    assert summary.text == (
        "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &lt;b&gt;bold&lt;/b&gt; &amp; "
        "&lt;a href=&quot;https://evil.example&quot;&gt;x&lt;/a&gt;"
    )
