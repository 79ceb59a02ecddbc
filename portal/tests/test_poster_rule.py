"""The poster-name rule (``Opportunity.poster_shown_to``) on every channel that names who
posted an opportunity: pages, Atom, iCalendar, exports, JSON-LD, alert emails, digests
and brokerage pages.

An anonymous opportunity names its organisation only to its members, curators and
organisations whose interest it accepted; a members-only organisation is named only to
signed-in people. Feeds, calendars, JSON-LD, digests and alerts are read by anyone.
"""

import json
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from icalendar import Calendar

from accounts.models import Organisation
from accounts.services import user_export
from accounts.tests.factories import OrganisationFactory, UserFactory, sign_in_with_two_factor
from assets.tests.factories import AssetFactory
from brokerage.tests.factories import matchmaking_for, participant_in
from matching import services as match_services
from matching.models import Match
from newsletter.content import digest_content
from newsletter.tests.factories import DigestFactory
from opportunities import services
from opportunities.models import ANONYMOUS_POSTER, MEMBERS_ONLY_POSTER, Viewer
from opportunities.tests.factories import (
    ExpressionOfInterestFactory,
    OpportunityFactory,
    member_of,
)

pytestmark = pytest.mark.django_db

HIDDEN = "Hidden Widgets Ltd"
QUIET = "Quiet Members Ltd"
OPEN = "Open Coatings Ltd"


@pytest.fixture
def posters():
    """Three published events: one anonymous, one by a members-only organisation, one
    by a public organisation (events, so that they are in every channel)."""
    return {
        "anonymous": OpportunityFactory(
            title="Anonymous day",
            event=True,
            is_anonymous=True,
            organisation=OrganisationFactory(name=HIDDEN, slug="hidden-widgets"),
        ),
        "members": OpportunityFactory(
            title="Quiet day",
            event=True,
            organisation=OrganisationFactory(
                name=QUIET, slug="quiet-members", visibility=Organisation.Visibility.MEMBERS
            ),
        ),
        "public": OpportunityFactory(
            title="Open day",
            event=True,
            organisation=OrganisationFactory(name=OPEN, slug="open-coatings"),
        ),
    }


def assert_public_view(text):
    """Only the public organisation is named; the others by their placeholders."""
    assert HIDDEN not in text and "hidden-widgets" not in text
    assert QUIET not in text and "quiet-members" not in text
    assert OPEN in text


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


# The rule itself.


def test_the_rule_for_each_kind_of_viewer(posters):
    anonymous, members, public = posters["anonymous"], posters["members"], posters["public"]
    outsider = member_of()
    own = member_of(anonymous.organisation)
    curator = UserFactory(is_staff=True)
    curator.two_factor_session = True
    staff_without_two_factor = UserFactory(is_staff=True)

    for viewer in [None, AnonymousUser(), Viewer()]:
        assert anonymous.poster_shown_to(viewer).name == ANONYMOUS_POSTER
        assert members.poster_shown_to(viewer).name == MEMBERS_ONLY_POSTER
        assert public.poster_shown_to(viewer).name == OPEN
    for viewer in [outsider, staff_without_two_factor, outsider.organisations.get()]:
        assert anonymous.poster_shown_to(viewer).name == ANONYMOUS_POSTER
        assert members.poster_shown_to(viewer).name == QUIET
    for viewer in [own, curator, anonymous.organisation]:
        shown = anonymous.poster_shown_to(viewer)
        assert shown.name == HIDDEN and shown.organisation == anonymous.organisation
        assert shown.anonymous_to_others
    hidden = anonymous.poster_shown_to(outsider)
    assert hidden.organisation is None and hidden.url == "" and HIDDEN not in hidden.link


def test_an_accepted_interest_reveals_an_anonymous_poster_to_that_organisation_only(posters):
    anonymous = posters["anonymous"]
    interested, other = member_of(), member_of()
    interest = ExpressionOfInterestFactory(
        opportunity=anonymous, organisation=interested.organisations.get(), sent_by=interested
    )
    assert anonymous.poster_shown_to(interested).name == ANONYMOUS_POSTER

    services.interest_accept(interest=interest, by=member_of(anonymous.organisation))

    assert anonymous.poster_shown_to(interested).name == HIDDEN
    assert anonymous.poster_shown_to(interested.organisations.get()).name == HIDDEN
    assert anonymous.poster_shown_to(other).name == ANONYMOUS_POSTER


