"""The task list that gets a new organisation going (GOV.UK's task-list pattern).

It gathers from several apps (accounts, opportunities, the newsletter), so it lives
with the other gathering pages here. Each task says whether it is done and links to
where it is done; the dashboard shows the list until every task is.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.urls import reverse

from accounts.models import Invitation, Membership, Organisation, User
from newsletter.models import Subscriber
from opportunities.models import Opportunity


@dataclass(frozen=True)
class Task:
    title: str
    url: str
    done: bool
    hint: str = ""


def progress_annotations(*, user, organisation_ref):
    """What the tasks need, as annotations on rows that name an organisation through
    ``organisation_ref`` ("pk" on organisations, "organisation_id" on memberships), so
    any list of them costs no extra query."""
    organisation = OuterRef(organisation_ref)
    return {
        "has_capabilities": Exists(
            Organisation.capabilities.through.objects.filter(organisation_id=organisation)
        ),
        "has_focal_areas": Exists(
            Organisation.focal_areas.through.objects.filter(organisation_id=organisation)
        ),
        "has_colleagues": Exists(
            Membership.objects.filter(organisation_id=organisation).exclude(user=user)
        )
        | Exists(Invitation.objects.filter(organisation_id=organisation)),
        "has_opportunity": Exists(Opportunity.objects.filter(organisation_id=organisation)),
        "has_interests": Exists(User.interests.through.objects.filter(user_id=user.pk)),
        "subscribed": Exists(
            Subscriber.objects.filter(
                email=user.email.lower(),
                status__in=[Subscriber.Status.PENDING, Subscriber.Status.ACTIVE],
            )
        ),
    }


def profile_gaps(organisation, progress):
    """What an organisation lacks for good matches."""
    gaps = []
    if not organisation.description.strip():
        gaps.append("a description")
    if not progress.has_capabilities:
        gaps.append("capabilities")
    if not progress.has_focal_areas:
        gaps.append("focal areas")
    if not organisation.logo:
        gaps.append("a logo")
    return gaps


def onboarding_tasks(*, organisation, progress):
    """The five tasks for ``organisation``; ``progress`` is a row annotated with
    ``progress_annotations`` (the organisation itself, or the person's membership)."""
    gaps = profile_gaps(organisation, progress)
    return [
        Task(
            "Complete your organisation's profile",
            reverse("organisation_edit", args=[organisation.slug]),
            not gaps,
            f"Still to add: {', '.join(gaps)}." if gaps else "",
        ),
        Task(
            "Invite your colleagues",
            reverse("organisation_invite", args=[organisation.slug]),
            progress.has_colleagues,
        ),
        Task(
            "Choose your interests and match alerts",
            reverse("account_settings"),
            progress.has_interests,
        ),
        Task(
            "Post your first opportunity",
            reverse("opportunity_create"),
            progress.has_opportunity,
        ),
        Task("Subscribe to the newsletter", reverse("newsletter_account"), progress.subscribed),
    ]


def onboarding_incomplete(memberships):
    """(organisation, tasks) for each membership (annotated with ``progress_annotations``)
    whose organisation the person manages and has tasks left, for the dashboard."""
    lists = []
    for membership in memberships:
        if not membership.can_manage:
            continue
        tasks = onboarding_tasks(organisation=membership.organisation, progress=membership)
        if not all(task.done for task in tasks):
            lists.append((membership.organisation, tasks))
    return lists
