"""The person's own settings: interests, alerts, their data, deleting the account."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ImproperlyConfigured

from accounts.exports import register_export, unregister_export
from accounts.models import Membership, Organisation, User
from accounts.tests.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    VerifiedUserFactory,
)
from portal.models import FocalArea

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def person(client):
    user = VerifiedUserFactory(email="ada@example.com", name="Ada")
    client.force_login(user)
    return user


@pytest.fixture
def recently_signed_in(client, person):
    """Deleting needs the password entered again in the last few minutes."""
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302
    return person


def test_settings_save_interests_and_match_alerts(client, person):
    infection = FocalArea.objects.get(slug="infection")

    response = client.post(
        "/accounts/settings/",
        {"name": "Ada L", "interests": [infection.pk], "match_alerts": "daily"},
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == "Ada L" and person.match_alerts == "daily"
    assert list(person.interests.all()) == [infection]
    dashboard = client.get("/dashboard/").content.decode()
    assert "Infection" in dashboard and "A daily summary" in dashboard


def test_an_unknown_alert_frequency_is_refused_with_a_message(client, person):
    response = client.post("/accounts/settings/", {"match_alerts": "hourly"})

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    person.refresh_from_db()
    assert person.match_alerts == "weekly"


def test_settings_page_leaves_a_place_for_the_newsletter(client, person):
    response = client.get("/accounts/settings/")
    names = [t.name for t in response.templates]
    assert "accounts/account_settings.html" in names
    # The place is filled through accounts.settings_blocks: the accounts template knows
    # nothing of the newsletter (no template tags of a higher app), yet its block shows.
    source = open("templates/accounts/account_settings.html").read()
    assert "newsletter" not in source
    assert "The LCR+ newsletter" in response.content.decode()


def test_download_my_data_is_json_with_everything_about_me(client, person):
    MembershipFactory(user=person, organisation=OrganisationFactory(name="Mersey Coatings"))
    person.interests.set(FocalArea.objects.filter(slug="infection"))

    response = client.get("/accounts/settings/my-data.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "ada@example.com"
    assert data["email_addresses"] == [
        {"email": "ada@example.com", "verified": True, "primary": True}
    ]
    assert data["interests"] == ["Infection"]
    assert data["memberships"][0]["organisation"] == "Mersey Coatings"
    assert "password" not in response.content.decode()


@pytest.fixture
def projects_section():
    """A section as another app would register it, removed afterwards."""

    def projects(user):
        return [{"owner": user.email, "title": "Coatings trial"}]

    register_export("projects", projects)
    yield projects
    unregister_export("projects")


def test_download_my_data_includes_sections_other_apps_register(client, person, projects_section):
    data = client.get("/accounts/settings/my-data.json").json()

    assert data["projects"] == [{"owner": "ada@example.com", "title": "Coatings trial"}]
    assert data["account"]["email"] == "ada@example.com"


def test_a_registered_section_cannot_replace_accounts_data_or_another_section(projects_section):
    with pytest.raises(ImproperlyConfigured, match="written by accounts"):
        register_export("account", lambda user: {})
    with pytest.raises(ImproperlyConfigured, match="already registered"):
        register_export("projects", lambda user: [])
    register_export("projects", projects_section)  # ready() running twice is harmless


def test_deleting_needs_a_recent_password(client, person):
    response = client.get("/accounts/settings/delete/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")


def test_deleting_removes_personal_data_and_keeps_organisations_with_others(
    client, recently_signed_in
):
    shared = OrganisationFactory(name="Shared Ltd")
    MembershipFactory(user=recently_signed_in, organisation=shared, role="admin")
    MembershipFactory(organisation=shared, role="owner")
    solo = OrganisationFactory()
    MembershipFactory(user=recently_signed_in, organisation=solo)
    InvitationFactory(invited_by=recently_signed_in, organisation=shared)

    page = client.get("/accounts/settings/delete/").content.decode()
    assert solo.name in page  # told that it goes too
    response = client.post("/accounts/settings/delete/", {"confirm": "on"})

    assert response.status_code == 302
    assert not User.objects.filter(email="ada@example.com").exists()
    assert not EmailAddress.objects.filter(email="ada@example.com").exists()
    assert Organisation.objects.filter(pk=shared.pk).exists()
    assert shared.memberships.get().role == "owner"
    assert not Organisation.objects.filter(pk=solo.pk).exists()
    assert client.get("/dashboard/").status_code == 302


def test_the_only_owner_of_a_team_must_hand_over_before_deleting(client, recently_signed_in):
    organisation = OrganisationFactory(name="Mersey Coatings")
    MembershipFactory(user=recently_signed_in, organisation=organisation, role="owner")
    MembershipFactory(organisation=organisation, role="member")

    page = client.get("/accounts/settings/delete/").content.decode()
    client.post("/accounts/settings/delete/", {"confirm": "on"})

    assert "You are the only owner of" in page and "Mersey Coatings" in page
    assert User.objects.filter(email="ada@example.com").exists()
    assert Membership.objects.filter(organisation=organisation).count() == 2


def test_deleting_needs_the_confirmation_box(client, recently_signed_in):
    response = client.post("/accounts/settings/delete/", {})

    assert response.status_code == 200
    assert "Tick the box" in response.content.decode()
    assert User.objects.filter(email="ada@example.com").exists()


def test_delete_refuses_get_as_an_action(client, recently_signed_in):
    client.get("/accounts/settings/delete/?confirm=on")
    assert User.objects.filter(email="ada@example.com").exists()
