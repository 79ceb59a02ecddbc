"""Workflows for opportunities and expressions of interest.

Views, admin actions, tasks and management commands call these; each saves its rows
and queues its emails in one transaction, so an email is never sent for a change that
was rolled back and never lost when the broker is down (see portal.outbox). A refusal
is a ``ServiceError`` with a message for the person (``portal.services``).
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Membership, Organisation, User
from opportunities.models import ExpressionOfInterest, Opportunity
from portal.models import Keyword
from portal.outbox import email_queue
from portal.queue import enqueue_on_commit
from portal.services import ServiceError

Status = Opportunity.Status
# Changing these on a published opportunity may send it back to review.
SUBSTANCE_FIELDS = ("title", "kind", "summary", "description")
MAX_RENEWAL = timedelta(days=180)


# --- Who gets the emails -------------------------------------------------------


def organisation_emails(organisation_id):
    """Every active member's address, owners first."""
    memberships = (
        Membership.objects.filter(organisation_id=organisation_id, user__is_active=True)
        .select_related("user")
        .order_by("role", "user__email")
    )
    emails = []
    for membership in memberships:
        if membership.user.email not in emails:
            emails.append(membership.user.email)
    return emails


def curator_emails():
    return list(
        User.objects.filter(is_staff=True, is_active=True)
        .order_by("email")
        .values_list("email", flat=True)
    )


def _email_organisation(organisation_id, name, context):
    to = organisation_emails(organisation_id)
    if to:
        email_queue(name=name, to=to, context=context)


def opportunity_rematch(*, opportunity_id):
    """Have the opportunity's matches recomputed once this transaction commits.

    The matching app sits above this one (DESIGN.md 3), so its task is named, not
    imported. Every public service that changes what matching reads calls this once.
    """
    enqueue_on_commit("matching.tasks.match_opportunity", opportunity_id)


def _check_member(opportunity_or_org_id, user):
    organisation_id = getattr(opportunity_or_org_id, "organisation_id", opportunity_or_org_id)
    if not Organisation.objects.of_member(user).filter(pk=organisation_id).exists():
        raise ServiceError("Only members of the organisation may do this.")


def _locked(opportunity):
    return (
        Opportunity.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=opportunity.pk)
    )


# --- Posting and lifecycle -----------------------------------------------------


def _set_relations(opportunity, *, keywords, focal_areas, related_assets):
    if keywords is not None:
        opportunity.keywords.set(Keyword.objects.from_text(keywords))
    if focal_areas is not None:
        opportunity.focal_areas.set(focal_areas)
    if related_assets is not None:
        opportunity.related_assets.set(related_assets)


@transaction.atomic
def opportunity_create(
    *, organisation, by, keywords="", focal_areas=(), related_assets=(), **fields
):
    """Save a new opportunity as a draft for ``organisation`` (``by`` must be a member)."""
    _check_member(organisation.pk, by)
    opportunity = Opportunity.objects.create(
        organisation=organisation, posted_by=by, status=Status.DRAFT, **fields
    )
    _set_relations(
        opportunity, keywords=keywords, focal_areas=focal_areas, related_assets=related_assets
    )
    return opportunity


def _publishes_without_review(opportunity):
    return (
        settings.OPPORTUNITIES_VERIFIED_PUBLISH_WITHOUT_REVIEW and opportunity.organisation.verified
    )


