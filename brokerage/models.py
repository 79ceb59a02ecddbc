"""Brokerage events: matchmaking on an event opportunity, its sessions and slots, the
participants and their marketplace entries, meeting requests (which become meetings),
outcomes and reminders.

The database holds the rules that must never break: a participant is never in two
meetings in one slot (``Seat``), a table never holds two meetings in one slot, one
open request per pair, one outcome per side of a meeting, one reminder per person per
period. Forms and services give the friendly messages.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation
from opportunities.models import Opportunity
from portal import pagecache
from portal.models import FocalArea, Keyword


class MatchmakingQuerySet(pagecache.PublicContentQuerySet):
    def organised_by(self, user):
        """Matchmaking the user may organise: their organisations' events; curators all."""
        if not user.is_authenticated:
            return self.none()
        if user.has_staff_powers:  # curators, in a two-factor session
            return self.all()
        return self.filter(event__organisation__memberships__user=user).distinct()


class Matchmaking(pagecache.ChangesPublicPages, models.Model):
    """Matchmaking switched on for one event: windows, validation and scheduling mode."""

    page_cache_area = pagecache.BROKERAGE

    class Mode(models.TextChoices):
        PARTICIPANTS_CHOOSE = "choose", "Participants choose a slot when accepting"
        ORGANISER_SCHEDULES = "organiser", "The organiser schedules every meeting"

    event = models.OneToOneField(Opportunity, on_delete=models.CASCADE, related_name="matchmaking")
    registration_opens_at = models.DateTimeField()
    registration_closes_at = models.DateTimeField()
    booking_opens_at = models.DateTimeField()
    booking_closes_at = models.DateTimeField()
    validation_required = models.BooleanField(
        "organiser validates participants",
        default=True,
        help_text="Participants appear to others only once you have validated them.",
    )
    marketplace_public = models.BooleanField(
        "public marketplace",
        default=False,
        help_text="Anyone, signed in or not, may read validated participants' entries.",
    )
    mode = models.CharField(
        "scheduling", max_length=10, choices=Mode.choices, default=Mode.ORGANISER_SCHEDULES
    )
    agendas_published_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False, help_text="Demo data, not a real event.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MatchmakingQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "matchmaking"
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_opens_at__lt=F("registration_closes_at")),
                name="matchmaking_registration_in_order",
            ),
            models.CheckConstraint(
                condition=Q(booking_opens_at__lt=F("booking_closes_at")),
                name="matchmaking_booking_in_order",
            ),
        ]

    def __str__(self):
        return f"Matchmaking at {self.event}"

    def get_absolute_url(self):
        return reverse("brokerage:home", args=[self.event.slug])

    def registration_open(self, now=None):
        now = now or timezone.now()
        return self.registration_opens_at <= now <= self.registration_closes_at

    def booking_open(self, now=None):
        now = now or timezone.now()
        return self.booking_opens_at <= now <= self.booking_closes_at

    def is_organiser(self, user):
        return Matchmaking.objects.organised_by(user).filter(pk=self.pk).exists()


