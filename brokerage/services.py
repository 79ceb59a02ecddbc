"""Brokerage workflows: what views, tasks, the admin and ``seed_lcr`` call.

Each service checks the rule a person can break and raises ``ServiceError``
(``portal.services``) with a message for them; the database constraints in
``models.py`` are the last word (a concurrent accept that loses the race becomes the
same friendly message).
"""

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from brokerage import scheduling, suggestions
from brokerage.models import (
    Matchmaking,
    Meeting,
    Outcome,
    Participant,
    Reminder,
    Seat,
    Session,
    Slot,
)
from portal.models import Keyword
from portal.outbox import email_queue
from portal.services import ServiceError

REMINDER_DAYS = 3
AGENDA_SALT = "brokerage.agenda"


# --- Organiser setup -----------------------------------------------------------------


def matchmaking_save(*, matchmaking):
    """Save the matchmaking settings of an event."""
    matchmaking.full_clean()
    matchmaking.save()
    return matchmaking


def session_save(*, session):
    """Save a session and lay out its slots again (allowed until a meeting uses one)."""
    with transaction.atomic():
        session.save()
        if Meeting.objects.filter(slot__session=session).exists():
            raise ServiceError(
                "Meetings are already placed in this session; unschedule them before "
                "changing its times."
            )
        session.slots.all().delete()
        Slot.objects.bulk_create(
            Slot(session=session, index=i, starts_at=start, ends_at=end)
            for i, (start, end) in enumerate(session.slot_times())
        )
    return session


# --- Registration -------------------------------------------------------------------


def participant_register(
    *,
    matchmaking,
    user,
    organisation,
    sessions,
    offer,
    seek,
    offers,
    seeks,
    focal_areas,
    opportunities=(),
    now=None,
):
    """Register ``user`` (for ``organisation``) with a marketplace entry."""
    if not matchmaking.registration_open(now):
        raise ServiceError("Registration for this event's matchmaking is not open.")
    if not Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ServiceError("You can only register for an organisation you belong to.")
    if Participant.objects.filter(matchmaking=matchmaking, user=user).exists():
        raise ServiceError("You are already registered for this event's matchmaking.")
    validated = not matchmaking.validation_required
    with transaction.atomic():
        participant = Participant.objects.create(
            matchmaking=matchmaking,
            user=user,
            organisation=organisation,
            offer=offer,
            seek=seek,
            status=Participant.Status.VALIDATED if validated else Participant.Status.PENDING,
            decided_at=timezone.now() if validated else None,
        )
        participant.sessions.set(sessions)
        participant.offers.set(Keyword.objects.from_text(offers))
        participant.seeks.set(Keyword.objects.from_text(seeks))
        participant.focal_areas.set(focal_areas)
        participant.opportunities.set(opportunities)
        _email(participant, "brokerage_validated" if validated else "brokerage_registered")
    return participant


def participant_decide(*, participant, validate):
    """Validate or reject a registration (the organiser's call); both are emailed."""
    participant.status = Participant.Status.VALIDATED if validate else Participant.Status.REJECTED
    participant.decided_at = timezone.now()
    with transaction.atomic():
        participant.save(update_fields=["status", "decided_at"])
        _email(participant, "brokerage_validated" if validate else "brokerage_rejected")
    return participant


# --- Requests and meetings -------------------------------------------------------------


def meeting_request(*, requester, recipient, reason, suggested_because=(), now=None):
    """Ask ``recipient`` for a meeting; they accept or decline."""
    matchmaking = requester.matchmaking
    if not matchmaking.booking_open(now):
        raise ServiceError("Meeting requests can only be sent while booking is open.")
    if not requester.is_validated:
        raise ServiceError("The organiser has not validated your registration yet.")
    if recipient.matchmaking_id != matchmaking.pk or not recipient.is_validated:
        raise ServiceError("That participant is not taking part.")
    if recipient.pk == requester.pk:
        raise ServiceError("You cannot ask yourself for a meeting.")
    if recipient.organisation_id == requester.organisation_id:
        raise ServiceError("You cannot ask someone from your own organisation for a meeting.")
    try:
        with transaction.atomic():
            meeting = Meeting.objects.create(
                matchmaking=matchmaking,
                requester=requester,
                recipient=recipient,
                reason=reason,
                suggested_because=list(suggested_because),
            )
            _email(recipient, "brokerage_request", meeting=meeting)
    except IntegrityError:
        raise ServiceError(
            f"You already have a request open with {recipient.organisation.name}."
        ) from None
    return meeting


def free_slots(meeting):
    """Slots where both sides can attend, neither is busy and a table is free."""
    both = Session.objects.filter(participants=meeting.requester_id).filter(
        participants=meeting.recipient_id
    )
    busy = Seat.objects.filter(participant__in=[meeting.requester_id, meeting.recipient_id])
    return (
        Slot.objects.filter(session__in=both)
        .exclude(pk__in=busy.values("slot_id"))
        .annotate(used=Count("meetings"))
        .select_related("session")
        .order_by("starts_at")
        .filter(used__lt=F("session__tables"))
    )


