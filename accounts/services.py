"""Workflows that span accounts, organisations, memberships and invitations.

Views, the admin and tests call these; each takes keyword arguments only and
raises ``ServiceError`` (``portal.services``, the one error convention) with a message
a person can act on when a rule forbids it.
"""

import logging

from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from accounts.exports import registered_exports
from accounts.models import Invitation, Membership
from portal.models import Keyword
from portal.outbox import email_queue
from portal.queue import enqueue_on_commit
from portal.services import ServiceError

logger = logging.getLogger(__name__)

# Invitations each person, and each organisation, may send per window: a brake on using
# the portal to mail strangers, well above what a team needs to bring colleagues in.
INVITATION_LIMIT_PER_USER = 20
INVITATION_LIMIT_PER_ORGANISATION = 40
INVITATION_WINDOW = 3600


class InvitationRateLimited(ServiceError):
    """Too many invitations sent recently by this person or from this organisation."""


def verified_emails(user):
    """The user's verified addresses, lower-cased (an invitation is accepted with one)."""
    emails = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    return {e.lower() for e in emails}


# --- Organisations -----------------------------------------------------------------


def organisation_rematch(*, organisation_id):
    """Have the organisation re-scored against open opportunities once this transaction
    commits. The matching app sits above this one, so its task is named, not imported."""
    enqueue_on_commit("matching.tasks.match_organisation", organisation_id)


@transaction.atomic
def organisation_create(*, organisation, by, focal_areas=(), capabilities_text=""):
    """Save a new organisation and make its creator the owner."""
    organisation.verified = False
    organisation.is_demo = False
    organisation.save()
    organisation.focal_areas.set(focal_areas)
    organisation.capabilities.set(Keyword.objects.from_text(capabilities_text))
    Membership.objects.create(user=by, organisation=organisation, role=Membership.Role.OWNER)
    organisation_rematch(organisation_id=organisation.pk)
    return organisation


@transaction.atomic
def organisation_update(*, organisation, focal_areas=(), capabilities_text=""):
    """Save an edited profile with its focal areas and normalised capabilities."""
    organisation.save()
    organisation.focal_areas.set(focal_areas)
    organisation.capabilities.set(Keyword.objects.from_text(capabilities_text))
    organisation_rematch(organisation_id=organisation.pk)
    return organisation


# --- Invitations -------------------------------------------------------------------


def _over_limit(key, limit):
    """Count one use of ``key``; True when over ``limit`` in the window.

    Uses the Django cache (Redis in production). If the cache is down the invitation
    goes out: a colleague left uninvited is worse than a few extra emails.
    """
    try:
        cache.add(key, 0, timeout=INVITATION_WINDOW)
        return cache.incr(key) > limit
    except Exception:  # noqa: BLE001 - any cache failure: allow, and say so in the log
        logger.warning("Invitation rate limit unavailable (cache down); allowing", exc_info=True)
        return False


def invitation_rate_limit(*, organisation, by):
    """Count one invitation (new or resent); raise InvitationRateLimited when over a limit."""
    if _over_limit(f"accounts:invitations:user:{by.pk}", INVITATION_LIMIT_PER_USER):
        raise InvitationRateLimited(
            "You have sent a lot of invitations in the last hour. "
            "Please wait a while before sending more."
        )
    key = f"accounts:invitations:organisation:{organisation.pk}"
    if _over_limit(key, INVITATION_LIMIT_PER_ORGANISATION):
        raise InvitationRateLimited(
            f"{organisation.name} has sent a lot of invitations in the last hour. "
            "Please wait a while before sending more."
        )


def invitation_create(*, organisation, email, role, by):
    """Invite ``email`` to the organisation, or renew and resend a pending invitation.

    Raises InvitationRateLimited, saving and sending nothing, when the person or the
    organisation has sent too many invitations in the last hour.
    """
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ServiceError(f"{email} is already a member of {organisation.name}.")
    invitation_rate_limit(organisation=organisation, by=by)
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .filter(organisation=organisation, email=email, status=Invitation.Status.PENDING)
            .first()
        )
        if invitation:
            invitation.role = role
            invitation.invited_by = by
            invitation.expires_at = None  # save() sets a fresh expiry
            invitation.created_at = timezone.now()
            invitation.save()
        else:
            invitation = Invitation.objects.create(
                organisation=organisation, email=email, role=role, invited_by=by
            )
        email_queue(
            name="invitation",
            to=[email],
            context={
                "organisation": organisation.name,
                "inviter": by.name or by.email,
                "role": invitation.get_role_display(),
                "url": invitation.get_absolute_url(),
                "expires_at": invitation.expires_at,
            },
        )
    return invitation