@transaction.atomic
def opportunity_update(
    *, opportunity, by, keywords=None, focal_areas=None, related_assets=None, **fields
):
    """Save an owner's edits. A published opportunity whose substance changed goes back
    to review when OPPORTUNITIES_EDITS_NEED_REVIEW is on (unless its organisation may
    publish without review)."""
    _check_member(opportunity, by)
    opportunity = _locked(opportunity)
    if not opportunity.is_editable:
        raise ServiceError("A closed or expired opportunity cannot be edited.")
    old_keywords = set(opportunity.keywords.values_list("name", flat=True))
    changed = any(
        name in fields and fields[name] != getattr(opportunity, name) for name in SUBSTANCE_FIELDS
    )
    for name, value in fields.items():
        setattr(opportunity, name, value)
    opportunity.save()
    _set_relations(
        opportunity, keywords=keywords, focal_areas=focal_areas, related_assets=related_assets
    )
    changed = changed or old_keywords != set(opportunity.keywords.values_list("name", flat=True))
    if (
        changed
        and opportunity.status == Status.PUBLISHED
        and settings.OPPORTUNITIES_EDITS_NEED_REVIEW
        and not _publishes_without_review(opportunity)
    ):
        _send_to_review(opportunity)
    opportunity_rematch(opportunity_id=opportunity.pk)
    return opportunity


def _send_to_review(opportunity):
    opportunity.status = Status.PENDING
    opportunity.submitted_at = timezone.now()
    opportunity.rejection_reason = ""
    opportunity.save(update_fields=["status", "submitted_at", "rejection_reason", "updated_at"])
    to = curator_emails()
    if to:
        email_queue(name="opportunity_review", to=to, context={"opportunity": opportunity})


@transaction.atomic
def opportunity_submit(*, opportunity, by):
    """Send a draft (or a rejected, corrected opportunity) for review; a verified
    organisation's is published at once when the setting allows."""
    _check_member(opportunity, by)
    opportunity = _locked(opportunity)
    if opportunity.status not in (Status.DRAFT, Status.REJECTED):
        raise ServiceError("Only a draft or a rejected opportunity can be submitted.")
    if opportunity.ends and opportunity.ends < timezone.now():
        raise ServiceError("Its closing date has passed: change it before submitting.")
    if _publishes_without_review(opportunity):
        _publish(opportunity)
    else:
        _send_to_review(opportunity)
    opportunity_rematch(opportunity_id=opportunity.pk)
    return opportunity


def _publish(opportunity):
    opportunity.status = Status.PUBLISHED
    opportunity.rejection_reason = ""
    opportunity.published_at = opportunity.published_at or timezone.now()
    opportunity.save(update_fields=["status", "rejection_reason", "published_at", "updated_at"])
    _email_organisation(
        opportunity.organisation_id, "opportunity_published", {"opportunity": opportunity}
    )
    return opportunity


@transaction.atomic
def opportunity_publish(*, opportunity, by):
    """A curator approves an opportunity waiting for review (or a draft)."""
    if not by.has_staff_powers:
        raise ServiceError("Only curators publish opportunities.")
    opportunity = _locked(opportunity)
    if opportunity.status not in (Status.PENDING, Status.DRAFT):
        raise ServiceError(f"“{opportunity}” is {opportunity.get_status_display().lower()}.")
    _publish(opportunity)
    opportunity_rematch(opportunity_id=opportunity.pk)
    return opportunity


@transaction.atomic
def opportunity_reject(*, opportunity, by, reason):
    """A curator turns an opportunity down; the reason is emailed to its organisation."""
    if not by.has_staff_powers:
        raise ServiceError("Only curators reject opportunities.")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("Give a reason: the poster needs it to correct the opportunity.")
    opportunity = _locked(opportunity)
    if opportunity.status not in (Status.PENDING, Status.DRAFT):
        raise ServiceError(f"“{opportunity}” is {opportunity.get_status_display().lower()}.")
    opportunity.status = Status.REJECTED
    opportunity.rejection_reason = reason
    opportunity.save(update_fields=["status", "rejection_reason", "updated_at"])
    opportunity_rematch(opportunity_id=opportunity.pk)
    _email_organisation(
        opportunity.organisation_id,
        "opportunity_rejected",
        {"opportunity": opportunity, "reason": reason},
    )
    return opportunity


