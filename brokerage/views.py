"""Pages under /events/<slug>/matchmaking/. Who may see what is decided by the
helpers at the top; anything a person may not see is a 404."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.models import Organisation
from brokerage import calendar, services, suggestions
from brokerage.filters import ParticipantFilter
from brokerage.forms import (
    AcceptForm,
    MatchmakingForm,
    MeetingRequestForm,
    OutcomeForm,
    RegistrationForm,
    SessionForm,
)
from brokerage.models import Matchmaking, Meeting, Participant, Session
from opportunities.models import Opportunity, Viewer
from portal.actions import run_action
from portal.csvfiles import csv_response
from portal.services import ServiceError

PAGE_SIZE = 20
IDLE_SHOWN = 50  # the organiser page lists this many without meetings; the count says all


def _matchmaking(request, slug):
    """The event's matchmaking, if the person may see the event at all."""
    return get_object_or_404(
        Matchmaking.objects.select_related("event__organisation").filter(
            event__in=Opportunity.objects.visible_to(request.user)
        ),
        event__slug=slug,
    )


def _organised(request, slug):
    return get_object_or_404(
        Matchmaking.objects.organised_by(request.user).select_related("event"), event__slug=slug
    )


def _me(request, matchmaking):
    if not request.user.is_authenticated:
        return None
    return (
        Participant.objects.filter(matchmaking=matchmaking, user=request.user)
        .select_related("organisation")
        .first()
    )


def _marketplace_open_to(request, matchmaking):
    """Validated participants, organisers, and (if public) everyone see the entries."""
    me = _me(request, matchmaking)
    if me is not None and me.is_validated:
        return me
    if matchmaking.marketplace_public or matchmaking.is_organiser(request.user):
        return me
    raise Http404


# --- Organiser ------------------------------------------------------------------------


@login_required
def setup(request, slug):
    """Switch matchmaking on (or change it) for an event the person's organisation runs."""
    events = Opportunity.objects.filter(kind=Opportunity.Kind.EVENT)
    if not request.user.has_staff_powers:
        events = events.filter(organisation__memberships__user=request.user)
    event = get_object_or_404(events, slug=slug)
    matchmaking = Matchmaking.objects.filter(event=event).first() or Matchmaking(event=event)
    form = MatchmakingForm(request.POST or None, instance=matchmaking)
    if request.method == "POST" and form.is_valid():
        services.matchmaking_save(matchmaking=form.instance)
        messages.success(request, "Matchmaking settings saved.")
        if not matchmaking.sessions.exists():
            return redirect("brokerage:session_add", slug)
        return redirect("brokerage:organise", slug)
    sessions = matchmaking.sessions.annotate(slot_count=Count("slots")) if matchmaking.pk else []
    return render(
        request,
        "brokerage/setup.html",
        {"event": event, "matchmaking": matchmaking, "form": form, "sessions": sessions},
    )


@login_required
def session_add(request, slug, pk=None):
    matchmaking = _organised(request, slug)
    session = (
        get_object_or_404(matchmaking.sessions, pk=pk) if pk else Session(matchmaking=matchmaking)
    )
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_save(session=form.instance)
        except ServiceError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Session saved with {form.instance.slots.count()} slots.")
            return redirect("brokerage:setup", slug)
    return render(
        request,
        "brokerage/session_form.html",
        {"event": matchmaking.event, "matchmaking": matchmaking, "form": form, "session": session},
    )


