"""Registration, requests, acceptance, scheduling, publishing, reminders, outcomes."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from brokerage import services
from brokerage.models import Matchmaking, Meeting, Participant, Reminder, Seat
from brokerage.tests.factories import matchmaking_for, participant_in
from opportunities.models import MatchFeedback
from opportunities.tests.factories import member_of
from portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def emails(name):
    return list(OutgoingEmail.objects.filter(template=name).values_list("to", flat=True))


def test_registration_waits_for_validation_and_emails_both_steps():
    matchmaking = matchmaking_for()
    user = member_of(email="ada@example.com")
    participant = services.participant_register(
        matchmaking=matchmaking,
        user=user,
        organisation=user.organisations.get(),
        sessions=matchmaking.sessions.all(),
        offer="Surface chemistry",
        seek="Robotics",
        offers="surface chemistry",
        seeks="robotics",
        focal_areas=[],
    )
    assert participant.status == Participant.Status.PENDING
    assert emails("brokerage_registered") == [["ada@example.com"]]
    services.participant_decide(participant=participant, validate=True)
    assert emails("brokerage_validated") == [["ada@example.com"]]


def test_registration_outside_the_window_is_refused():
    matchmaking = matchmaking_for()
    user = member_of()
    with pytest.raises(ValidationError, match="not open"):
        services.participant_register(
            matchmaking=matchmaking, user=user, organisation=user.organisations.get(),
            sessions=[], offer="x", seek="y", offers="", seeks="", focal_areas=[],
            now=timezone.now() + timedelta(days=30),
        )  # fmt: skip


def test_bad_requests_get_clear_messages():
    matchmaking = matchmaking_for()
    ada = participant_in(matchmaking)
    colleague = participant_in(matchmaking, organisation=ada.organisation)
    bob = participant_in(matchmaking)
    waiting = participant_in(matchmaking, status=Participant.Status.PENDING)
    cases = [
        (ada, ada, "yourself"),
        (ada, colleague, "your own organisation"),
        (ada, waiting, "not taking part"),
        (waiting, ada, "not validated"),
    ]
    for requester, recipient, message in cases:
        with pytest.raises(ValidationError, match=message):
            services.meeting_request(requester=requester, recipient=recipient, reason="Hello")
    services.meeting_request(requester=ada, recipient=bob, reason="Hello")
    with pytest.raises(ValidationError, match="already have a request open"):
        services.meeting_request(requester=bob, recipient=ada, reason="Hello again")
    with pytest.raises(ValidationError, match="while booking is open"):
        services.meeting_request(
            requester=bob,
            recipient=colleague,
            reason="Late",
            now=timezone.now() + timedelta(days=9),
        )


def test_accept_and_decline_email_the_sides():
    matchmaking = matchmaking_for()
    ada, bob, cy = (participant_in(matchmaking) for _ in range(3))
    first = services.meeting_request(requester=ada, recipient=bob, reason="Coatings")
    second = services.meeting_request(requester=cy, recipient=bob, reason="Robots")
    services.meeting_accept(meeting=first, by=bob.user)
    services.meeting_decline(meeting=second, by=bob.user)
    assert sorted(emails("brokerage_accepted")) == sorted([[ada.user.email], [bob.user.email]])
    assert emails("brokerage_declined") == [[cy.user.email]]
    with pytest.raises(ValidationError, match="already been answered"):
        services.meeting_accept(meeting=second, by=bob.user)
    with pytest.raises(ValidationError, match="Only the person asked"):
        services.meeting_decline(meeting=first, by=ada.user)


def test_choosing_a_slot_taken_a_moment_ago_changes_nothing_and_says_so():
    matchmaking = matchmaking_for(mode=Matchmaking.Mode.PARTICIPANTS_CHOOSE, tables=1)
    ada, bob, cy, dee = (participant_in(matchmaking) for _ in range(4))
    first = services.meeting_request(requester=ada, recipient=bob, reason="One")
    second = services.meeting_request(requester=cy, recipient=dee, reason="Two")
    slot = services.free_slots(first).first()
    services.meeting_accept(meeting=first, by=bob.user, slot=slot)
    with pytest.raises(ValidationError, match="no longer free"):
        services.meeting_accept(meeting=second, by=dee.user, slot=slot)  # the only table
    second.refresh_from_db()
    assert second.status == Meeting.Status.PENDING and second.slot is None
    assert slot not in services.free_slots(second)


def test_schedule_all_then_publish_then_reschedule_keeps_published_meetings():
    matchmaking = matchmaking_for(tables=2, slots=3)
    people = [participant_in(matchmaking) for _ in range(4)]
    for i, a in enumerate(people):
        for b in people[i + 1 :]:
            meeting = services.meeting_request(requester=a, recipient=b, reason="Meet")
            services.meeting_accept(meeting=meeting, by=b.user)
    result = services.matchmaking_schedule(matchmaking=matchmaking)
    assert result.count == 6 and not result.unplaced  # 3 slots x 2 tables, K4 = 3 rounds
    services.matchmaking_publish(matchmaking=matchmaking)
    placed = dict(matchmaking.meetings.values_list("pk", "slot_id"))
    assert Seat.objects.count() == 12
    assert len(emails("brokerage_agenda")) == 4
    again = services.matchmaking_schedule(matchmaking=matchmaking)
    assert again.count == 6
    assert dict(matchmaking.meetings.values_list("pk", "slot_id")) == placed


def test_reminders_go_once_per_period_to_people_without_meetings():
    matchmaking = matchmaking_for()
    ada, bob, idle = (participant_in(matchmaking) for _ in range(3))
    services.meeting_request(requester=ada, recipient=bob, reason="Meet")
    now = timezone.now()
    assert services.reminders_send(now=now) == 1
    assert services.reminders_send(now=now + timedelta(hours=5)) == 0
    assert emails("brokerage_reminder") == [[idle.user.email]]
    assert services.reminders_send(now=now + timedelta(days=3)) == 1
    assert Reminder.objects.filter(participant=idle).count() == 2
    assert services.reminders_send(now=now + timedelta(days=30)) == 0  # booking closed


def test_outcomes_reach_matching_as_feedback():
    matchmaking = matchmaking_for()
    ada, bob = participant_in(matchmaking), participant_in(matchmaking)
    meeting = services.meeting_request(requester=ada, recipient=bob, reason="Coatings")
    services.meeting_accept(meeting=meeting, by=bob.user)
    services.matchmaking_schedule(matchmaking=matchmaking)
    meeting.refresh_from_db()
    with pytest.raises(ValidationError, match="once the meeting has taken place"):
        services.outcome_record(meeting=meeting, participant=ada, result="follow_up")
    meeting.slot.starts_at = timezone.now() - timedelta(hours=1)
    meeting.slot.save()
    services.outcome_record(meeting=meeting, participant=ada, result="collaboration")
    feedback = MatchFeedback.objects.get(user=ada.user)
    assert feedback.opportunity == matchmaking.event
    assert feedback.target_key == f"organisation:{bob.organisation_id}"
    assert feedback.verdict == MatchFeedback.Verdict.USEFUL
    assert "Coatings" in feedback.reasons


def test_schedule_all_keeps_the_times_participants_chose():
    matchmaking = matchmaking_for(mode=Matchmaking.Mode.PARTICIPANTS_CHOOSE, slots=3)
    ada, bob, cy = (participant_in(matchmaking) for _ in range(3))
    chosen = services.meeting_request(requester=ada, recipient=bob, reason="Chosen")
    last = list(services.free_slots(chosen))[-1]
    services.meeting_accept(meeting=chosen, by=bob.user, slot=last)
    services.matchmaking_schedule(matchmaking=matchmaking)
    chosen.refresh_from_db()
    assert chosen.slot == last and Seat.objects.filter(meeting=chosen).count() == 2
