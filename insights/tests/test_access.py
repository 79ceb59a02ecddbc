"""/insights/ is for curators with a two-factor session only; /ecosystem/ is public."""

import pytest

from accounts.tests.factories import UserFactory, curator_user
from insights.tests.conftest import with_mfa_session

pytestmark = pytest.mark.django_db

PAGES = [
    "/insights/",
    "/insights/searches.csv",
    "/insights/reply_hosts.csv",
    "/insights/reply_assets.csv",
    "/insights/brokerage.csv",
    "/insights/brokerage_outcomes.csv",
]


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitor_gets_404(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", PAGES)
def test_signed_in_member_gets_404(client, path):
    with_mfa_session(client, UserFactory())
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", PAGES)
def test_staff_outside_the_curators_group_gets_404(client, path):
    with_mfa_session(client, UserFactory(is_staff=True))
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", PAGES)
def test_curator_without_a_two_factor_session_gets_403(client, path):
    client.force_login(curator_user())
    response = client.get(path)
    assert response.status_code == 403
    assert b"Two-factor sign-in needed" in response.content or path.endswith(".csv")


def test_curator_with_a_two_factor_session_sees_insights(curator_client):
    response = curator_client.get("/insights/")
    assert response.status_code == 200
    assert "Demand and supply" in response.text and "What is recorded" in response.text
    assert "Median time to first reply per host" in response.text
    assert "What came of brokerage meetings" in response.text
    for slug in ("reply_hosts", "reply_assets", "brokerage", "brokerage_outcomes"):
        assert curator_client.get(f"/insights/{slug}.csv").status_code == 200


def test_superuser_who_is_staff_sees_insights(client):
    with_mfa_session(client, UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/insights/").status_code == 200


def test_ecosystem_page_is_public(client):
    response = client.get("/ecosystem/")
    assert response.status_code == 200
    assert "The ecosystem at a glance" in response.text
