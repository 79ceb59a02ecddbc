"""Who may open what: the 404 rules and the querysets behind them."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from accounts.tests.factories import UserFactory, in_two_factor_session, sign_in_with_two_factor
from opportunities.models import Opportunity
from opportunities.tests.factories import OpportunityFactory, member_of
from portal.models import FocalArea

pytestmark = pytest.mark.django_db

Status = Opportunity.Status


@pytest.mark.parametrize("status", [Status.DRAFT, Status.PENDING, Status.REJECTED])
def test_unpublished_opportunities_are_404_to_visitors_and_other_members(client, status):
    opportunity = OpportunityFactory(status=status)

    assert client.get(opportunity.get_absolute_url()).status_code == 404
    client.force_login(member_of())
    assert client.get(opportunity.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("status", [Status.DRAFT, Status.PENDING, Status.REJECTED])
def test_unpublished_opportunities_open_for_their_organisation_and_curators(client, status):
    opportunity = OpportunityFactory(status=status, title="Our draft")

    client.force_login(member_of(opportunity.organisation))
    response = client.get(opportunity.get_absolute_url())
    assert response.status_code == 200
    assert "Our draft" in response.content.decode()

    sign_in_with_two_factor(client, UserFactory(is_staff=True))
    assert client.get(opportunity.get_absolute_url()).status_code == 200


def test_members_only_opportunities_are_404_to_anonymous_visitors(client):
    opportunity = OpportunityFactory(visibility=Opportunity.Visibility.MEMBERS)

    assert client.get(opportunity.get_absolute_url()).status_code == 404
    assert opportunity.title not in client.get("/opportunities/").content.decode()

    client.force_login(UserFactory())
    assert client.get(opportunity.get_absolute_url()).status_code == 200
    assert opportunity.title in client.get("/opportunities/").content.decode()


def test_closed_and_expired_opportunities_open_but_are_not_listed(client):
    closed = OpportunityFactory(status=Status.CLOSED, title="Closed one")
    expired = OpportunityFactory(status=Status.EXPIRED, title="Expired one")

    listing = client.get("/opportunities/").content.decode()

    assert "Closed one" not in listing and "Expired one" not in listing
    assert "It was closed" in client.get(closed.get_absolute_url()).content.decode()
    assert "closing date has passed" in client.get(expired.get_absolute_url()).content.decode()


def test_visible_to_and_managed_by_querysets():
    mine = OpportunityFactory(status=Status.DRAFT)
    public = OpportunityFactory()
    members_only = OpportunityFactory(visibility=Opportunity.Visibility.MEMBERS)
    someone_elses_draft = OpportunityFactory(status=Status.PENDING)
    user = member_of(mine.organisation)

    assert set(Opportunity.objects.visible_to(AnonymousUser())) == {public}
    assert set(Opportunity.objects.visible_to(user)) == {mine, public, members_only}
    assert set(
        Opportunity.objects.visible_to(in_two_factor_session(UserFactory(is_staff=True)))
    ) == {
        mine,
        public,
        members_only,
        someone_elses_draft,
    }
    assert list(Opportunity.objects.managed_by(user)) == [mine]
    assert not Opportunity.objects.managed_by(AnonymousUser()).exists()


def test_visible_to_returns_each_opportunity_once_for_organisations_with_many_members():
    opportunity = OpportunityFactory()
    user = member_of(opportunity.organisation)
    member_of(opportunity.organisation)
    member_of(opportunity.organisation)

    assert list(Opportunity.objects.visible_to(user)) == [opportunity]


@pytest.mark.parametrize(
    "url", ["edit/", "renew/", "submit/", "close/"], ids=["edit", "renew", "submit", "close"]
)
def test_outsiders_get_404_for_owner_pages(client, url):
    opportunity = OpportunityFactory()
    client.force_login(member_of())

    response = client.post(opportunity.get_absolute_url() + url)

    assert response.status_code == 404


def test_home_hides_members_only_opportunities_from_visitors(client):
    OpportunityFactory(title="Public partner search")
    OpportunityFactory(title="Members only search", visibility=Opportunity.Visibility.MEMBERS)
    OpportunityFactory(title="Draft search", status=Status.DRAFT)

    html = client.get("/").content.decode()

    assert "Public partner search" in html
    assert "Members only search" not in html and "Draft search" not in html


def home_count(response, slug):
    return next(a for a in response.context["focal_areas"] if a.slug == slug).opportunity_count


def test_home_counts_only_the_open_opportunities_the_visitor_may_see(client):
    infection = FocalArea.objects.get(slug="infection")
    yesterday = timezone.now() - timedelta(days=1)
    for title, fields in [
        ("Public search", {}),
        ("Members search", {"visibility": Opportunity.Visibility.MEMBERS}),
        ("Past its deadline", {"deadline": yesterday}),
        ("Draft search", {"status": Status.DRAFT}),
    ]:
        OpportunityFactory(title=title, **fields).focal_areas.add(infection)

    visitor = client.get("/")
    client.force_login(UserFactory())
    member = client.get("/")

    assert home_count(visitor, "infection") == 1
    assert home_count(member, "infection") == 2
    assert "1 open opportunity" in visitor.content.decode()
    assert [o.title for o in visitor.context["latest_opportunities"]] == ["Public search"]
    assert [o.title for o in member.context["latest_opportunities"]] == [
        "Members search",
        "Public search",
    ]