def test_a_viewer_asks_the_database_at_most_twice_for_any_number_of_posters(
    posters, django_assert_num_queries
):
    more = [OpportunityFactory(is_anonymous=True) for _ in range(5)]
    viewer = Viewer(member_of())

    with django_assert_num_queries(2):
        for opportunity in [posters["anonymous"], *more]:
            assert opportunity.poster_shown_to(viewer).name == ANONYMOUS_POSTER


# Pages.


@pytest.mark.parametrize("url", ["/opportunities/", "/events/", "/"])
def test_lists_show_the_rule_to_each_viewer(client, posters, url):
    html = client.get(url).content.decode()
    assert_public_view(html)
    assert ANONYMOUS_POSTER in html and MEMBERS_ONLY_POSTER in html

    client.force_login(member_of())
    html = client.get(url).content.decode()
    assert HIDDEN not in html and QUIET in html and OPEN in html

    client.force_login(member_of(posters["anonymous"].organisation))
    assert HIDDEN in client.get(url).content.decode()


def test_the_detail_page_shows_the_rule_to_each_viewer(client, posters):
    anonymous, members = posters["anonymous"], posters["members"]
    assert QUIET not in client.get(members.get_absolute_url()).content.decode()
    assert HIDDEN not in client.get(anonymous.get_absolute_url()).content.decode()

    client.force_login(member_of())
    assert QUIET in client.get(members.get_absolute_url()).content.decode()
    assert HIDDEN not in client.get(anonymous.get_absolute_url()).content.decode()

    sign_in_with_two_factor(client, UserFactory(is_staff=True))
    html = client.get(anonymous.get_absolute_url()).content.decode()
    assert HIDDEN in html and "(shown as anonymous to others)" in html


def test_the_asset_page_lists_opportunities_by_the_rule(client, posters):
    asset = AssetFactory(slug="lab")
    for opportunity in posters.values():
        opportunity.related_assets.add(asset)

    html = client.get(asset.get_absolute_url()).content.decode()

    assert "Anonymous day" in html and "Quiet day" in html
    assert_public_view(html)


# Feeds and machine-readable data: read by anyone, whoever fetches them.


def test_the_atom_feed_names_posters_as_anyone_sees_them(client, posters):
    sign_in_with_two_factor(client, UserFactory(is_staff=True))  # a curator changes nothing

    feed = client.get("/feeds/opportunities/").content.decode()

    assert_public_view(feed)
    assert f"<name>{ANONYMOUS_POSTER}</name>" in feed
    assert f"<name>{MEMBERS_ONLY_POSTER}</name>" in feed
    assert f"<name>{OPEN}</name>" in feed


def test_the_icalendar_names_posters_as_anyone_sees_them(client, posters):
    client.force_login(member_of(posters["anonymous"].organisation))

    calendar = Calendar.from_ical(client.get("/events.ics").content)
    described = {str(e["SUMMARY"]): str(e["DESCRIPTION"]) for e in calendar.walk("VEVENT")}

    assert_public_view(" ".join(described.values()))
    assert described["Anonymous day"].endswith(f"Organised by {ANONYMOUS_POSTER}.")
    assert described["Quiet day"].endswith(f"Organised by {MEMBERS_ONLY_POSTER}.")
    assert described["Open day"].endswith(f"Organised by {OPEN}.")


@pytest.mark.parametrize("who", ["visitor", "member", "own member"])
def test_json_ld_names_only_a_public_poster_whoever_views_the_page(client, posters, who):
    if who == "member":
        client.force_login(member_of())
    if who == "own member":
        client.force_login(member_of(posters["anonymous"].organisation))

    data = {
        name: json_ld(client.get(o.get_absolute_url()).content.decode())
        for name, o in posters.items()
    }

    assert "organizer" not in data["anonymous"] and "organizer" not in data["members"]
    assert data["public"]["organizer"] == {
        "@type": "Organization",
        "name": OPEN,
        "url": f"{settings.SITE_URL}/organisations/open-coatings/",
    }


# Exports, emails and digests.