def _place(meeting, slot, table=None):
    """Put an accepted meeting in ``slot`` (at ``table`` or the lowest free one) and
    seat both sides. The database refuses a double booking; the caller's atomic block
    turns that into a message."""
    if table is None:
        taken = set(slot.meetings.values_list("table", flat=True))
        free = [t for t in range(1, slot.session.tables + 1) if t not in taken]
        if not free:
            raise ServiceError("No table is free in that slot any more: choose another.")
        table = free[0]
    meeting.slot, meeting.table = slot, table
    meeting.save(update_fields=["slot", "table"])
    Seat.objects.bulk_create(
        [
            Seat(meeting=meeting, participant_id=p, slot=slot)
            for p in (meeting.requester_id, meeting.recipient_id)
        ]
    )


def meeting_accept(*, meeting, by, slot=None, now=None):
    """The recipient accepts. In participants-choose mode they pick a slot free for both
    (someone may take it a second earlier: then nothing changes and they are told)."""
    matchmaking = meeting.matchmaking
    if meeting.recipient.user_id != by.pk:
        raise ServiceError("Only the person asked can accept.")
    if meeting.status != Meeting.Status.PENDING:
        raise ServiceError("This request has already been answered.")
    if not matchmaking.booking_open(now):
        raise ServiceError("Booking has closed: requests can no longer be accepted.")
    choose = matchmaking.mode == Matchmaking.Mode.PARTICIPANTS_CHOOSE
    if choose and slot is None:
        raise ServiceError("Choose a time for the meeting.")
    try:
        with transaction.atomic():
            # Lock the two participants so concurrent accepts queue up behind each other.
            list(
                Participant.objects.select_for_update()
                .filter(pk__in=[meeting.requester_id, meeting.recipient_id])
                .order_by("pk")
            )
            updated = Meeting.objects.filter(pk=meeting.pk, status=Meeting.Status.PENDING).update(
                status=Meeting.Status.ACCEPTED, decided_at=timezone.now()
            )
            if not updated:
                raise ServiceError("This request has already been answered.")
            meeting.refresh_from_db()
            if choose:
                # And the slot, so two accepts into it pick different tables.
                slot = Slot.objects.select_for_update().select_related("session").get(pk=slot.pk)
                if not free_slots(meeting).filter(pk=slot.pk).exists():
                    raise ServiceError(
                        "That time is no longer free for both of you: choose another."
                    )
                _place(meeting, slot)
            _email(meeting.requester, "brokerage_accepted", meeting=meeting)
            _email(meeting.recipient, "brokerage_accepted", meeting=meeting)
    except IntegrityError:
        raise ServiceError(
            "That time was taken a moment ago (a table or one of you is now busy): choose another."
        ) from None
    meeting.refresh_from_db()
    return meeting


def meeting_decline(*, meeting, by):
    """The recipient declines; the requester is told."""
    if meeting.recipient.user_id != by.pk:
        raise ServiceError("Only the person asked can decline.")
    with transaction.atomic():
        updated = Meeting.objects.filter(pk=meeting.pk, status=Meeting.Status.PENDING).update(
            status=Meeting.Status.DECLINED, decided_at=timezone.now()
        )
        if not updated:
            raise ServiceError("This request has already been answered.")
        meeting.refresh_from_db()
        _email(meeting.requester, "brokerage_declined", meeting=meeting)
    return meeting


# --- Scheduling ---------------------------------------------------------------------------


def _problem(matchmaking):
    """The scheduler's view of the event: plain values, no models."""
    slots = list(Slot.objects.filter(session__matchmaking=matchmaking).select_related("session"))
    by_id = {slot.pk: slot for slot in slots}
    tables = {slot.session.tables for slot in slots}
    plain = {s.pk: scheduling.Slot(session=s.session_id, index=s.index) for s in slots}
    availability = {
        participant.pk: [session.pk for session in participant.sessions.all()]
        for participant in matchmaking.participants.prefetch_related("sessions")
    }
    # A time participants chose themselves is theirs: scheduling works around it.
    chosen_by_participants = matchmaking.mode == Matchmaking.Mode.PARTICIPANTS_CHOOSE
    meetings = []
    for meeting in matchmaking.meetings.filter(status=Meeting.Status.ACCEPTED):
        fixed = meeting.slot_id and (meeting.published or chosen_by_participants)
        meetings.append(
            scheduling.Meeting(
                key=meeting.pk,
                a=meeting.requester_id,
                b=meeting.recipient_id,
                slot=plain[meeting.slot_id] if fixed else None,
                table=meeting.table if fixed else None,
            )
        )
    problem = scheduling.Problem(
        slots=[plain[s.pk] for s in slots],
        tables=min(tables) if tables else 0,
        availability=availability,
        meetings=meetings,
    )
    back = {plain[pk]: by_id[pk] for pk in by_id}
    return problem, back


