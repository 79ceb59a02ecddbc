"""Expiry at the deadline (events: at their end), the 7-day reminder, and renewing once."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from opportunities import services
from opportunities.models import Opportunity
from opportunities.tasks import expire_and_remind
from opportunities.tests.factories import OpportunityFactory, member_of
from portal.tests.waiting import wait_until

Status = Opportunity.Status


def owned(**fields):
    opportunity = OpportunityFactory(**fields)
    member_of(opportunity.organisation, email=f"owner-{opportunity.pk}@example.com")
    return opportunity


@pytest.mark.django_db
def test_the_beat_schedule_runs_expiry_every_quarter_hour():
    entry = settings.CELERY_BEAT_SCHEDULE["opportunities-expire-and-remind"]
    assert entry["task"] == "opportunities.tasks.expire_and_remind"
    assert entry["schedule"] == 900.0


@pytest.mark.django_db
def test_opportunities_expire_at_their_deadline_and_events_at_their_end(
    django_capture_on_commit_callbacks,
):
    now = timezone.now()
    past_deadline = owned(deadline=now - timedelta(minutes=1))
    future_deadline = owned(deadline=now + timedelta(days=20))
    event_started = owned(
        event=True, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1)
    )
    event_ended = owned(
        event=True, starts_at=now - timedelta(hours=3), ends_at=now - timedelta(hours=1)
    )
    draft = owned(deadline=now - timedelta(days=1), status=Status.DRAFT)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.opportunity_expire_due() == 2

    statuses = {
        o.pk: o.status
        for o in Opportunity.objects.filter(
            pk__in=[
                past_deadline.pk,
                future_deadline.pk,
                event_started.pk,
                event_ended.pk,
                draft.pk,
            ]
        )
    }
    assert statuses == {
        past_deadline.pk: Status.EXPIRED,
        future_deadline.pk: Status.PUBLISHED,
        event_started.pk: Status.PUBLISHED,
        event_ended.pk: Status.EXPIRED,
        draft.pk: Status.DRAFT,
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [f"owner-{past_deadline.pk}@example.com", f"owner-{event_ended.pk}@example.com"]
    )
    assert (
        "renew it once"
        in next(m for m in mail.outbox if m.to == [f"owner-{past_deadline.pk}@example.com"]).body
    )
    assert services.opportunity_expire_due() == 0  # running again changes nothing


@pytest.mark.django_db
def test_the_poster_is_reminded_once_seven_days_before(django_capture_on_commit_callbacks):
    now = timezone.now()
    soon = owned(deadline=now + timedelta(days=6))
    owned(deadline=now + timedelta(days=8))

    with django_capture_on_commit_callbacks(execute=True):
        assert services.opportunity_remind_due() == 1
        assert services.opportunity_remind_due() == 0

    soon.refresh_from_db()
    assert soon.reminder_sent_at is not None
    [message] = mail.outbox
    assert message.to == [f"owner-{soon.pk}@example.com"]
    assert "Ending in a week" in message.subject
    assert f"/opportunities/{soon.slug}/renew/" in message.body


@pytest.mark.django_db
def test_an_expired_opportunity_can_be_renewed_once(client):
    opportunity = owned(deadline=timezone.now() - timedelta(days=1), status=Status.EXPIRED)
    client.force_login(opportunity.organisation.members.get())
    new_date = (timezone.localdate() + timedelta(days=30)).isoformat()

    response = client.post(opportunity.get_absolute_url() + "renew/", {"deadline": new_date})

    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.status == Status.PUBLISHED and opportunity.renewal_count == 1
    assert opportunity.deadline.date() == timezone.localdate() + timedelta(days=30)
    assert opportunity.title in client.get("/opportunities/").content.decode()

    again = client.get(opportunity.get_absolute_url() + "renew/", follow=True)
    assert "cannot be renewed" in again.content.decode()
    with pytest.raises(ValidationError):
        services.opportunity_renew(
            opportunity=opportunity,
            by=opportunity.organisation.members.get(),
            deadline=timezone.now() + timedelta(days=60),
        )


@pytest.mark.django_db
def test_renewal_dates_must_be_within_six_months(client):
    opportunity = owned()
    client.force_login(opportunity.organisation.members.get())
    too_late = (timezone.localdate() + timedelta(days=400)).isoformat()

    response = client.post(opportunity.get_absolute_url() + "renew/", {"deadline": too_late})

    assert "within the next six months" in response.content.decode()
    opportunity.refresh_from_db()
    assert opportunity.renewal_count == 0


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_expires_opportunities(celery_worker):
    opportunity = owned(deadline=timezone.now() - timedelta(minutes=5))

    expire_and_remind.delay()

    wait_until(
        lambda: Opportunity.objects.get(pk=opportunity.pk).status == Status.EXPIRED,
        what="the worker to expire the opportunity",
    )
    # The worker also sent the expiry email (its own send_email task, after commit).
    wait_until(lambda: mail.outbox, what="the expiry email")
    assert [m.to for m in mail.outbox] == [[f"owner-{opportunity.pk}@example.com"]]


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["published", "closed", "draft"])
@pytest.mark.parametrize("days", [-1, 1, None])
@pytest.mark.parametrize("kind", ["partner_search", "event"])
def test_is_still_open_says_what_the_still_open_queryset_says(status, days, kind):
    when = None if days is None else timezone.now() + timedelta(days=days)
    dates = (
        {"deadline": None, "starts_at": timezone.now() - timedelta(days=3), "ends_at": when}
        if kind == "event"
        else {"deadline": when}
    )
    opportunity = OpportunityFactory(status=status, kind=kind, **dates)

    in_queryset = Opportunity.objects.still_open().filter(pk=opportunity.pk).exists()

    assert opportunity.is_still_open == in_queryset
    assert in_queryset == (status == "published" and days != -1)
