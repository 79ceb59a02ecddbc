from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST

from accounts.models import Organisation, User
from opportunities import services
from opportunities.filters import OpportunityFilter
from opportunities.forms import InterestForm, OpportunityForm, RenewForm
from opportunities.models import ExpressionOfInterest, Opportunity
from portal import pagecache
from portal.actions import run_action
from portal.confirm import confirm_page
from portal.pagecache import CountedPaginator
from portal.querystrings import clean_query_string
from portal.search import search_made
from portal.services import ServiceError

PAGE_SIZE = 20
DASHBOARD_SIZE = 10


def user_organisations(user):
    return Organisation.objects.of_member(user).order_by("name")


@clean_query_string
def opportunity_list(request):
    """Browse open opportunities; htmx requests get only the results."""
    opportunities = Opportunity.objects.visible_to(request.user).still_open().for_lists()
    filterset = OpportunityFilter(request.GET or None, queryset=opportunities, request=request)
    # still_open() keeps published opportunities only, so what visible_to() adds for a
    # member (their own drafts) never shows here: every signed-in visitor sees the same
    # rows (members-only ones too), and every anonymous one the public ones.
    scope = "signed-in" if request.user.is_authenticated else "public"
    count = filterset.result_count(scope=scope)
    page = CountedPaginator(filterset.qs, PAGE_SIZE, count=count).get_page(request.GET.get("page"))
    search_made(area="opportunities", params=request.GET, result_count=page.paginator.count)
    feed_query = urlencode(
        {k: request.GET[k] for k in ("kind", "focal_area") if request.GET.get(k)}
    )
    context = {"filter": filterset, "page_obj": page, "feed_query": feed_query}
    partial = request.htmx and not request.htmx.history_restore_request
    template = "opportunities/_results.html" if partial else "opportunities/opportunity_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def opportunity_detail(request, slug):
    opportunity = get_object_or_404(
        Opportunity.objects.visible_to(request.user).select_related(
            "organisation", "venue", "posted_by"
        ),
        slug=slug,
    )
    user = request.user
    is_member = opportunity.is_member(user)
    context = {
        "opportunity": opportunity,
        "is_member": is_member,
        "related_assets": opportunity.related_assets.published(),
        "focal_areas": opportunity.focal_areas.all(),
        "keywords": opportunity.keywords.all(),
        "now": timezone.now(),
        # The description, facts, focal areas, keywords and related facilities are the
        # same for everyone who may open the page (is_member aside): kept as a fragment.
        "fragments": pagecache.Fragments(*pagecache.CACHED_PAGES["opportunity_detail"]),
    }
    if user.is_authenticated and not is_member:
        sent = ExpressionOfInterest.objects.sent_by(user).filter(opportunity=opportunity)
        context["sent_interests"] = sent.select_related("organisation")
        context["can_express"] = services.interest_organisations(
            opportunity=opportunity, user=user
        ).exists()
    if is_member:
        context["received_count"] = opportunity.interests.count()
    return render(request, "opportunities/opportunity_detail.html", context)


