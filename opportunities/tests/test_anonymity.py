"""An anonymous opportunity never names its organisation to anyone who may not know it."""

import json
import re

import pytest
from django.core import mail

from accounts.tests.factories import OrganisationFactory, UserFactory, sign_in_with_two_factor
from opportunities import services
from opportunities.tests.factories import (
    ExpressionOfInterestFactory,
    OpportunityFactory,
    member_of,
)

pytestmark = pytest.mark.django_db

SECRET = "Secret Widgets Ltd"


@pytest.fixture
def anonymous():
    return OpportunityFactory(
        title="Hidden search",
        is_anonymous=True,
        organisation=OrganisationFactory(name=SECRET, slug="secret-widgets"),
        event=True,
    )


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


@pytest.mark.parametrize("who", ["visitor", "member of another organisation"])
def test_the_page_lists_and_json_ld_never_name_it(client, anonymous, who):
    if who != "visitor":
        client.force_login(member_of())

    for url in [anonymous.get_absolute_url(), "/opportunities/", "/events/", "/"]:
        html = client.get(url).content.decode()
        assert SECRET not in html, url
        assert "secret-widgets" not in html, url
    detail = client.get(anonymous.get_absolute_url()).content.decode()
    assert "An organisation (anonymous)" in detail
    data = json_ld(detail)
    assert data["@type"] == "Event" and "organizer" not in data


def test_json_ld_names_a_public_posters_organisation(client):
    opportunity = OpportunityFactory(organisation__name="Open Coatings")

    data = json_ld(client.get(opportunity.get_absolute_url()).content.decode())

    assert data["seller"]["name"] == "Open Coatings"


def test_its_own_members_and_curators_see_the_name(client, anonymous):
    client.force_login(member_of(anonymous.organisation))
    assert SECRET in client.get(anonymous.get_absolute_url()).content.decode()

    sign_in_with_two_factor(client, UserFactory(is_staff=True))
    assert SECRET in client.get(anonymous.get_absolute_url()).content.decode()


def test_the_name_is_shown_only_after_an_accepted_interest(
    client, anonymous, django_capture_on_commit_callbacks
):
    interested = member_of(email="ivy@example.com")
    poster = member_of(anonymous.organisation, email="poster@example.com")
    interest = ExpressionOfInterestFactory(
        opportunity=anonymous, organisation=interested.organisations.get(), sent_by=interested
    )
    client.force_login(interested)
    assert SECRET not in client.get(anonymous.get_absolute_url()).content.decode()
    assert SECRET not in client.get(interest.get_absolute_url()).content.decode()
    assert SECRET not in client.get("/dashboard/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.interest_accept(interest=interest, by=poster)

    assert SECRET in client.get(anonymous.get_absolute_url()).content.decode()
    assert SECRET in client.get("/dashboard/").content.decode()
    to_interested = next(m for m in mail.outbox if m.to == ["ivy@example.com"])
    assert SECRET in to_interested.body


def test_a_decline_email_does_not_name_it(anonymous, django_capture_on_commit_callbacks):
    interested = member_of(email="ivy@example.com")
    poster = member_of(anonymous.organisation)
    interest = ExpressionOfInterestFactory(
        opportunity=anonymous, organisation=interested.organisations.get()
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.interest_decline(interest=interest, by=poster)

    [message] = mail.outbox
    assert SECRET not in message.subject + message.body
    assert SECRET not in message.alternatives[0][0]


@pytest.mark.parametrize("profile", ["public", "members"])
def test_a_members_only_poster_is_named_and_linked_only_for_signed_in_visitors(client, profile):
    # The poster-name rule: a members-only organisation's name (not only its profile
    # link) is for signed-in people; search engines (JSON-LD) are anyone.
    organisation = OrganisationFactory(
        name="Quiet Coatings", slug="quiet-coatings", visibility=profile
    )
    opportunity = OpportunityFactory(title="Open search", organisation=organisation)
    link = 'href="/organisations/quiet-coatings/"'

    html = client.get(opportunity.get_absolute_url()).content.decode()
    data = json_ld(html)

    if profile == "public":
        assert "Quiet Coatings" in html and link in html
        assert data["seller"]["name"] == "Quiet Coatings"
        assert data["seller"]["url"].endswith("/organisations/quiet-coatings/")
    else:
        assert "Quiet Coatings" not in html and link not in html
        assert "A member organisation" in html
        assert "seller" not in data
    assert client.get("/organisations/quiet-coatings/").status_code == (
        200 if profile == "public" else 404
    )
    client.force_login(member_of())
    html = client.get(opportunity.get_absolute_url()).content.decode()
    assert "Quiet Coatings" in html and link in html
    assert ("seller" in json_ld(html)) == (profile == "public")
    assert client.get("/organisations/quiet-coatings/").status_code == 200
