import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    VerifiedUserFactory,
)
from portal.tests.queries import session_read

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
    for heading in ["Recommended for you", "Expressions of interest received", "Your enquiries"]:
        assert f">{heading}</h2>" in html
    assert "No recommendations yet" in html  # an empty section says so honestly


def test_dashboard_shows_invitations_waiting_for_me(client):
    me = VerifiedUserFactory(email="ada@example.com")
    InvitationFactory(email="ada@example.com", organisation=OrganisationFactory(name="Glass Co"))
    client.force_login(me)

    html = client.get("/dashboard/").content.decode()

    assert "invited you to join Glass Co" in html


# Every dashboard section (organisations, team, opportunities, interests...) reads its
# rows in a fixed number of queries, whatever the number of organisations (14 since the
# count of enquiries a host's facilities received joined it; 12 since the session is read
# from the cache and "has an organisation" from the memberships already read; one more
# where the session is read from the database, without Redis).
DASHBOARD_QUERIES = 12 + session_read()


def dashboard_queries(client, organisations):
    me = VerifiedUserFactory()
    for _ in range(organisations):
        membership = MembershipFactory(user=me)
        MembershipFactory.create_batch(3, organisation=membership.organisation, role="member")
    client.force_login(me)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/dashboard/").status_code == 200
    return len(queries)


def test_dashboard_runs_a_constant_number_of_queries(client):
    one, six = dashboard_queries(client, 1), dashboard_queries(client, 6)

    assert one == six
    assert six <= DASHBOARD_QUERIES