@transaction.atomic
def opportunity_close(*, opportunity, by):
    """Its owners close it early (filled, withdrawn); it leaves the lists."""
    _check_member(opportunity, by)
    opportunity = _locked(opportunity)
    if opportunity.status in (Status.CLOSED, Status.EXPIRED):
        raise ServiceError("It is already closed.")
    opportunity.status = Status.CLOSED
    opportunity.closed_at = timezone.now()
    opportunity.save(update_fields=["status", "closed_at", "updated_at"])
    opportunity_rematch(opportunity_id=opportunity.pk)
    return opportunity


@transaction.atomic
def opportunity_renew(*, opportunity, by, deadline):
    """Move the closing date on, once: a published or expired opportunity (not an
    event) stays or goes back to published until ``deadline``."""
    _check_member(opportunity, by)
    opportunity = _locked(opportunity)
    if not opportunity.can_renew:
        raise ServiceError(
            "Only a published or expired opportunity that was never renewed can be renewed."
        )
    now = timezone.now()
    if deadline <= now or deadline > now + MAX_RENEWAL:
        raise ServiceError("The new closing date must be within the next six months.")
    opportunity.deadline = deadline
    opportunity.renewal_count += 1
    opportunity.reminder_sent_at = None
    opportunity.status = Status.PUBLISHED
    opportunity.save(
        update_fields=["deadline", "renewal_count", "reminder_sent_at", "status", "updated_at"]
    )
    opportunity_rematch(opportunity_id=opportunity.pk)
    return opportunity


def opportunity_expire_due(*, now=None):
    """Expire every published opportunity past its deadline (an event: past its end) and
    tell its organisation. Safe to run twice: each row is claimed by a conditional UPDATE."""
    now = now or timezone.now()
    expired = 0
    for pk in Opportunity.objects.due_to_expire(now).values_list("pk", flat=True):
        with transaction.atomic():
            claimed = (
                Opportunity.objects.due_to_expire(now)
                .filter(pk=pk)
                .update(status=Status.EXPIRED, updated_at=now)
            )
            if claimed:
                expired += 1
                # An expired opportunity is no longer suggested, nor suggested to.
                opportunity_rematch(opportunity_id=pk)
                opportunity = Opportunity.objects.select_related("organisation").get(pk=pk)
                _email_organisation(
                    opportunity.organisation_id, "opportunity_expired", {"opportunity": opportunity}
                )
    return expired


def opportunity_remind_due(*, now=None):
    """Remind each organisation, once, 7 days before its opportunity ends."""
    now = now or timezone.now()
    reminded = 0
    for pk in Opportunity.objects.due_for_reminder(now).values_list("pk", flat=True):
        with transaction.atomic():
            claimed = (
                Opportunity.objects.due_for_reminder(now).filter(pk=pk).update(reminder_sent_at=now)
            )
            if claimed:
                reminded += 1
                opportunity = Opportunity.objects.select_related("organisation").get(pk=pk)
                _email_organisation(
                    opportunity.organisation_id,
                    "opportunity_reminder",
                    {"opportunity": opportunity},
                )
    return reminded


# --- Expressions of interest -----------------------------------------------------


def _may_express_interest(opportunity):
    """The one rule: the organisations that may express interest in ``opportunity``.
    It must be published, not their own, and not already answered by them."""
    if opportunity.status != Status.PUBLISHED:
        return Organisation.objects.none()
    return Organisation.objects.exclude(pk=opportunity.organisation_id).exclude(
        interests_sent__opportunity=opportunity
    )


def interest_organisations(*, opportunity, user):
    """The user's organisations that may express interest in ``opportunity``, by name."""
    return (
        _may_express_interest(opportunity)
        .filter(pk__in=Organisation.objects.of_member(user).values("pk"))
        .order_by("name")
    )


def interest_check_allowed(*, opportunity, organisation):
    """Raise ServiceError, saying why, when ``organisation`` may not express interest."""
    if _may_express_interest(opportunity).filter(pk=organisation.pk).exists():
        return
    if opportunity.organisation_id == organisation.pk:
        raise ServiceError("You cannot express interest in your own organisation's opportunity.")
    if opportunity.status != Status.PUBLISHED:
        raise ServiceError("This opportunity is not open for expressions of interest.")
    if ExpressionOfInterest.objects.filter(
        opportunity=opportunity, organisation=organisation
    ).exists():
        raise ServiceError(
            f"{organisation.name} has already expressed interest in this opportunity."
        )
    raise ServiceError("This organisation cannot express interest in this opportunity.")