class Session(models.Model):
    """A block of 1:1 meetings on one day: equal slots, the same tables in each."""

    matchmaking = models.ForeignKey(Matchmaking, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=100)
    date = models.DateField()
    starts = models.TimeField()
    ends = models.TimeField()
    meeting_minutes = models.PositiveSmallIntegerField(
        "meeting length (minutes)", default=20, help_text="For example 20 or 30."
    )
    tables = models.PositiveSmallIntegerField("number of tables", default=10)
    break_starts = models.TimeField(null=True, blank=True)
    break_ends = models.TimeField(null=True, blank=True)

    class Meta:
        ordering = ["date", "starts"]
        constraints = [
            models.CheckConstraint(condition=Q(starts__lt=F("ends")), name="session_in_order"),
            models.CheckConstraint(condition=Q(meeting_minutes__gte=5), name="session_minutes"),
            models.CheckConstraint(condition=Q(tables__gte=1), name="session_has_tables"),
            models.CheckConstraint(
                condition=Q(break_starts__isnull=True, break_ends__isnull=True)
                | Q(break_starts__lt=F("break_ends")),
                name="session_break_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%-d %b %Y}, {self.starts:%H:%M}-{self.ends:%H:%M})"

    def slot_times(self):
        """(start, end) of each slot, as aware datetimes, skipping the break."""
        zone = timezone.get_current_timezone()
        at = datetime.combine(self.date, self.starts, zone)
        end = datetime.combine(self.date, self.ends, zone)
        length = timedelta(minutes=self.meeting_minutes)
        pause = None
        if self.break_starts and self.break_ends:
            pause = (
                datetime.combine(self.date, self.break_starts, zone),
                datetime.combine(self.date, self.break_ends, zone),
            )
        times = []
        while at + length <= end:
            if pause and at < pause[1] and at + length > pause[0]:
                at = pause[1]
                continue
            times.append((at, at + length))
            at += length
        return times


class Slot(models.Model):
    """One meeting time in a session (kept as rows so the database can guard them)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="slots")
    index = models.PositiveSmallIntegerField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "index"], name="one_slot_per_index"),
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{local:%-d %b %H:%M}"


class ParticipantQuerySet(models.QuerySet):
    def validated(self):
        return self.filter(status=Participant.Status.VALIDATED)

    def for_lists(self):
        return self.select_related("organisation", "user").prefetch_related(
            "focal_areas", "offers", "seeks"
        )


class Participant(models.Model):
    """A person registered for an event's matchmaking, with their marketplace entry."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for validation"
        VALIDATED = "validated", "Validated"
        REJECTED = "rejected", "Rejected"

    matchmaking = models.ForeignKey(
        Matchmaking, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="brokerage_registrations"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="brokerage_registrations"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    sessions = models.ManyToManyField(Session, related_name="participants")
    offer = models.TextField("what you offer")
    seek = models.TextField("what you seek")
    offers = models.ManyToManyField(Keyword, blank=True, related_name="+")
    seeks = models.ManyToManyField(Keyword, blank=True, related_name="+")
    focal_areas = models.ManyToManyField(FocalArea, blank=True, related_name="+")
    opportunities = models.ManyToManyField(Opportunity, blank=True, related_name="+")
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["matchmaking", "user"], name="one_registration_per_person"
            ),
        ]

    def __str__(self):
        return f"{self.user.name or self.user.email} ({self.organisation})"

    @property
    def display_name(self):
        return self.user.name or self.user.email.split("@")[0]

    @property
    def is_validated(self):
        return self.status == self.Status.VALIDATED


class MeetingQuerySet(models.QuerySet):
    def involving(self, participant):
        return self.filter(Q(requester=participant) | Q(recipient=participant))

    def scheduled(self):
        return self.filter(status=Meeting.Status.ACCEPTED, slot__isnull=False)


class Meeting(models.Model):
    """A request for a 1:1 meeting; once accepted and given a slot and table, a meeting."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        CANCELLED = "cancelled", "Cancelled"

    OPEN_STATUSES = [Status.PENDING, Status.ACCEPTED]

    matchmaking = models.ForeignKey(Matchmaking, on_delete=models.CASCADE, related_name="meetings")
    requester = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="requests_sent"
    )
    recipient = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="requests_received"
    )
    reason = models.CharField("why meet", max_length=500)
    suggested_because = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    slot = models.ForeignKey(
        Slot, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    table = models.PositiveSmallIntegerField(null=True, blank=True)
    published = models.BooleanField(
        default=False, help_text="On an agenda people have seen: rescheduling keeps it."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["slot__starts_at", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(requester=F("recipient")), name="meeting_not_with_oneself"
            ),
            models.CheckConstraint(
                condition=Q(slot__isnull=True, table__isnull=True)
                | Q(slot__isnull=False, table__isnull=False, status="accepted"),
                name="meeting_slot_and_table_together",
            ),
            models.UniqueConstraint(
                fields=["slot", "table"], name="one_meeting_per_table_and_slot"
            ),
            models.UniqueConstraint(
                Least("requester", "recipient"),
                Greatest("requester", "recipient"),
                condition=Q(status__in=["pending", "accepted"]),
                name="one_open_request_per_pair",
            ),
        ]

    def __str__(self):
        return f"{self.requester} and {self.recipient}"

    def other(self, participant):
        return self.recipient if participant.pk == self.requester_id else self.requester


class Seat(models.Model):
    """One participant's place in a scheduled meeting: the database's guarantee that
    nobody is in two meetings in the same slot."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="seats")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="seats")
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="seats")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "slot"], name="one_meeting_at_a_time"),
            models.UniqueConstraint(fields=["meeting", "participant"], name="one_seat_per_side"),
        ]

    def __str__(self):
        return f"{self.participant} at {self.slot}"


class Outcome(models.Model):
    """What one side says came of a meeting, after the event."""

    class Result(models.TextChoices):
        NONE = "none", "No follow-up"
        FOLLOW_UP = "follow_up", "Follow-up agreed"
        COLLABORATION = "collaboration", "Collaboration started"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outcomes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="outcomes")
    result = models.CharField(max_length=15, choices=Result.choices)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "participant"], name="one_outcome_per_side"),
        ]

    def __str__(self):
        return f"{self.participant}: {self.get_result_display()}"


class Reminder(models.Model):
    """A "you have no meetings yet" email: one per participant per 3-day period."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="reminders")
    period = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "period"], name="one_reminder_per_period"
            ),
        ]

    def __str__(self):
        return f"{self.participant}, period {self.period}"
