import pytest

from accounts.tests.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    VerifiedUserFactory,
)

pytestmark = pytest.mark.django_db


def test_dashboard_shows_my_organisations_team_and_the_sections_to_come(client):
    me = VerifiedUserFactory(name="Ada Lovelace")
    organisation = OrganisationFactory(name="Mersey Coatings")
    MembershipFactory(user=me, organisation=organisation, role="owner")
    MembershipFactory(
        user=VerifiedUserFactory(name="Grace Hopper"), organisation=organisation, role="member"
    )
    client.force_login(me)

    html = client.get("/dashboard/").content.decode()

    assert "Mersey Coatings" in html and "Grace Hopper" in html and "Ada Lovelace" in html
    assert "Invite a colleague" in html
    for heading in ["Recommended for you", "Expressions of interest", "Enquiries"]:
        assert f">{heading}</h2>" in html
    assert "Nothing yet" in html


def test_dashboard_shows_invitations_waiting_for_me(client):
    me = VerifiedUserFactory(email="ada@example.com")
    InvitationFactory(email="ada@example.com", organisation=OrganisationFactory(name="Glass Co"))
    client.force_login(me)

    html = client.get("/dashboard/").content.decode()

    assert "invited you to join Glass Co" in html


@pytest.mark.parametrize("organisations", [1, 6])
def test_dashboard_runs_a_constant_number_of_queries(
    client, django_assert_max_num_queries, organisations
):
    me = VerifiedUserFactory()
    for _ in range(organisations):
        membership = MembershipFactory(user=me)
        MembershipFactory.create_batch(3, organisation=membership.organisation, role="member")
    client.force_login(me)

    with django_assert_max_num_queries(9):
        client.get("/dashboard/")
