"""Where matches show: the opportunity page, the asset page, the dashboard."""

import re

import pytest

from accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from assets.tests.factories import AssetFactory
from matching import services as match_services
from opportunities.models import Opportunity
from opportunities.tests.factories import OpportunityFactory
from portal.models import Keyword
from portal.tests.queries import session_read

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    """A published request, a lab and an organisation that fit it, and an offer that does."""
    keywords = Keyword.objects.from_text("insecticide testing, vector control")
    request = OpportunityFactory(title="Bed net trial partner", kind=Opportunity.Kind.CHALLENGE)
    request.keywords.set(keywords)
    lab = AssetFactory(name="Insect testing lab")
    lab.capabilities.set(keywords)
    helper = OrganisationFactory(name="Vector Helpers")
    helper.capabilities.set(keywords)
    offer = OpportunityFactory(title="Insecticide testing offer", kind="capability_offer")
    offer.keywords.set(keywords)
    for opportunity in (request, offer):
        match_services.opportunity_match(opportunity=opportunity)
    return request, lab, helper, offer


def test_visitors_see_facilities_and_fitting_opportunities_with_reasons(client, scene):
    request, *_ = scene

    html = client.get(request.get_absolute_url()).content.decode()

    assert "Facilities that could serve this" in html and "Insect testing lab" in html
    assert "Opportunities that fit this one" in html and "Insecticide testing offer" in html
    assert "they offer what you need" in html
    assert "Organisations that could help" not in html and "Vector Helpers" not in html


def test_only_the_posting_organisation_sees_organisations_that_could_help(client, scene):
    request, *_ = scene
    client.force_login(UserFactory())
    assert "Vector Helpers" not in client.get(request.get_absolute_url()).content.decode()

    client.force_login(MembershipFactory(organisation=request.organisation).user)
    html = client.get(request.get_absolute_url()).content.decode()

    assert "Organisations that could help" in html and "Vector Helpers" in html


def test_members_only_opportunities_never_show_to_visitors_through_matches(client, scene):
    request, lab, _, offer = scene
    offer.visibility = Opportunity.Visibility.MEMBERS
    offer.save()

    assert (
        "Insecticide testing offer" not in client.get(request.get_absolute_url()).content.decode()
    )
    request.visibility = Opportunity.Visibility.MEMBERS
    request.save()
    assert "Bed net trial partner" not in client.get(lab.get_absolute_url()).content.decode()


def test_the_asset_page_lists_open_opportunities_it_could_serve(client, scene):
    _, lab, *_ = scene

    html = client.get(lab.get_absolute_url()).content.decode()

    assert "Open opportunities this could serve" in html and "Bed net trial partner" in html


def test_opportunity_page_runs_a_constant_number_of_queries(
    client, scene, django_assert_max_num_queries, settings
):
    settings.PAGE_CACHE_SECONDS = 60  # fragments kept (with Redis it is on already)
    request, *_ = scene
    for n in range(6):
        asset = AssetFactory(name=f"Extra lab {n}")
        asset.capabilities.set(request.keywords.all())
    match_services.opportunity_match(opportunity=request)
    client.force_login(MembershipFactory(organisation=request.organisation).user)

    # The shared fragments rendered and stored.
    with django_assert_max_num_queries(8 + session_read()):
        response = client.get(request.get_absolute_url())
    assert len(response.context["matches"]["assets"]) == 5  # the five best of seven
    # From then on (portal/tests/test_fragments.py): the user, the opportunity, whether
    # they are a member, the interests received and the matches.
    with django_assert_max_num_queries(5 + session_read()):
        again = client.get(request.get_absolute_url())
    assert without_tokens(again) == without_tokens(response)


def test_asset_page_runs_a_constant_number_of_queries(
    client, scene, django_assert_max_num_queries, settings
):
    settings.PAGE_CACHE_SECONDS = 60  # fragments kept (with Redis it is on already)
    _, lab, *_ = scene
    for n in range(4):
        AssetFactory(name=f"Bench {n}", host=lab.host, parent=lab)
    client.force_login(MembershipFactory().user)

    # The shared fragments rendered and stored.
    with django_assert_max_num_queries(12 + session_read()):
        response = client.get(lab.get_absolute_url())
    assert "Bed net trial partner" in response.content.decode()
    # From then on: the user, the asset, the opportunities naming it, the opportunities it
    # could serve, the member's enquiries about it and the enquiry form's organisations.
    with django_assert_max_num_queries(6 + session_read()):
        again = client.get(lab.get_absolute_url())
    assert without_tokens(again) == without_tokens(response)


def without_tokens(response):
    """The page without its CSRF tokens (masked anew for each response)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
