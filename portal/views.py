from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.models import Invitation, Membership, Organisation
from accounts.services import verified_emails
from assets.models import Asset, Enquiry
from matching.selectors import recommended_for
from opportunities.models import Opportunity
from opportunities.views import dashboard_context as opportunities_dashboard
from portal.health import readiness
from portal.models import FocalArea, NewsPost
from portal.onboarding import onboarding_incomplete, onboarding_tasks, progress_annotations

PAGE_SIZE = 20


def home(request):
    # Open opportunities the visitor may see (never members-only ones for anonymous ones).
    open_opportunities = Opportunity.objects.visible_to(request.user).still_open()
    # Counted apart: joining both link tables and counting distinct rows multiplied assets
    # by opportunities (163 ms with 5,000 opportunities), and a subquery per area would
    # scan the open opportunities once per area; one grouped query scans them once.
    opportunity_counts = dict(
        Opportunity.focal_areas.through.objects.filter(
            opportunity__in=open_opportunities.values("pk")
        )
        .order_by()
        .values_list("focalarea_id")
        .annotate(count=Count("*"))
    )
    focal_areas = list(
        FocalArea.objects.annotate(
            asset_count=_count_per_focal_area(
                Asset.focal_areas.through, asset__status=Asset.Status.PUBLISHED
            )
        )
    )
    for area in focal_areas:
        area.opportunity_count = opportunity_counts.get(area.pk, 0)
    featured = (
        Asset.objects.published()
        .filter(featured=True)
        .select_related("host")
        .prefetch_related("focal_areas")[:6]
    )
    latest = open_opportunities.exclude(kind=Opportunity.Kind.EVENT).for_lists()[:5]
    events = Opportunity.objects.visible_to(request.user).upcoming_events().for_lists()[:5]
    return render(
        request,
        "portal/home.html",
        {
            "focal_areas": focal_areas,
            "featured_assets": featured,
            "latest_opportunities": latest,
            "upcoming_events": events,
        },
    )


def _count_per_focal_area(through, **filters):
    """How many rows of a focal-area link table (one per record and area) match, per area."""
    rows = (
        through.objects.filter(focalarea_id=OuterRef("pk"), **filters)
        .order_by()
        .values("focalarea_id")
        .annotate(count=Count("*"))
        .values("count")
    )
    return Coalesce(Subquery(rows), 0)


@login_required
def dashboard(request):
    if not request.user.name:
        # Accounts made before sign-up asked for a name are asked once, here.
        return redirect(f"{reverse('account_name')}?next={reverse('dashboard')}")
    memberships = list(
        Membership.objects.filter(user=request.user)
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "organisation__memberships",
                queryset=Membership.objects.select_related("user").order_by("role", "user__email"),
            )
        )
        .annotate(**progress_annotations(user=request.user, organisation_ref="organisation_id"))
        .order_by("organisation__name")
    )
    pending_invitations = (
        Invitation.objects.pending()
        .for_emails(verified_emails(request.user))
        .select_related("organisation", "invited_by")
    )
    context = {
        "memberships": memberships,
        "pending_invitations": pending_invitations,
        "recommended": recommended_for(
            request.user, organisation_ids=[m.organisation_id for m in memberships]
        ),
        "onboarding": [
            (organisation, tasks, sum(task.done for task in tasks))
            for organisation, tasks in onboarding_incomplete(memberships)
        ],
    }
    context["no_recommendations_because"] = _why_no_recommendations(memberships)
    context |= opportunities_dashboard(request.user, has_organisation=bool(memberships))
    # Assets: the user's latest access enquiries (templates/assets/dashboard_enquiries.html).
    context["enquiries"] = Enquiry.objects.visible_to(request.user).select_related("asset")[:5]
    # ...and, for the people of a host, the enquiries their facilities received.
    context["enquiries_received"] = Enquiry.objects.received_by(request.user).aggregate(
        total=Count("pk"), waiting=Count("pk", filter=Q(status=Enquiry.Status.SENT))
    )
    return render(request, "portal/dashboard.html", context)


def _why_no_recommendations(memberships):
    """What the dashboard says when nothing is recommended: the truth, and what helps."""
    if not memberships:
        return (
            "Recommendations are for organisations: create yours or accept an invitation, "
            "and the portal will suggest opportunities that fit."
        )
    lacking = [
        m.organisation for m in memberships if not (m.has_capabilities and m.has_focal_areas)
    ]
    if lacking:
        names = ", ".join(o.name for o in lacking)
        return (
            f"Add capabilities and focal areas to the profile of {names}: the portal "
            "matches on them and says why."
        )
    return (
        "Nothing open fits your organisation's profile right now. A match needs a "
        "capability or keyword in common with an opportunity, not only a focal area: "
        "naming the specific techniques, equipment and services you offer helps. "
        "New matches are emailed to you as your match alerts say."
    )


@login_required
def onboarding_task_list(request, slug):
    """After creating an organisation: what to do next, and how much is done."""
    organisation = get_object_or_404(
        Organisation.objects.managed_by(request.user).annotate(
            **progress_annotations(user=request.user, organisation_ref="pk")
        ),
        slug=slug,
    )
    tasks = onboarding_tasks(organisation=organisation, progress=organisation)
    return render(
        request,
        "portal/onboarding_tasks.html",
        {
            "organisation": organisation,
            "tasks": tasks,
            "done_count": sum(task.done for task in tasks),
        },
    )


def news_list(request):
    page = Paginator(NewsPost.objects.published(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/news_list.html", {"page_obj": page})


def news_detail(request, slug):
    post = get_object_or_404(NewsPost.objects.published(), slug=slug)
    return render(request, "portal/news_detail.html", {"post": post})


@require_GET
@never_cache
def healthz(request):
    """Liveness: the process answers."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
@never_cache
def readyz(request):
    """Readiness: 200 when every part answers; 503 naming the parts that do not."""
    results = readiness()
    failing = {name: reason for name, reason in results.items() if reason}
    body = {name: (reason or "ok") for name, reason in results.items()}
    return JsonResponse(
        {"status": "fail" if failing else "ok", "checks": body},
        status=503 if failing else 200,
    )


def csrf_failure(request, reason=""):
    """A styled 403 for a missing or wrong CSRF token (Django's own page has no layout)."""
    return render(request, "403_csrf.html", status=403)