def matchmaking_schedule(*, matchmaking):
    """Schedule every accepted meeting (the organiser's "schedule all"): the most
    meetings, then the fewest idle gaps, keeping published ones where they are.
    Returns the scheduler's result (its ``unplaced`` says why, per meeting id)."""
    problem, back = _problem(matchmaking)
    result = scheduling.schedule(problem)
    try:
        _apply(matchmaking, problem, result, back)
    except IntegrityError:
        raise ServiceError(
            "Someone booked a meeting while the schedule was being worked out: "
            "nothing was changed. Schedule again."
        ) from None
    return result


def _apply(matchmaking, problem, result, back):
    with transaction.atomic():
        fixed = {m.key for m in problem.meetings if m.slot is not None}
        movable = matchmaking.meetings.filter(status=Meeting.Status.ACCEPTED).exclude(pk__in=fixed)
        Seat.objects.filter(meeting__in=movable).delete()
        movable.update(slot=None, table=None)
        meetings = Meeting.objects.in_bulk([k for k in result.placed if k not in fixed])
        for key, meeting in meetings.items():
            slot, table = result.placed[key]
            _place(meeting, back[slot], table)


def matchmaking_publish(*, matchmaking):
    """Publish the agendas: every scheduled meeting is fixed, and each participant with
    meetings is emailed their agenda (as "changed" when agendas were out before)."""
    changed = matchmaking.agendas_published_at is not None
    with transaction.atomic():
        newly = list(
            matchmaking.meetings.scheduled()
            .filter(published=False)
            .values_list("requester_id", "recipient_id")
        )
        matchmaking.meetings.scheduled().update(published=True)
        matchmaking.agendas_published_at = timezone.now()
        matchmaking.save(update_fields=["agendas_published_at"])
        people = {p for pair in newly for p in pair} if changed else None
        participants = matchmaking.participants.filter(seats__isnull=False).distinct()
        if people is not None:
            participants = participants.filter(pk__in=people)
        for participant in participants.select_related("user", "matchmaking__event"):
            _email(participant, "brokerage_agenda_changed" if changed else "brokerage_agenda")
    return matchmaking


# --- Reminders -----------------------------------------------------------------------


def reminder_period(matchmaking, now):
    return (now - matchmaking.booking_opens_at).days // REMINDER_DAYS


def participants_without_meetings(matchmaking):
    return matchmaking.participants.validated().exclude(
        Q(requests_sent__status__in=Meeting.OPEN_STATUSES)
        | Q(requests_received__status__in=Meeting.OPEN_STATUSES)
    )


def participant_remind(*, participant, now=None):
    """Email a participant with no meetings, once per 3-day period; False if they
    were already reminded in this period (or booking is not open)."""
    now = now or timezone.now()
    matchmaking = participant.matchmaking
    if not matchmaking.booking_open(now):
        return False
    period = reminder_period(matchmaking, now)
    with transaction.atomic():
        _, created = Reminder.objects.get_or_create(participant=participant, period=period)
        if created:
            _email(participant, "brokerage_reminder")
    return created


def reminders_send(*, now=None):
    """Remind everyone with no meetings at every event whose booking is open (beat)."""
    now = now or timezone.now()
    sent = 0
    open_now = Matchmaking.objects.filter(booking_opens_at__lte=now, booking_closes_at__gte=now)
    for matchmaking in open_now:
        for participant in participants_without_meetings(matchmaking).select_related("user"):
            sent += participant_remind(participant=participant, now=now)
    return sent


# --- Outcomes -------------------------------------------------------------------------------


def outcome_record(*, meeting, participant, result, note=""):
    """One side says what came of a meeting; it reaches matching as feedback."""
    if participant.pk not in (meeting.requester_id, meeting.recipient_id):
        raise ServiceError("You were not in this meeting.")
    if meeting.slot is None or meeting.slot.starts_at > timezone.now():
        raise ServiceError("You can record an outcome once the meeting has taken place.")
    with transaction.atomic():
        outcome, _ = Outcome.objects.update_or_create(
            meeting=meeting, participant=participant, defaults={"result": result, "note": note}
        )
        other = meeting.other(participant)
        suggestions.outcome_feedback(
            user=participant.user,
            event=meeting.matchmaking.event,
            other_organisation=other.organisation,
            result=result,
            reasons=[meeting.reason, *meeting.suggested_because],
        )
    return outcome


# --- Agenda links ---------------------------------------------------------------------


def agenda_token(participant):
    """A signed token for the participant's calendar subscription URL."""
    return signing.dumps(participant.pk, salt=AGENDA_SALT)


def participant_from_token(token):
    try:
        pk = signing.loads(token, salt=AGENDA_SALT)
    except signing.BadSignature:
        return None
    return Participant.objects.filter(pk=pk).select_related("matchmaking__event").first()


def _email(participant, name, **context):
    event = participant.matchmaking.event
    email_queue(
        name=name,
        to=[participant.user.email],
        context={
            "participant": participant,
            "event": event,
            "home_url": reverse("brokerage:home", args=[event.slug]),
            "agenda_url": reverse("brokerage:agenda", args=[event.slug]),
            "requests_url": reverse("brokerage:requests", args=[event.slug]),
            **context,
        },
    )