def test_the_data_export_names_an_anonymous_poster_only_once_it_accepted(posters):
    # "Download my data" is the portal's export that names posters (no CSV export of
    # opportunities exists; the brokerage's meetings CSV names participants only).
    anonymous = posters["anonymous"]
    anonymous.posted_by = member_of(anonymous.organisation)
    anonymous.save()
    interested = member_of()
    interest = ExpressionOfInterestFactory(
        opportunity=anonymous, organisation=interested.organisations.get(), sent_by=interested
    )
    [sent] = user_export(user=interested)["expressions_of_interest_sent"]
    assert sent["posted_by"] == ANONYMOUS_POSTER
    assert HIDDEN not in json.dumps(user_export(user=interested))

    services.interest_accept(interest=interest, by=anonymous.posted_by)

    [sent] = user_export(user=interested)["expressions_of_interest_sent"]
    assert sent["posted_by"] == HIDDEN
    [posted] = user_export(user=anonymous.posted_by)["opportunities_posted"]
    assert posted["organisation"] == HIDDEN


def test_the_match_alert_email_names_posters_as_anyone_sees_them(
    posters, mailoutbox, django_capture_on_commit_callbacks
):
    member = member_of(match_alerts="daily")
    for opportunity in posters.values():
        Match(
            opportunity=opportunity,
            target_type=Match.TargetType.ORGANISATION,
            target_organisation=member.organisations.get(),
            score=5,
            target_reasons=["shared keywords: assays"],
        ).save()

    with django_capture_on_commit_callbacks(execute=True):
        assert match_services.match_alerts_send(frequency="daily") == 1

    [message] = mailoutbox
    for text in [message.subject, message.body, message.alternatives[0][0]]:
        assert HIDDEN not in text and QUIET not in text
    for text in [message.body, message.alternatives[0][0]]:
        assert ANONYMOUS_POSTER in text and MEMBERS_ONLY_POSTER in text and OPEN in text


def test_the_digest_names_posters_as_anyone_sees_them(posters):
    for opportunity in posters.values():
        opportunity.kind = "partner_search"
        opportunity.deadline = opportunity.ends_at
        opportunity.save()

    content = digest_content(DigestFactory())

    metas = {item.title: item.meta for item in content.opportunities}
    assert_public_view(" ".join(metas.values()))
    assert metas["Anonymous day"].startswith(ANONYMOUS_POSTER)
    assert metas["Quiet day"].startswith(MEMBERS_ONLY_POSTER)


def test_the_accepted_email_names_the_anonymous_poster_and_the_decline_does_not(
    posters, mailoutbox, django_capture_on_commit_callbacks
):
    anonymous = posters["anonymous"]
    poster = member_of(anonymous.organisation)
    accepted_by = member_of(email="ada@example.com")
    declined_by = member_of(email="bob@example.com")
    for user, decide in [
        (accepted_by, services.interest_accept),
        (declined_by, services.interest_decline),
    ]:
        interest = ExpressionOfInterestFactory(
            opportunity=anonymous, organisation=user.organisations.get(), sent_by=user
        )
        with django_capture_on_commit_callbacks(execute=True):
            decide(interest=interest, by=poster)

    to = {m.to[0]: m.subject + m.body + m.alternatives[0][0] for m in mailoutbox}
    assert HIDDEN in to["ada@example.com"]
    assert HIDDEN not in to["bob@example.com"]


# Brokerage.


def test_a_participants_anonymous_opportunity_is_listed_only_to_those_who_may_know(client):
    matchmaking = matchmaking_for()
    other = participant_in(matchmaking)
    anonymous = OpportunityFactory(
        title="Our anonymous search", is_anonymous=True, organisation=other.organisation
    )
    named = OpportunityFactory(title="Our open search", organisation=other.organisation)
    other.opportunities.set([anonymous, named])
    url = reverse("brokerage:participant", args=[matchmaking.event.slug, other.pk])

    client.force_login(participant_in(matchmaking).user)
    html = client.get(url).content.decode()
    assert "Our open search" in html and "Our anonymous search" not in html

    client.force_login(participant_in(matchmaking, organisation=other.organisation).user)
    assert "Our anonymous search" in client.get(url).content.decode()