@login_required
def opportunity_create(request):
    organisations = list(user_organisations(request.user))
    if not organisations:
        return render(request, "opportunities/no_organisation.html", status=200)
    form = OpportunityForm(
        request.POST if request.method == "POST" else None, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        opportunity = services.opportunity_create(
            organisation=form.chosen_organisation(), by=request.user, **form.service_kwargs()
        )
        messages.success(
            request, "Saved as a draft. Check it, then submit it for review to publish it."
        )
        return redirect(opportunity)
    return render(request, "opportunities/opportunity_form.html", {"form": form})


def managed_opportunity(request, slug):
    return get_object_or_404(
        Opportunity.objects.managed_by(request.user).select_related("organisation"), slug=slug
    )


@login_required
def opportunity_edit(request, slug):
    opportunity = managed_opportunity(request, slug)
    if not opportunity.is_editable:
        messages.error(request, "A closed or expired opportunity cannot be edited.")
        return redirect(opportunity)
    form = OpportunityForm(request.POST if request.method == "POST" else None, instance=opportunity)
    if request.method == "POST" and form.is_valid():
        was_published = opportunity.status == Opportunity.Status.PUBLISHED
        opportunity = services.opportunity_update(
            opportunity=Opportunity.objects.get(pk=opportunity.pk),
            by=request.user,
            **form.service_kwargs(),
        )
        if was_published and opportunity.status == Opportunity.Status.PENDING:
            messages.info(request, "Saved. Your changes go to a curator for review first.")
        else:
            messages.success(request, "Your changes are saved.")
        return redirect(opportunity)
    return render(
        request, "opportunities/opportunity_form.html", {"form": form, "opportunity": opportunity}
    )


@require_POST
@login_required
def opportunity_submit(request, slug):
    opportunity = managed_opportunity(request, slug)
    return run_action(
        request,
        services.opportunity_submit,
        opportunity=opportunity,
        by=request.user,
        success=lambda submitted: (
            "Published: it is now listed on the portal."
            if submitted.status == Opportunity.Status.PUBLISHED
            else "Submitted for review. A curator will check it, usually within two working "
            "days, and we will email you."
        ),
        then=opportunity,
    )


@login_required
def opportunity_close_confirm(request, slug):
    """Ask once before closing; the page's button posts to ``opportunity_close``."""
    opportunity = managed_opportunity(request, slug)
    return confirm_page(
        request,
        title=f"Close “{opportunity.title}”?",
        consequences=[
            "It will no longer appear in lists, searches, feeds or newsletters.",
            "Nobody new can express interest. Interests already received stay on your dashboard.",
            "You cannot reopen it; post a new opportunity if you need to.",
        ],
        button="Close this opportunity",
        action_url=reverse("opportunity_close", args=[opportunity.slug]),
        cancel_url=opportunity.get_absolute_url(),
    )


@require_POST
@login_required
def opportunity_close(request, slug):
    opportunity = managed_opportunity(request, slug)
    return run_action(
        request,
        services.opportunity_close,
        opportunity=opportunity,
        by=request.user,
        success="Closed: it no longer appears in lists.",
        then=opportunity,
    )


@login_required
def opportunity_renew(request, slug):
    opportunity = managed_opportunity(request, slug)
    if not opportunity.can_renew:
        messages.error(request, "This opportunity cannot be renewed.")
        return redirect(opportunity)
    form = RenewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return run_action(
            request,
            services.opportunity_renew,
            opportunity=opportunity,
            by=request.user,
            deadline=form.cleaned_data["deadline"],
            success="Renewed: it stays open until the new closing date.",
            then=opportunity,
        )
    return render(
        request, "opportunities/opportunity_renew.html", {"form": form, "opportunity": opportunity}
    )


@login_required
def opportunity_mine(request):
    """Every opportunity of the user's organisations, with its status."""
    opportunities = Opportunity.objects.managed_by(request.user).select_related("organisation")
    page = Paginator(opportunities.order_by("-created_at"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "opportunities/opportunity_mine.html", {"page_obj": page})


# --- Expressions of interest -------------------------------------------------------


@login_required
def interest_create(request, slug):
    opportunity = get_object_or_404(
        Opportunity.objects.visible_to(request.user).select_related("organisation"), slug=slug
    )
    organisations = list(
        services.interest_organisations(opportunity=opportunity, user=request.user)
    )
    if not user_organisations(request.user).exists():
        return render(request, "opportunities/no_organisation.html")
    if not organisations:
        messages.error(
            request,
            "You cannot express interest in this opportunity: it is not open, it is your "
            "own organisation's, or your organisation has already expressed interest.",
        )
        return redirect(opportunity)
    form = InterestForm(
        request.POST if request.method == "POST" else None, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.interest_express(
                opportunity=opportunity,
                organisation=form.chosen_organisation(),
                by=request.user,
                **form.service_kwargs(),
            )
        except ServiceError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                "Your expression of interest is sent. You will get an email when they answer.",
            )
            return redirect(opportunity)
    return render(
        request,
        "opportunities/interest_form.html",
        {"form": form, "opportunity": opportunity},
    )


def interests_with_people():
    """Newest first (a stable order for paging), with both organisations; ``with_contacts``
    adds the people. Joining the user table three more times here made PostgreSQL spend
    10-25 ms planning each list (0.3 ms without), more than one query for the people costs."""
    return ExpressionOfInterest.objects.order_by("-created_at", "-pk").select_related(
        "opportunity__organisation", "organisation"
    )


def with_people(interests):
    """Attach who sent, decided and posted, for every interest in one query."""
    ids = set()
    for interest in interests:
        ids |= {interest.sent_by_id, interest.decided_by_id, interest.opportunity.posted_by_id}
    ids.discard(None)
    people = User.objects.in_bulk(ids) if ids else {}
    for interest in interests:
        interest.sent_by = people.get(interest.sent_by_id)
        interest.decided_by = people.get(interest.decided_by_id)
        interest.opportunity.posted_by = people.get(interest.opportunity.posted_by_id)
    return interests


def with_contacts(interests):
    """Attach the people and ``contacts`` (accepted only), in one query for them all."""
    with_people(interests)
    for interest in interests:
        interest.contacts = (
            services.interest_contacts(interest=interest) if interest.is_accepted else None
        )
    return interests


INTEREST_BOXES = {"received": "Received", "sent": "Sent"}


@login_required
def interest_list(request):
    """Every expression of interest the user's organisations received (?box=received,
    the default) or sent (?box=sent), newest first, paginated."""
    box = request.GET.get("box")
    if box not in INTEREST_BOXES:
        box = "received"
    interests = interests_with_people()
    interests = (
        interests.sent_by(request.user) if box == "sent" else interests.received_by(request.user)
    )
    page = Paginator(interests, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = with_contacts(list(page.object_list))
    return render(
        request,
        "opportunities/interest_list.html",
        {"box": box, "boxes": INTEREST_BOXES, "page_obj": page},
    )


@login_required
def interest_detail(request, pk):
    interest = get_object_or_404(interests_with_people().visible_to(request.user), pk=pk)
    orgs = set(Organisation.objects.of_member(request.user).values_list("pk", flat=True))
    is_poster = interest.opportunity.organisation_id in orgs
    with_contacts([interest])
    return render(
        request,
        "opportunities/interest_detail.html",
        {
            "interest": interest,
            "is_poster": is_poster,
            "is_sender": interest.organisation_id in orgs,
        },
    )


def _decide(request, pk, action, success):
    interest = get_object_or_404(
        ExpressionOfInterest.objects.received_by(request.user).select_related("opportunity"),
        pk=pk,
    )
    if request.POST.get("next") == "dashboard":
        then = "dashboard"
    elif request.POST.get("next") == "interests":
        then = f"{reverse('interest_list')}?box=received"
    else:
        then = interest
    return run_action(
        request, action, interest=interest, by=request.user, success=success, then=then
    )


@require_POST
@login_required
def interest_accept(request, pk):
    return _decide(
        request,
        pk,
        services.interest_accept,
        "Accepted. You can now see each other's contact details, and both sides have an email.",
    )


@require_POST
@login_required
def interest_decline(request, pk):
    return _decide(request, pk, services.interest_decline, "Declined. We have let them know.")


@login_required
def interest_withdraw_confirm(request, pk):
    """Ask once before withdrawing; the page's button posts to ``interest_withdraw``."""
    interest = get_object_or_404(
        ExpressionOfInterest.objects.sent_by(request.user).select_related("opportunity"), pk=pk
    )
    return confirm_page(
        request,
        title=f"Withdraw your interest in “{interest.opportunity.title}”?",
        consequences=[
            "The poster will see that you withdrew it and can no longer accept it.",
            "You cannot express interest in this opportunity again.",
        ],
        button="Withdraw my interest",
        action_url=reverse("interest_withdraw", args=[interest.pk]),
        cancel_url=interest.get_absolute_url(),
    )


@require_POST
@login_required
def interest_withdraw(request, pk):
    interest = get_object_or_404(ExpressionOfInterest.objects.sent_by(request.user), pk=pk)
    return run_action(
        request,
        services.interest_withdraw,
        interest=interest,
        by=request.user,
        success="Withdrawn.",
        then=interest,
    )


def dashboard_context(user, *, has_organisation):
    """The opportunities sections of the dashboard (a fixed number of queries);
    ``has_organisation``: whether the user belongs to one (the dashboard knows)."""
    # One more than shown, to know whether to offer "see all" without counting.
    received = list(interests_with_people().received_by(user)[: DASHBOARD_SIZE + 1])
    sent = list(interests_with_people().sent_by(user)[: DASHBOARD_SIZE + 1])
    with_contacts(received + sent)
    mine = list(
        Opportunity.objects.managed_by(user)
        .select_related("organisation")
        .order_by("-created_at")[:DASHBOARD_SIZE]
    )
    return {
        "interests_received": received[:DASHBOARD_SIZE],
        "interests_sent": sent[:DASHBOARD_SIZE],
        "more_interests_received": len(received) > DASHBOARD_SIZE,
        "more_interests_sent": len(sent) > DASHBOARD_SIZE,
        "my_opportunities": mine,
        "has_organisation": has_organisation,
    }


# --- Events ---------------------------------------------------------------------


@clean_query_string
def event_list(request):
    """Upcoming events by date, then past events, newest first (each paginated)."""
    visible = Opportunity.objects.visible_to(request.user).select_related("organisation", "venue")
    upcoming = Paginator(visible.upcoming_events(), PAGE_SIZE).get_page(request.GET.get("page"))
    past = Paginator(visible.past_events(), 10).get_page(request.GET.get("past"))
    return render(request, "opportunities/event_list.html", {"page_obj": upcoming, "past": past})