@transaction.atomic
def invitation_accept(*, invitation, user):
    """Join the organisation named by an open invitation sent to one of the user's addresses."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ServiceError("This invitation has expired or has already been used.")
    if invitation.email not in verified_emails(user):
        raise ServiceError(
            f"This invitation was sent to {invitation.email}. Sign in with that address "
            "(or add and verify it in your email settings) to accept it."
        )
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    invitation.status = Invitation.Status.ACCEPTED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    if created and invitation.invited_by_id:
        email_queue(
            name="invitation_accepted",
            to=[invitation.invited_by.email],
            context={
                "organisation": invitation.organisation.name,
                "member": user.name or user.email,
                "url": reverse("organisation_team", args=[invitation.organisation.slug]),
            },
        )
    return membership


def invitation_close(*, invitation, status):
    """Decline (by the invitee) or revoke (by a manager) a pending invitation."""
    updated = Invitation.objects.filter(pk=invitation.pk, status=Invitation.Status.PENDING).update(
        status=status, responded_at=timezone.now()
    )
    if not updated:
        raise ServiceError("This invitation has already been answered.")


# --- Memberships -------------------------------------------------------------------


def _check_can_touch(*, membership, by_membership):
    """Admins manage members and admins; only owners change or remove an owner."""
    if membership.role == Membership.Role.OWNER and by_membership.role != Membership.Role.OWNER:
        raise ServiceError("Only an owner can change or remove another owner.")


@transaction.atomic
def membership_change_role(*, membership, role, by_membership):
    """Give a member another role; the last owner keeps the owner role."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _check_can_touch(membership=membership, by_membership=by_membership)
    if role == Membership.Role.OWNER and by_membership.role != Membership.Role.OWNER:
        raise ServiceError("Only an owner can make someone an owner.")
    if role != Membership.Role.OWNER and membership.is_last_owner():
        raise ServiceError(
            f"{membership.user} is the last owner of {membership.organisation}. "
            "Make someone else an owner first."
        )
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership, by_membership):
    """Remove someone from the team (or leave it, when ``by_membership`` is their own)."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.pk != by_membership.pk:
        _check_can_touch(membership=membership, by_membership=by_membership)
    if membership.is_last_owner():
        raise ServiceError(
            f"{membership.organisation} needs an owner: make someone else an owner "
            "before the last owner leaves."
        )
    membership.delete()


# --- The person's own account ------------------------------------------------------


def user_deletion_blockers(*, user):
    """Organisations whose only owner is this user while other members remain.

    Deleting the account would leave them without an owner; nothing is handed over
    silently, so the person makes someone else an owner first.
    """
    blockers = []
    for membership in Membership.objects.filter(user=user).select_related("organisation"):
        others = membership.organisation.memberships.exclude(user=user)
        if membership.is_last_owner() and others.exists():
            blockers.append(membership.organisation)
    return blockers


def organisations_deleted_with(*, user):
    """Organisations that have no member but this user (they go with the account)."""
    return [
        m.organisation
        for m in Membership.objects.filter(user=user).select_related("organisation")
        if not m.organisation.memberships.exclude(user=user).exists()
    ]


@transaction.atomic
def user_delete(*, user):
    """Delete the account and its personal data.

    Organisations with other members stay (with their owners); an organisation
    with no other member is deleted too, unless something still depends on it
    (for example a facility it hosts), when it stays for curators to look after.
    """
    blockers = user_deletion_blockers(user=user)
    if blockers:
        names = ", ".join(o.name for o in blockers)
        raise ServiceError(
            f"You are the only owner of {names}. Make another member an owner first."
        )
    for organisation in organisations_deleted_with(user=user):
        try:
            with transaction.atomic():
                organisation.delete()
        except ProtectedError:
            pass
    Invitation.objects.filter(email__in=verified_emails(user), status="pending").update(
        status=Invitation.Status.DECLINED, responded_at=timezone.now()
    )
    user.delete()


def user_export(*, user):
    """Everything the portal holds about a person, as JSON-ready data.

    Accounts writes what it holds; the sections other apps hold (enquiries,
    opportunities, feedback...) come from ``accounts.exports`` registrations.
    """
    memberships = Membership.objects.filter(user=user).select_related("organisation")
    data = {
        "account": {
            "email": user.email,
            "name": user.name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user)
        ],
        "two_factor_authentication": sorted(user.authenticator_set.values_list("type", flat=True)),
        "interests": [area.name for area in user.interests.all()],
        "match_alerts": user.match_alerts,
        "memberships": [
            {
                "organisation": m.organisation.name,
                "organisation_url": m.organisation.get_absolute_url(),
                "role": m.role,
                "joined_at": m.joined_at.isoformat(),
            }
            for m in memberships
        ],
        "invitations_sent": [
            {
                "organisation": i.organisation.name,
                "email": i.email,
                "status": i.status,
                "created_at": i.created_at.isoformat(),
            }
            for i in Invitation.objects.filter(invited_by=user).select_related("organisation")
        ],
        "invitations_received": [
            {
                "organisation": i.organisation.name,
                "status": i.status,
                "created_at": i.created_at.isoformat(),
            }
            for i in Invitation.objects.filter(email__in=verified_emails(user)).select_related(
                "organisation"
            )
        ],
    }
    data.update(registered_exports(user))
    return data