@login_required
def organise(request, slug):
    matchmaking = _organised(request, slug)
    meetings = matchmaking.meetings
    counts = meetings.aggregate(
        sent=Count("pk"),
        accepted=Count("pk", filter=Q(status=Meeting.Status.ACCEPTED)),
        scheduled=Count("pk", filter=Q(status=Meeting.Status.ACCEPTED, slot__isnull=False)),
        declined=Count("pk", filter=Q(status=Meeting.Status.DECLINED)),
    )
    outcomes = (
        matchmaking.meetings.filter(outcomes__isnull=False)
        .values("outcomes__result")
        .annotate(n=Count("pk"))
        .order_by("outcomes__result")
    )
    registrations = Paginator(
        matchmaking.participants.select_related("organisation", "user").order_by("status", "pk"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    idle = services.participants_without_meetings(matchmaking).select_related(
        "organisation", "user"
    )
    return render(
        request,
        "brokerage/organise.html",
        {
            "event": matchmaking.event,
            "matchmaking": matchmaking,
            "counts": counts,
            "outcomes": outcomes,
            "page_obj": registrations,
            "idle": idle[:IDLE_SHOWN],
            "idle_count": idle.count(),
            "unplaced": request.session.pop(f"brokerage-unplaced-{matchmaking.pk}", None),
        },
    )


@require_POST
@login_required
def participant_decide(request, slug, pk, decision):
    matchmaking = _organised(request, slug)
    if decision not in ("validate", "reject"):
        raise Http404
    participant = get_object_or_404(matchmaking.participants, pk=pk)
    services.participant_decide(participant=participant, validate=decision == "validate")
    verb = "validated" if decision == "validate" else "rejected"
    messages.success(request, f"{participant} {verb}; they have been emailed.")
    return redirect("brokerage:organise", slug)


@require_POST
@login_required
def participant_remind(request, slug, pk):
    matchmaking = _organised(request, slug)
    participant = get_object_or_404(services.participants_without_meetings(matchmaking), pk=pk)
    if services.participant_remind(participant=participant):
        messages.success(request, f"Reminder sent to {participant}.")
    else:
        messages.info(
            request,
            f"{participant} was already reminded in the last {services.REMINDER_DAYS} days, "
            "or booking is not open: nothing sent.",
        )
    return redirect("brokerage:organise", slug)


@require_POST
@login_required
def schedule_all(request, slug):
    matchmaking = _organised(request, slug)
    return run_action(
        request,
        services.matchmaking_schedule,
        matchmaking=matchmaking,
        success=lambda result: _scheduled(request, matchmaking, result),
        then=reverse("brokerage:organise", args=[slug]),
    )


def _scheduled(request, matchmaking, result):
    """Keep what could not be placed for the organiser page; say what was placed."""
    if result.unplaced:
        names = {
            m.pk: str(m)
            for m in matchmaking.meetings.filter(pk__in=result.unplaced).select_related(
                "requester__user",
                "requester__organisation",
                "recipient__user",
                "recipient__organisation",
            )
        }
        request.session[f"brokerage-unplaced-{matchmaking.pk}"] = [
            [names[key], reason] for key, reason in result.unplaced.items()
        ]
    proof = "the most the constraints allow" if result.optimal else "the best found in time"
    return (
        f"Scheduled {result.count} meetings ({proof}); {len(result.unplaced)} could not be placed."
    )


@require_POST
@login_required
def publish(request, slug):
    matchmaking = _organised(request, slug)
    services.matchmaking_publish(matchmaking=matchmaking)
    messages.success(request, "Agendas published; participants have been emailed.")
    return redirect("brokerage:organise", slug)


def _plan(matchmaking):
    meetings = (
        matchmaking.meetings.scheduled()
        .select_related(
            "slot__session",
            "requester__organisation",
            "requester__user",
            "recipient__organisation",
            "recipient__user",
        )
        .order_by("slot__starts_at", "table")
    )
    return meetings


@login_required
def table_plan(request, slug):
    matchmaking = _organised(request, slug)
    slots = {}
    for meeting in _plan(matchmaking):
        slots.setdefault(meeting.slot, []).append(meeting)
    return render(
        request,
        "brokerage/table_plan.html",
        {"event": matchmaking.event, "matchmaking": matchmaking, "slots": slots.items()},
    )


PLAN_COLUMNS = [
    "session",
    "starts",
    "ends",
    "table",
    "requester",
    "requester organisation",
    "recipient",
    "recipient organisation",
    "reason",
    "published",
]


@login_required
def plan_csv(request, slug):
    """The table plan as CSV, through the portal's one safe writer (reasons are typed by
    participants)."""
    matchmaking = _organised(request, slug)
    rows = (
        dict(
            zip(
                PLAN_COLUMNS,
                [
                    m.slot.session.title,
                    m.slot.starts_at.isoformat(),
                    m.slot.ends_at.isoformat(),
                    m.table,
                    m.requester.display_name,
                    m.requester.organisation.name,
                    m.recipient.display_name,
                    m.recipient.organisation.name,
                    m.reason,
                    m.published,
                ],
                strict=True,
            )
        )  # fmt: skip
        for m in _plan(matchmaking)
    )
    return csv_response(filename=f"{slug}-meetings.csv", columns=PLAN_COLUMNS, rows=rows)


# --- Participants -----------------------------------------------------------------------


def home(request, slug):
    matchmaking = _matchmaking(request, slug)
    me = _me(request, matchmaking)
    return render(
        request,
        "brokerage/home.html",
        {
            "event": matchmaking.event,
            "matchmaking": matchmaking,
            "me": me,
            "is_organiser": matchmaking.is_organiser(request.user),
            "sessions": matchmaking.sessions.annotate(slot_count=Count("slots")),
        },
    )


@login_required
def register(request, slug):
    matchmaking = _matchmaking(request, slug)
    if _me(request, matchmaking) is not None:
        messages.info(request, "You are already registered.")
        return redirect("brokerage:home", slug)
    organisations = Organisation.objects.of_member(request.user).order_by("name")
    if not organisations.exists():
        return render(request, "opportunities/no_organisation.html")
    form = RegistrationForm(
        request.POST or None, matchmaking=matchmaking, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_register(
                matchmaking=matchmaking, user=request.user, **form.cleaned_data
            )
        except ServiceError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "You are registered; we have emailed you.")
            return redirect("brokerage:home", slug)
    return render(
        request,
        "brokerage/register.html",
        {"event": matchmaking.event, "matchmaking": matchmaking, "form": form},
    )


def _others(matchmaking, me):
    others = matchmaking.participants.validated().for_lists()
    if me is not None:
        others = others.exclude(organisation_id=me.organisation_id)
    return others


def participant_list(request, slug):
    matchmaking = _matchmaking(request, slug)
    me = _marketplace_open_to(request, matchmaking)
    filterset = ParticipantFilter(request.GET or None, queryset=_others(matchmaking, me))
    page = Paginator(filterset.qs.order_by("organisation__name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    suggested = []
    if me is not None and me.is_validated:
        asked = Meeting.objects.involving(me).filter(status__in=Meeting.OPEN_STATUSES)
        candidates = _others(matchmaking, me).exclude(
            Q(pk__in=asked.values("requester_id")) | Q(pk__in=asked.values("recipient_id"))
        )
        suggested = suggestions.suggested_meetings(me, candidates)
    return render(
        request,
        "brokerage/participant_list.html",
        {
            "event": matchmaking.event,
            "matchmaking": matchmaking,
            "filter": filterset,
            "page_obj": page,
            "me": me,
            "suggested": suggested,
        },
    )


def participant_detail(request, slug, pk):
    matchmaking = _matchmaking(request, slug)
    me = _marketplace_open_to(request, matchmaking)
    other = get_object_or_404(_others(matchmaking, None), pk=pk)
    form = None
    if me is not None and me.is_validated and other.pk != me.pk:
        reasons = request.GET.getlist("because")
        form = MeetingRequestForm(
            request.POST or None, initial={"suggested_because": json.dumps(reasons)}
        )
        if request.method == "POST" and form.is_valid():
            try:
                because = json.loads(form.cleaned_data["suggested_because"] or "[]")
            except ValueError:
                because = []
            try:
                services.meeting_request(
                    requester=me,
                    recipient=other,
                    reason=form.cleaned_data["reason"],
                    suggested_because=[str(b)[:200] for b in because][:5],
                )
            except ServiceError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, f"Request sent to {other}; we will email you their answer."
                )
                return redirect("brokerage:requests", slug)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "brokerage/participant_detail.html",
        {
            "event": matchmaking.event,
            "matchmaking": matchmaking,
            "other": other,
            "me": me,
            "form": form,
            "linked": linked_opportunities(other, request.user),
        },
    )


def linked_opportunities(participant, user):
    """The participant's opportunities the user may open, leaving out anonymous ones
    whose poster the user may not know: listed under the organisation's name, they
    would name it."""
    viewer = Viewer(user)
    linked = participant.opportunities.filter(
        pk__in=Opportunity.objects.visible_to(user).published()
    ).select_related("organisation")
    return [o for o in linked if o.poster_shown_to(viewer).organisation]


def _participant(request, slug):
    """The signed-in person's own registration for this event, or 404."""
    matchmaking = _matchmaking(request, slug)
    me = _me(request, matchmaking)
    if me is None:
        raise Http404
    return matchmaking, me


@login_required
def request_list(request, slug):
    """Requests received (to answer) or sent, one paginated list at a time."""
    matchmaking, me = _participant(request, slug)
    box = "sent" if request.GET.get("box") == "sent" else "received"
    requests = me.requests_sent if box == "sent" else me.requests_received
    related = ("requester__organisation", "requester__user", "recipient__organisation",
               "recipient__user", "slot")  # fmt: skip
    page = Paginator(requests.select_related(*related).order_by("-created_at"), PAGE_SIZE)
    return render(
        request,
        "brokerage/request_list.html",
        {
            "event": matchmaking.event,
            "matchmaking": matchmaking,
            "me": me,
            "box": box,
            "page_obj": page.get_page(request.GET.get("page")),
        },
    )


@login_required
def request_accept(request, slug, pk):
    """Accept a request: a POST from the requests page, or in participants-choose mode
    a page to pick a time free for both."""
    matchmaking, me = _participant(request, slug)
    meeting = get_object_or_404(
        me.requests_received.select_related("requester__organisation", "requester__user"), pk=pk
    )
    choose = matchmaking.mode == Matchmaking.Mode.PARTICIPANTS_CHOOSE
    if not choose and request.method != "POST":
        raise Http404
    form = AcceptForm(request.POST or None, slots=services.free_slots(meeting)) if choose else None
    problem = None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            services.meeting_accept(
                meeting=meeting, by=request.user, slot=form.cleaned_data["slot"] if form else None
            )
        except ServiceError as error:
            if form is None:
                messages.error(request, str(error))
                return redirect("brokerage:requests", slug)
            # Someone took the time a moment ago: offer what is free now, keep the page.
            problem = str(error)
            form = AcceptForm(slots=services.free_slots(meeting))
        else:
            messages.success(request, f"Meeting with {meeting.requester} accepted.")
            return redirect("brokerage:requests", slug)
    return render(
        request,
        "brokerage/accept.html",
        {
            "event": matchmaking.event,
            "matchmaking": matchmaking,
            "meeting": meeting,
            "form": form,
            "problem": problem,
        },
        status=409 if problem else 200,
    )


@require_POST
@login_required
def request_decline(request, slug, pk):
    matchmaking, me = _participant(request, slug)
    meeting = get_object_or_404(me.requests_received, pk=pk)
    return run_action(
        request,
        services.meeting_decline,
        meeting=meeting,
        by=request.user,
        success="Request declined; they have been told.",
        then=reverse("brokerage:requests", args=[slug]),
    )


def _agenda(me):
    return (
        Meeting.objects.involving(me)
        .scheduled()
        .select_related(
            "slot__session",
            "requester__organisation",
            "requester__user",
            "recipient__organisation",
            "recipient__user",
        )
        .prefetch_related("outcomes")
        .order_by("slot__starts_at")
    )


@login_required
def agenda(request, slug):
    matchmaking, me = _participant(request, slug)
    entries = []
    for meeting in _agenda(me):
        mine = next((o for o in meeting.outcomes.all() if o.participant_id == me.pk), None)
        entries.append({"meeting": meeting, "other": meeting.other(me), "outcome": mine})
    subscribe = request.build_absolute_uri(
        reverse("brokerage:agenda_feed", args=[slug, services.agenda_token(me)])
    )
    return render(
        request,
        "brokerage/agenda.html",
        {
            "event": matchmaking.event,
            "matchmaking": matchmaking,
            "me": me,
            "entries": entries,
            "subscribe_url": subscribe,
            "outcome_form": OutcomeForm(),
        },
    )


def _ics_response(matchmaking, me, request):
    body = calendar.agenda_ics(matchmaking, me, _agenda(me), request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{matchmaking.event.slug}-agenda.ics"'
    return response


@login_required
def agenda_ics(request, slug):
    matchmaking, me = _participant(request, slug)
    return _ics_response(matchmaking, me, request)


def agenda_feed(request, slug, token):
    """The calendar subscription: the signed token stands in for signing in."""
    me = services.participant_from_token(token)
    if me is None or me.matchmaking.event.slug != slug:
        raise Http404
    return _ics_response(me.matchmaking, me, request)


@require_POST
@login_required
def outcome(request, slug, pk):
    matchmaking, me = _participant(request, slug)
    meeting = get_object_or_404(
        Meeting.objects.involving(me).scheduled().select_related("slot"), pk=pk
    )
    agenda = reverse("brokerage:agenda", args=[slug])
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        # Every problem, named (the radio's own message is "Choose what came of...").
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(agenda)
    return run_action(
        request,
        services.outcome_record,
        meeting=meeting,
        participant=me,
        **form.cleaned_data,
        success="Outcome recorded. Thank you.",
        then=agenda,
    )
