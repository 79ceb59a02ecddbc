"""Every brokerage email has a subject, a text and an HTML part, and the reminder task
sends one per person per period however often beat runs it."""

import pytest

from brokerage import services, tasks
from brokerage.tests.factories import matchmaking_for, participant_in
from portal.emails import email_render
from portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db

NAMES = [
    "brokerage_registered", "brokerage_validated", "brokerage_rejected", "brokerage_request",
    "brokerage_accepted", "brokerage_declined", "brokerage_agenda", "brokerage_agenda_changed",
    "brokerage_reminder",
]  # fmt: skip


def test_every_brokerage_email_renders_both_parts():
    matchmaking = matchmaking_for()
    ada, bob = participant_in(matchmaking), participant_in(matchmaking)
    meeting = services.meeting_request(requester=ada, recipient=bob, reason="O'Brien & Sons")
    context = {
        "participant": ada,
        "event": matchmaking.event,
        "meeting": meeting,
        "home_url": "/h/",
        "agenda_url": "/a/",
        "requests_url": "/r/",
    }
    for name in NAMES:
        subject, text, html = email_render(name, context)
        assert subject and matchmaking.event.title in subject + text, name
        assert ada.display_name in text and "<p>" in html, name
    _, text, html = email_render("brokerage_request", context)
    assert "O'Brien & Sons" in text and "O&#x27;Brien &amp; Sons" in html


def test_the_reminder_task_sends_once_per_period_however_often_it_runs():
    matchmaking = matchmaking_for()
    idle = participant_in(matchmaking)
    assert tasks.send_reminders() == 1
    assert tasks.send_reminders() == 0
    assert list(
        OutgoingEmail.objects.filter(template="brokerage_reminder").values_list("to", flat=True)
    ) == [[idle.user.email]]


def test_a_meeting_request_email_goes_through_a_real_smtp_server_once(
    smtp_server, django_capture_on_commit_callbacks
):
    matchmaking = matchmaking_for()
    ada, bob = participant_in(matchmaking), participant_in(matchmaking, email="bob@proto.example")
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_request(requester=ada, recipient=bob, reason="Screening coatings")
    [received] = smtp_server.messages
    assert received["rcpt"] == ["bob@proto.example"]
    message = received["message"]
    assert ada.organisation.name in message["Subject"]
    assert "Screening coatings" in message.get_body(("plain",)).get_content()
    assert "Screening coatings" in message.get_body(("html",)).get_content()
    from portal.emails import email_deliver

    email = OutgoingEmail.objects.get(template="brokerage_request")
    assert email_deliver(email_id=email.pk) is False  # already sent: never twice
    assert smtp_server.count() == 1
