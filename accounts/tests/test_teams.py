"""Teams: invitations, roles, leaving; and who may touch which URL."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts import services
from accounts.models import Invitation, Membership
from accounts.tests.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    VerifiedUserFactory,
)
from accounts.tests.helpers import link_path
from portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    """An organisation with an owner, an admin and a member."""
    organisation = OrganisationFactory(name="Mersey Coatings")
    owner = MembershipFactory(organisation=organisation, user=VerifiedUserFactory(), role="owner")
    admin = MembershipFactory(organisation=organisation, user=VerifiedUserFactory(), role="admin")
    member = MembershipFactory(organisation=organisation, user=VerifiedUserFactory(), role="member")
    return organisation, owner, admin, member


def invite(client, organisation, email="colleague@example.com", role="member"):
    return client.post(
        f"/organisations/{organisation.slug}/invite/", {"email": email, "role": role}
    )


def test_an_admin_invites_a_colleague_by_email(client, team, django_capture_on_commit_callbacks):
    organisation, _, admin, _ = team
    client.force_login(admin.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, organisation)

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "colleague@example.com" and invitation.status == "pending"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["colleague@example.com"]
    assert "Mersey Coatings" in message.subject
    # The link's signature carries the second it was made, so compare what it opens.
    token = link_path(message, "/organisations/invitations/").split("/")[-2]
    assert Invitation.objects.from_token(token) == invitation
    assert message.alternatives[0][1] == "text/html"
    team_page = client.get(f"/organisations/{organisation.slug}/team/").content.decode()
    assert "colleague@example.com" in team_page


def test_inviting_an_existing_member_is_refused_with_a_message(client, team):
    organisation, owner, _, member = team
    client.force_login(owner.user)

    response = invite(client, organisation, email=member.user.email.upper())

    assert response.status_code == 200
    assert "is already a member" in response.content.decode()
    assert not Invitation.objects.exists()


def test_inviting_again_renews_the_pending_invitation(client, team):
    organisation, owner, _, _ = team
    client.force_login(owner.user)

    invite(client, organisation)
    invite(client, organisation, role="admin")

    invitation = Invitation.objects.get()
    assert invitation.role == "admin"


def test_invitations_are_rate_limited_per_person(client, team, monkeypatch):
    monkeypatch.setattr(services, "INVITATION_LIMIT_PER_USER", 2)
    organisation, owner, admin, _ = team
    client.force_login(owner.user)

    assert invite(client, organisation, email="one@example.com").status_code == 302
    assert invite(client, organisation, email="one@example.com").status_code == 302  # resend
    refused = invite(client, organisation, email="two@example.com", role="admin")

    assert refused.status_code == 429
    html = refused.content.decode()
    assert "You have sent a lot of invitations in the last hour" in html
    assert 'value="two@example.com"' in html  # what was typed is kept for later
    assert list(Invitation.objects.values_list("email", flat=True)) == ["one@example.com"]
    assert OutgoingEmail.objects.filter(template="invitation").count() == 2

    client.force_login(admin.user)
    assert invite(client, organisation, email="two@example.com").status_code == 302


def test_invitations_are_rate_limited_per_organisation(client, team, monkeypatch):
    monkeypatch.setattr(services, "INVITATION_LIMIT_PER_ORGANISATION", 2)
    organisation, owner, admin, _ = team
    client.force_login(owner.user)
    invite(client, organisation, email="one@example.com")
    client.force_login(admin.user)
    invite(client, organisation, email="two@example.com")

    refused = invite(client, organisation, email="three@example.com")

    assert refused.status_code == 429
    assert "Mersey Coatings has sent a lot of invitations" in refused.content.decode()
    assert Invitation.objects.count() == 2
    other = MembershipFactory(user=admin.user, role="admin").organisation
    assert invite(client, other, email="three@example.com").status_code == 302


def test_a_cache_outage_does_not_block_an_invitation(client, team, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    organisation, owner, _, _ = team
    client.force_login(owner.user)

    assert invite(client, organisation).status_code == 302
    assert Invitation.objects.count() == 1


def test_the_invitee_accepts_with_a_verified_matching_address(client):
    invitation = InvitationFactory(email="colleague@example.com")
    client.force_login(VerifiedUserFactory(email="colleague@example.com"))

    page = client.get(invitation.get_absolute_url())
    assert "Accept and join" in page.content.decode()
    response = client.post(invitation.get_absolute_url() + "accept/")

    assert response.status_code == 302
    membership = Membership.objects.get(user__email="colleague@example.com")
    assert membership.organisation == invitation.organisation and membership.role == "member"
    invitation.refresh_from_db()
    assert invitation.status == "accepted"
    # The link is spent.
    assert client.get(invitation.get_absolute_url()).status_code == 410


def test_someone_with_another_address_cannot_accept(client):
    invitation = InvitationFactory(email="colleague@example.com")
    client.force_login(VerifiedUserFactory(email="intruder@example.com"))

    assert "this invitation is for" in client.get(invitation.get_absolute_url()).content.decode()
    client.post(invitation.get_absolute_url() + "accept/")

    assert not Membership.objects.filter(user__email="intruder@example.com").exists()
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_an_unverified_matching_address_cannot_accept(client):
    invitation = InvitationFactory(email="colleague@example.com")
    client.force_login(UserFactory(email="colleague@example.com"))

    client.post(invitation.get_absolute_url() + "accept/")

    assert not Membership.objects.filter(user__email="colleague@example.com").exists()


def test_anonymous_invitees_are_offered_signup_with_their_address(client):
    invitation = InvitationFactory(email="colleague@example.com")

    html = client.get(invitation.get_absolute_url()).content.decode()

    assert "Create an account" in html
    assert "email=colleague%40example.com" in html


def test_expired_revoked_and_forged_invitations_are_refused(client):
    expired = InvitationFactory(expires_at=timezone.now() - timedelta(days=1))
    revoked = InvitationFactory(status="revoked")
    client.force_login(VerifiedUserFactory(email=expired.email))

    assert client.get(expired.get_absolute_url()).status_code == 410
    assert client.post(expired.get_absolute_url() + "accept/").status_code == 410
    assert client.get(revoked.get_absolute_url()).status_code == 410
    assert client.get("/organisations/invitations/forged:token/").status_code == 404
    assert not Membership.objects.exists()


def test_the_invitee_can_decline(client):
    invitation = InvitationFactory(email="colleague@example.com")
    client.force_login(VerifiedUserFactory(email="colleague@example.com"))

    client.post(invitation.get_absolute_url() + "decline/")

    invitation.refresh_from_db()
    assert invitation.status == "declined"


def test_a_manager_withdraws_an_invitation(client, team):
    organisation, owner, _, _ = team
    invitation = InvitationFactory(organisation=organisation)
    client.force_login(owner.user)

    client.post(f"/organisations/{organisation.slug}/invitations/{invitation.pk}/revoke/")

    invitation.refresh_from_db()
    assert invitation.status == "revoked"


# --- Roles and leaving ---------------------------------------------------------------


def test_an_owner_changes_roles_and_removes_members(client, team):
    organisation, owner, admin, member = team
    client.force_login(owner.user)

    client.post(f"/organisations/{organisation.slug}/members/{member.pk}/role/", {"role": "admin"})
    client.post(f"/organisations/{organisation.slug}/members/{admin.pk}/remove/")

    member.refresh_from_db()
    assert member.role == "admin"
    assert not Membership.objects.filter(pk=admin.pk).exists()


def test_an_admin_cannot_touch_an_owner_or_make_one(client, team):
    organisation, owner, admin, member = team
    client.force_login(admin.user)

    client.post(f"/organisations/{organisation.slug}/members/{owner.pk}/role/", {"role": "member"})
    client.post(f"/organisations/{organisation.slug}/members/{owner.pk}/remove/")
    client.post(f"/organisations/{organisation.slug}/members/{member.pk}/role/", {"role": "owner"})

    owner.refresh_from_db()
    member.refresh_from_db()
    assert owner.role == "owner" and member.role == "member"


def test_the_last_owner_cannot_be_demoted_removed_or_leave(client, team):
    organisation, owner, _, _ = team
    client.force_login(owner.user)

    demote = client.post(
        f"/organisations/{organisation.slug}/members/{owner.pk}/role/",
        {"role": "member"},
        follow=True,
    )
    client.post(f"/organisations/{organisation.slug}/members/{owner.pk}/remove/")
    client.post(f"/organisations/{organisation.slug}/leave/")

    owner.refresh_from_db()
    assert owner.role == "owner"
    assert "is the last owner" in demote.content.decode()


def test_a_second_owner_lets_the_first_leave(client, team):
    organisation, owner, _, member = team
    member.role = "owner"
    member.save()
    client.force_login(owner.user)

    client.post(f"/organisations/{organisation.slug}/leave/")

    assert not Membership.objects.filter(pk=owner.pk).exists()


def test_a_member_leaves(client, team):
    organisation, _, _, member = team
    client.force_login(member.user)

    response = client.post(f"/organisations/{organisation.slug}/leave/")

    assert response["Location"] == "/dashboard/"
    assert not Membership.objects.filter(pk=member.pk).exists()


# --- Who may use which URL -----------------------------------------------------------


def manager_urls(organisation, member, invitation):
    base = f"/organisations/{organisation.slug}"
    return [
        f"{base}/edit/",
        f"{base}/team/",
        f"{base}/invite/",
        f"{base}/members/{member.pk}/role/",
        f"{base}/members/{member.pk}/remove/",
        f"{base}/invitations/{invitation.pk}/revoke/",
    ]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("who", ["plain member", "member of another organisation"])
def test_non_managers_get_404_on_edit_invite_and_member_urls(client, team, method, who):
    organisation, _, _, member = team
    invitation = InvitationFactory(organisation=organisation)
    if who == "plain member":
        client.force_login(member.user)
    else:
        client.force_login(MembershipFactory(user=VerifiedUserFactory(), role="owner").user)

    for url in manager_urls(organisation, member, invitation):
        response = getattr(client, method)(url, {"role": "owner", "email": "x@example.com"})
        assert response.status_code == 404, url

    member.refresh_from_db()
    assert member.role == "member"
    assert Invitation.objects.get() == invitation and invitation.status == "pending"


def test_anonymous_visitors_are_sent_to_sign_in(client, team):
    organisation, _, _, member = team
    invitation = InvitationFactory(organisation=organisation)

    for url in manager_urls(organisation, member, invitation):
        response = client.post(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_mutating_views_refuse_get(client, team):
    organisation, owner, _, member = team
    invitation = InvitationFactory(organisation=organisation, email=owner.user.email)
    client.force_login(owner.user)
    base = f"/organisations/{organisation.slug}"

    for url in [
        f"{base}/members/{member.pk}/role/",
        f"{base}/members/{member.pk}/remove/",
        f"{base}/invitations/{invitation.pk}/revoke/",
        f"{base}/leave/",
        invitation.get_absolute_url() + "accept/",
        invitation.get_absolute_url() + "decline/",
    ]:
        assert client.get(url).status_code == 405, url

    assert Membership.objects.filter(organisation=organisation).count() == 3


def test_mutating_views_need_a_csrf_token(team):
    organisation, owner, _, member = team
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner.user)
    base = f"/organisations/{organisation.slug}"

    for url, data in [
        (f"{base}/members/{member.pk}/remove/", {}),
        (f"{base}/members/{member.pk}/role/", {"role": "admin"}),
        (f"{base}/invite/", {"email": "x@example.com", "role": "member"}),
        (f"{base}/edit/", {"name": "Hijacked", "kind": "sme", "visibility": "public"}),
        ("/organisations/new/", {"name": "Forged", "kind": "sme", "visibility": "public"}),
        ("/accounts/settings/", {"match_alerts": "off"}),
    ]:
        assert client.post(url, data).status_code == 403, url

    member.refresh_from_db()
    organisation.refresh_from_db()
    assert member.role == "member" and organisation.name == "Mersey Coatings"
    assert not Invitation.objects.exists()
