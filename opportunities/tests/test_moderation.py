"""Curators approve or reject pending opportunities from the admin's moderation queue."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail

from accounts.tests.factories import UserFactory, curator_user, sign_in_with_two_factor
from opportunities.models import Opportunity
from opportunities.tests.factories import OpportunityFactory, member_of

pytestmark = pytest.mark.django_db

QUEUE = "/admin/opportunities/pendingopportunity/"
Status = Opportunity.Status


@pytest.fixture
def curator(client):
    """A curator (the Curators group, not a superuser) with an authenticator app."""
    return sign_in_with_two_factor(client, curator_user())


@pytest.fixture
def pending():
    opportunity = OpportunityFactory(
        title="Waiting for a curator", status=Status.PENDING, published_at=None
    )
    member_of(opportunity.organisation, email="poster@example.com")
    return opportunity


def test_the_queue_lists_only_pending_opportunities(client, curator, pending):
    OpportunityFactory(title="Already published")

    html = client.get(QUEUE).content.decode()

    assert "Waiting for a curator" in html and "Already published" not in html


def test_approving_publishes_and_emails_the_poster(
    client, curator, pending, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            QUEUE, {"action": "approve", "_selected_action": [pending.pk]}, follow=True
        )

    pending.refresh_from_db()
    assert pending.status == Status.PUBLISHED and pending.published_at
    assert "Published 1 opportunity" in response.content.decode()
    assert mail.outbox[-1].to == ["poster@example.com"]


def test_rejecting_asks_for_a_reason_then_emails_it(
    client, curator, pending, django_capture_on_commit_callbacks
):
    ask = client.post(QUEUE, {"action": "reject", "_selected_action": [pending.pk]})
    assert "Reject and email the reason" in ask.content.decode()
    empty = client.post(QUEUE, {"action": "reject", "_selected_action": [pending.pk], "reason": ""})
    assert "Enter the reason, so the organisation knows what to change" in empty.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            QUEUE,
            {
                "action": "reject",
                "_selected_action": [pending.pk],
                "reason": "Please name the equipment you need.",
            },
        )

    pending.refresh_from_db()
    assert pending.status == Status.REJECTED
    assert pending.rejection_reason == "Please name the equipment you need."
    [message] = mail.outbox
    assert message.to == ["poster@example.com"]
    assert "Please name the equipment you need." in message.body


def test_the_poster_sees_the_reason_and_can_resubmit(client, pending):
    pending.status = Status.REJECTED
    pending.rejection_reason = "Too vague."
    pending.save()
    client.force_login(member_of(pending.organisation))

    html = client.get(pending.get_absolute_url()).content.decode()
    assert "Too vague." in html and "Submit for review" in html

    client.post(pending.get_absolute_url() + "submit/")
    pending.refresh_from_db()
    assert pending.status == Status.PENDING and pending.rejection_reason == ""


def test_non_staff_cannot_reach_the_queue(client, pending):
    client.force_login(member_of())

    response = client.get(QUEUE)

    assert response.status_code == 302


def test_a_member_of_the_curators_group_approves_from_the_queue(client, pending):
    curator = UserFactory(is_staff=True)
    curator.groups.add(Group.objects.get(name="Curators"))
    sign_in_with_two_factor(client, curator)

    assert client.get(QUEUE).status_code == 200
    client.post(QUEUE, {"action": "approve", "_selected_action": [pending.pk]})

    pending.refresh_from_db()
    assert pending.status == Status.PUBLISHED


def test_staff_who_may_only_view_the_queue_cannot_approve(client, pending):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_pendingopportunity"))
    sign_in_with_two_factor(client, viewer)

    page = client.get(QUEUE)
    client.post(QUEUE, {"action": "approve", "_selected_action": [pending.pk]})

    assert page.status_code == 200 and "Approve and publish" not in page.content.decode()
    pending.refresh_from_db()
    assert pending.status == Status.PENDING
