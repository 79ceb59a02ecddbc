"""After a meeting, each side records what came of it from their agenda; the form says
what is wrong and saves nothing until it is right."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from brokerage import services
from brokerage.models import Outcome
from brokerage.tests.factories import matchmaking_for, participant_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def held():
    """A meeting between Ada and Bob that took place an hour ago."""
    matchmaking = matchmaking_for()
    ada, bob = participant_in(matchmaking), participant_in(matchmaking)
    meeting = services.meeting_request(requester=ada, recipient=bob, reason="Coatings")
    services.meeting_accept(meeting=meeting, by=bob.user)
    services.matchmaking_schedule(matchmaking=matchmaking)
    meeting.refresh_from_db()
    meeting.slot.starts_at = timezone.now() - timedelta(hours=1)
    meeting.slot.save()
    return meeting


def record(client, meeting, **data):
    url = reverse("brokerage:outcome", args=[meeting.matchmaking.event.slug, meeting.pk])
    return client.post(url, data, follow=True)


def test_a_participant_records_an_outcome_from_their_agenda(client, held):
    client.force_login(held.requester.user)
    page = record(client, held, result="follow_up", note="Samples in January")
    assert "Outcome recorded" in page.content.decode()
    outcome = Outcome.objects.get()
    assert (outcome.participant, outcome.result, outcome.note) == (
        held.requester,
        "follow_up",
        "Samples in January",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"note": "No choice made"}, "Choose what came of the meeting."),
        ({"result": "married"}, "Choose one of the outcomes listed."),
        ({"result": "follow_up", "note": "x" * 501}, "500 characters or fewer"),
    ],
)
def test_a_bad_outcome_is_refused_with_a_message_and_nothing_saved(client, held, data, message):
    client.force_login(held.recipient.user)
    page = record(client, held, **data)
    assert message in page.content.decode()
    assert not Outcome.objects.exists()


def test_an_outcome_before_the_meeting_has_taken_place_is_refused(client, held):
    held.slot.starts_at = timezone.now() + timedelta(hours=2)
    held.slot.save()
    client.force_login(held.requester.user)
    page = record(client, held, result="collaboration")
    assert "once the meeting has taken place" in page.content.decode()
    assert not Outcome.objects.exists()
