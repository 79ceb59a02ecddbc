import pytest
from django.core.management import call_command

from brokerage.models import Matchmaking, Meeting, Participant

pytestmark = pytest.mark.django_db


def test_seed_lcr_demo_adds_one_marked_brokerage_event_with_a_published_schedule():
    call_command("seed_lcr")
    assert not Matchmaking.objects.exists()
    call_command("seed_lcr", "--demo")
    matchmaking = Matchmaking.objects.get()
    assert matchmaking.is_demo and matchmaking.event.is_demo
    assert matchmaking.sessions.count() == 2
    assert Participant.objects.filter(is_demo=True).count() == 6
    scheduled = Meeting.objects.scheduled()
    assert scheduled.count() == 5 and all(m.published for m in scheduled)
    assert Meeting.objects.filter(status=Meeting.Status.PENDING).count() == 1
    call_command("seed_lcr", "--demo")  # idempotent
    assert Matchmaking.objects.count() == 1 and Meeting.objects.count() == 6
