"""Periodic work once per period, however many beats send it (portal/periodic.py).

The proof with two real beats and real workers is portal/tests/test_beats.py; these
check the claim itself, quickly.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings

from brokerage.tests.factories import matchmaking_for, participant_in
from portal.models import OutgoingEmail, PeriodicRun
from portal.periodic import period_start, periodic_run_claim, periodic_run_finish

pytestmark = pytest.mark.django_db


def test_every_beat_entry_is_claimed_once_per_period():
    from portal.celery import app

    app.loader.import_default_modules()  # the apps' tasks.py
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["kwargs"].get("once_per_period") is True, name
        task = app.tasks[entry["task"]]
        assert hasattr(task.run, "period_seconds"), f"{entry['task']} is not once_per_period"


def test_the_first_claim_wins_and_a_second_is_refused():
    now = datetime(2026, 11, 30, 8, 0, 5, tzinfo=UTC)

    assert periodic_run_claim(task="t", period="p", now=now)
    assert not periodic_run_claim(task="t", period="p", now=now)
    assert periodic_run_claim(task="t", period="another", now=now)
    assert PeriodicRun.objects.count() == 2


def test_a_run_whose_worker_died_is_taken_over_once_its_lease_is_over():
    now = datetime(2026, 11, 30, 8, 0, 5, tzinfo=UTC)
    assert periodic_run_claim(task="t", period="p", now=now)

    assert not periodic_run_claim(task="t", period="p", now=now + timedelta(seconds=200))
    later = now + timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 61)
    assert periodic_run_claim(task="t", period="p", now=later)
    assert not periodic_run_claim(task="t", period="p", now=later)
    assert PeriodicRun.objects.get().attempts == 2


def test_a_finished_run_is_never_taken_over():
    now = datetime(2026, 11, 30, 8, 0, 5, tzinfo=UTC)
    assert periodic_run_claim(task="t", period="p", now=now)
    periodic_run_finish(task="t", period="p")

    assert not periodic_run_claim(task="t", period="p", now=now + timedelta(days=1))


def test_periods_start_on_whole_intervals():
    moment = datetime(2026, 11, 30, 8, 7, 59, tzinfo=UTC)

    assert period_start(moment, 60) == datetime(2026, 11, 30, 8, 7, tzinfo=UTC)
    assert period_start(moment, 900) == datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    assert period_start(moment, 86_400) == datetime(2026, 11, 30, tzinfo=UTC)


def test_beat_calls_do_the_work_once_but_direct_calls_always_run(
    django_capture_on_commit_callbacks,
):
    from brokerage.tasks import send_reminders

    participant_in(matchmaking_for())

    assert send_reminders.apply(kwargs={"once_per_period": True}).get() == 1
    assert send_reminders.apply(kwargs={"once_per_period": True}).get() is None  # claimed
    assert send_reminders.apply().get() == 0  # runs; the Reminder row keeps it from resending
    assert OutgoingEmail.objects.filter(template="brokerage_reminder").count() == 1
    assert PeriodicRun.objects.get().finished_at is not None


def test_the_admin_lists_runs_and_their_state_read_only(client, django_user_model):
    from django.utils import timezone

    from accounts.tests.factories import sign_in_with_two_factor

    now = timezone.now()
    assert periodic_run_claim(task="digest", period="done", now=now)
    periodic_run_finish(task="digest", period="done")
    assert periodic_run_claim(task="reminders", period="now", now=now)
    assert periodic_run_claim(task="sweep", period="old", now=now - timedelta(days=1))
    admin = django_user_model.objects.create_superuser("ops@example.com", "x")
    sign_in_with_two_factor(client, admin)

    page = client.get("/admin/portal/periodicrun/")

    html = page.content.decode()
    assert page.status_code == 200
    assert "finished" in html
    assert "running" in html
    assert "stopped before finishing" in html
    assert "/admin/portal/periodicrun/add/" not in html
    run = PeriodicRun.objects.get(task="reminders")
    assert (
        client.post(f"/admin/portal/periodicrun/{run.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert PeriodicRun.objects.filter(pk=run.pk).exists()
