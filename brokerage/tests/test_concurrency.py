"""Double bookings are impossible: concurrent accepts on PostgreSQL, and the database
constraints themselves when the services are bypassed."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from brokerage import services
from brokerage.models import Matchmaking, Meeting, Seat
from brokerage.tests.factories import matchmaking_for, participant_in

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def accept_together(meetings, slot):
    """Accept each meeting in its own thread and connection, all released at once."""
    barrier = threading.Barrier(len(meetings))
    outcomes = [None] * len(meetings)

    def accept(i, meeting):
        try:
            barrier.wait()
            services.meeting_accept(meeting=meeting, by=meeting.recipient.user, slot=slot)
            outcomes[i] = "accepted"
        except ValidationError as error:
            outcomes[i] = error.messages[0]
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(i, m)) for i, m in enumerate(meetings)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def choose_mode(tables):
    return matchmaking_for(mode=Matchmaking.Mode.PARTICIPANTS_CHOOSE, tables=tables)


def test_one_person_accepting_two_meetings_into_one_slot_at_once_gets_one(require_postgres):
    matchmaking = choose_mode(tables=5)
    bob = participant_in(matchmaking)
    meetings = [
        services.meeting_request(requester=participant_in(matchmaking), recipient=bob, reason="Hi")
        for _ in range(3)
    ]
    slot = services.free_slots(meetings[0]).first()
    outcomes = accept_together(meetings, slot)
    assert outcomes.count("accepted") == 1
    assert all("no longer free" in o for o in outcomes if o != "accepted")
    assert Seat.objects.filter(participant=bob, slot=slot).count() == 1


def test_the_last_table_goes_to_one_of_two_concurrent_accepts(require_postgres):
    matchmaking = choose_mode(tables=1)
    pairs = [(participant_in(matchmaking), participant_in(matchmaking)) for _ in range(2)]
    meetings = [services.meeting_request(requester=a, recipient=b, reason="Hi") for a, b in pairs]
    slot = services.free_slots(meetings[0]).first()
    outcomes = accept_together(meetings, slot)
    assert outcomes.count("accepted") == 1
    assert Meeting.objects.filter(slot=slot).count() == 1


def test_concurrent_accepts_share_a_slot_at_different_tables(require_postgres):
    matchmaking = choose_mode(tables=3)
    pairs = [(participant_in(matchmaking), participant_in(matchmaking)) for _ in range(3)]
    meetings = [services.meeting_request(requester=a, recipient=b, reason="Hi") for a, b in pairs]
    slot = services.free_slots(meetings[0]).first()
    assert accept_together(meetings, slot) == ["accepted"] * 3
    assert sorted(Meeting.objects.filter(slot=slot).values_list("table", flat=True)) == [1, 2, 3]


def test_the_database_refuses_a_double_booking_even_without_the_services(require_postgres):
    matchmaking = matchmaking_for()
    ada, bob, cy, dee = (participant_in(matchmaking) for _ in range(4))
    first = services.meeting_request(requester=ada, recipient=bob, reason="Hi")
    second = services.meeting_request(requester=cy, recipient=dee, reason="Hi")
    third = services.meeting_request(requester=ada, recipient=cy, reason="Hi")
    Meeting.objects.update(status=Meeting.Status.ACCEPTED)
    slot = services.free_slots(first).first()
    Meeting.objects.filter(pk=first.pk).update(slot=slot, table=1)
    Seat.objects.create(meeting=first, participant=ada, slot=slot)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=second.pk).update(slot=slot, table=1)  # same table
    with pytest.raises(IntegrityError), transaction.atomic():
        Seat.objects.create(meeting=third, participant=ada, slot=slot)  # ada twice
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(matchmaking=matchmaking, requester=bob, recipient=ada, reason="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(matchmaking=matchmaking, requester=bob, recipient=bob, reason="x")