@transaction.atomic
def interest_express(*, opportunity, organisation, by, who_we_are, what_we_bring, what_we_want):
    """Save an expression of interest, then email the poster's organisation (after commit)."""
    _check_member(organisation.pk, by)
    interest_check_allowed(opportunity=opportunity, organisation=organisation)
    try:
        with transaction.atomic():
            interest = ExpressionOfInterest.objects.create(
                opportunity=opportunity,
                organisation=organisation,
                sent_by=by,
                who_we_are=who_we_are,
                what_we_bring=what_we_bring,
                what_we_want=what_we_want,
            )
    except IntegrityError as exc:  # two colleagues at the same moment
        raise ServiceError(
            f"{organisation.name} has already expressed interest in this opportunity."
        ) from exc
    _email_organisation(opportunity.organisation_id, "interest_received", {"interest": interest})
    return interest


def _decide(interest, by, status):
    _check_member(interest.opportunity, by)
    interest = (
        ExpressionOfInterest.objects.select_for_update(of=("self",))
        .select_related("opportunity__organisation", "organisation", "sent_by")
        .get(pk=interest.pk)
    )
    if interest.status != ExpressionOfInterest.Status.PENDING:
        raise ServiceError(f"This interest is already {interest.get_status_display().lower()}.")
    interest.status = status
    interest.decided_by = by
    interest.decided_at = timezone.now()
    interest.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    return interest


def interest_contacts(*, interest):
    """The people each side may contact once an interest is accepted:
    ``{"poster": [users], "interested": [users]}``."""
    opportunity = interest.opportunity

    def people(*users):
        seen = []
        for user in users:
            if user is not None and user.is_active and user not in seen:
                seen.append(user)
        return seen

    return {
        "poster": people(interest.decided_by, opportunity.posted_by),
        "interested": people(interest.sent_by),
    }


@transaction.atomic
def interest_accept(*, interest, by):
    """The poster accepts: both organisations get the other's contact details by email."""
    interest = _decide(interest, by, ExpressionOfInterest.Status.ACCEPTED)
    contacts = interest_contacts(interest=interest)
    context = {"interest": interest, "opportunity": interest.opportunity}
    _email_organisation(
        interest.organisation_id,
        "interest_accepted",
        {
            **context,
            # Accepted: the rule now names even an anonymous poster to them.
            "other_name": interest.opportunity.poster_shown_to(interest.organisation).name,
            "contacts": contacts["poster"],
            "is_poster": False,
        },
    )
    _email_organisation(
        interest.opportunity.organisation_id,
        "interest_accepted",
        {
            **context,
            "other_name": interest.organisation.name,
            "contacts": contacts["interested"],
            "is_poster": True,
        },
    )
    return interest


@transaction.atomic
def interest_decline(*, interest, by):
    """The poster declines: the interested organisation gets a polite notice that does
    not name an anonymous poster."""
    interest = _decide(interest, by, ExpressionOfInterest.Status.DECLINED)
    _email_organisation(
        interest.organisation_id,
        "interest_declined",
        {"interest": interest, "opportunity": interest.opportunity},
    )
    return interest


@transaction.atomic
def interest_withdraw(*, interest, by):
    """The interested organisation takes back an interest still waiting for an answer."""
    _check_member(interest.organisation_id, by)
    interest = ExpressionOfInterest.objects.select_for_update().get(pk=interest.pk)
    if interest.status != ExpressionOfInterest.Status.PENDING:
        raise ServiceError(f"This interest is already {interest.get_status_display().lower()}.")
    interest.status = ExpressionOfInterest.Status.WITHDRAWN
    interest.save(update_fields=["status", "updated_at"])
    return interest
