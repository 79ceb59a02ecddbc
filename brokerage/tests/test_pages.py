"""The pages: organiser setup and tools, registration, suggestions, requests, agendas,
and the data a person can download or delete."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts.services import user_delete, user_export
from brokerage import services
from brokerage.models import Matchmaking, Meeting, Outcome, Participant
from brokerage.tests.factories import matchmaking_for, participant_in
from opportunities.tests.factories import OpportunityFactory, member_of

pytestmark = pytest.mark.django_db


def test_organiser_switches_matchmaking_on_and_adds_a_session(client):
    event = OpportunityFactory(event=True)
    client.force_login(member_of(event.organisation))
    url = reverse("brokerage:setup", args=[event.slug])
    now = timezone.localtime()
    fmt = "%Y-%m-%dT%H:%M"
    data = {
        "registration_opens_at": now.strftime(fmt),
        "registration_closes_at": (now - timedelta(days=1)).strftime(fmt),
        "booking_opens_at": now.strftime(fmt),
        "booking_closes_at": (now + timedelta(days=3)).strftime(fmt),
        "validation_required": "on",
        "mode": "organiser",
    }
    response = client.post(url, data)
    assert "Registration must close after it opens." in response.text
    assert "There is a problem" in response.text
    data["registration_closes_at"] = (now + timedelta(days=2)).strftime(fmt)
    response = client.post(url, data)
    assert response.url == reverse("brokerage:session_add", args=[event.slug])
    session = {
        "title": "Morning",
        "date": (now + timedelta(days=5)).strftime("%Y-%m-%d"),
        "starts": "09:00",
        "ends": "12:00",
        "meeting_minutes": "30",
        "tables": "8",
        "break_starts": "10:30",
        "break_ends": "",
    }
    response = client.post(response.url, session)
    assert "Give both the start and the end of the break" in response.text
    session["break_ends"] = "11:00"
    client.post(reverse("brokerage:session_add", args=[event.slug]), session)
    slots = Matchmaking.objects.get(event=event).sessions.get().slots.all()
    assert [f"{timezone.localtime(s.starts_at):%H:%M}" for s in slots] == [
        "09:00", "09:30", "10:00", "11:00", "11:30",
    ]  # fmt: skip


def test_register_then_see_suggestions_with_reasons_and_request_one(client):
    matchmaking = matchmaking_for(validation_required=False)
    participant_in(matchmaking, offers="robotics", seeks="coatings")
    user = member_of()
    client.force_login(user)
    url = reverse("brokerage:register", args=[matchmaking.event.slug])
    response = client.post(url, {"organisation": user.organisations.get().pk, "offer": "Paint"})
    assert "Choose at least one session you can attend." in response.text
    client.post(
        url,
        {
            "organisation": user.organisations.get().pk,
            "sessions": [s.pk for s in matchmaking.sessions.all()],
            "offer": "We formulate paints.",
            "seek": "Robots for screening.",
            "offers": "coatings",
            "seeks": "robotics",
        },
    )
    me = Participant.objects.get(user=user)
    assert me.is_validated  # no validation step at this event
    page = client.get(reverse("brokerage:participants", args=[matchmaking.event.slug]))
    assert "Suggested meetings" in page.text
    assert "they offer what you need: robotics" in page.text
    assert "they need what you offer: coatings" in page.text
    other = page.context["suggested"][0][0]
    detail = reverse("brokerage:participant", args=[matchmaking.event.slug, other.pk])
    client.post(detail, {"reason": "Screening our paints", "suggested_because": '["x"]'})
    meeting = Meeting.objects.get()
    assert meeting.requester == me and meeting.suggested_because == ["x"]
    again = client.post(detail, {"reason": "Again"})
    assert "You already have a request open" in again.text


def test_participant_browse_filters(client):
    matchmaking = matchmaking_for()
    me = participant_in(matchmaking)
    participant_in(matchmaking, offers="surface chemistry")
    participant_in(matchmaking, seeks="surface chemistry")
    client.force_login(me.user)
    url = reverse("brokerage:participants", args=[matchmaking.event.slug])
    assert client.get(url, {"q": "surface"}).context["page_obj"].paginator.count == 2
    assert (
        client.get(url, {"q": "surface", "side": "offer"}).context["page_obj"].paginator.count == 1
    )
    assert (
        client.get(url, {"organisation_kind": "university"}).context["page_obj"].paginator.count
        == 0
    )


def test_choosing_a_time_someone_just_took_shows_the_page_again_with_a_message(client):
    matchmaking = matchmaking_for(mode=Matchmaking.Mode.PARTICIPANTS_CHOOSE, tables=1, slots=2)
    ada, bob, cy, dee = (participant_in(matchmaking) for _ in range(4))
    first = services.meeting_request(requester=ada, recipient=bob, reason="One")
    second = services.meeting_request(requester=cy, recipient=dee, reason="Two")
    slot = services.free_slots(second).first()
    services.meeting_accept(meeting=first, by=bob.user, slot=slot)
    client.force_login(dee.user)
    url = reverse("brokerage:accept", args=[matchmaking.event.slug, second.pk])
    response = client.post(url, {"slot": slot.pk})
    assert response.status_code == 200
    assert "That time is no longer free for both of you: choose another." in response.text
    later = services.free_slots(second).first()
    assert client.post(url, {"slot": later.pk}).status_code == 302
    second.refresh_from_db()
    assert second.slot == later


def test_agenda_page_ics_and_subscription_show_the_meetings(client):
    matchmaking = matchmaking_for()
    ada, bob = participant_in(matchmaking), participant_in(matchmaking)
    meeting = services.meeting_request(requester=ada, recipient=bob, reason="Coatings")
    services.meeting_accept(meeting=meeting, by=bob.user)
    services.matchmaking_schedule(matchmaking=matchmaking)
    services.matchmaking_publish(matchmaking=matchmaking)
    client.force_login(ada.user)
    slug = matchmaking.event.slug
    page = client.get(reverse("brokerage:agenda", args=[slug]))
    assert bob.organisation.name in page.text and "Coatings" in page.text
    for url in [
        reverse("brokerage:agenda_ics", args=[slug]),
        reverse("brokerage:agenda_feed", args=[slug, services.agenda_token(ada)]),
    ]:
        calendar = Calendar.from_ical(client.get(url).content)
        [event] = calendar.walk("VEVENT")
        assert bob.organisation.name in str(event["SUMMARY"])
        assert "Table 1" in str(event["LOCATION"])


def test_organiser_page_counts_plan_and_csv(client):
    matchmaking = matchmaking_for()
    organiser = member_of(matchmaking.event.organisation)
    ada, bob, idle = (participant_in(matchmaking) for _ in range(3))
    meeting = services.meeting_request(requester=ada, recipient=bob, reason="=SUM(A1)")
    services.meeting_accept(meeting=meeting, by=bob.user)
    client.force_login(organiser)
    slug = matchmaking.event.slug
    client.post(reverse("brokerage:schedule_all", args=[slug]))
    page = client.get(reverse("brokerage:organise", args=[slug]))
    assert page.context["counts"] == {"sent": 1, "accepted": 1, "scheduled": 1, "declined": 0}
    assert list(page.context["idle"]) == [idle]
    response = client.post(reverse("brokerage:participant_remind", args=[slug, idle.pk]))
    assert response.status_code == 302
    again = client.post(reverse("brokerage:participant_remind", args=[slug, idle.pk]), follow=True)
    assert "already reminded" in again.text
    plan = client.get(reverse("brokerage:table_plan", args=[slug]))
    assert ada.organisation.name in plan.text
    download = client.get(reverse("brokerage:plan_csv", args=[slug]))
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert rows[1][3] == "1" and rows[1][5] == ada.organisation.name
    assert rows[1][8] == "'=SUM(A1)"  # a spreadsheet shows it, never runs it


def test_download_my_data_and_deletion_include_brokerage_rows():
    matchmaking = matchmaking_for()
    ada, bob = participant_in(matchmaking), participant_in(matchmaking)
    meeting = services.meeting_request(requester=ada, recipient=bob, reason="Coatings")
    services.meeting_accept(meeting=meeting, by=bob.user)
    services.matchmaking_schedule(matchmaking=matchmaking)
    meeting.refresh_from_db()
    meeting.slot.starts_at = timezone.now() - timedelta(hours=1)
    meeting.slot.save()
    services.outcome_record(meeting=meeting, participant=ada, result="follow_up")
    data = user_export(user=ada.user)
    assert data["brokerage_registrations"][0]["event"] == matchmaking.event.title
    assert data["brokerage_meeting_requests"][0]["reason"] == "Coatings"
    assert data["brokerage_outcomes"][0]["result"] == "follow_up"
    user_delete(user=ada.user)
    assert not Participant.objects.filter(pk=ada.pk).exists()
    assert not Meeting.objects.exists() and not Outcome.objects.exists()


def test_an_entry_links_its_organisations_published_opportunities(client):
    matchmaking = matchmaking_for()
    ada, bob = participant_in(matchmaking), participant_in(matchmaking)
    published = OpportunityFactory(organisation=bob.organisation, title="Robots to lend")
    draft = OpportunityFactory(organisation=bob.organisation, title="Secret draft", status="draft")
    bob.opportunities.set([published, draft])
    client.force_login(ada.user)
    page = client.get(reverse("brokerage:participant", args=[matchmaking.event.slug, bob.pk]))
    assert "Robots to lend" in page.text and "Secret draft" not in page.text


def test_the_participant_list_runs_the_same_queries_for_3_or_15_entries(client):
    matchmaking = matchmaking_for()
    me = participant_in(matchmaking, offers="coatings", seeks="robotics")
    client.force_login(me.user)
    url = reverse("brokerage:participants", args=[matchmaking.event.slug])
    counts = []
    for total in (3, 15):
        while matchmaking.participants.count() < total + 1:
            participant_in(matchmaking, offers="robotics", seeks="coatings")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_requests_received_and_sent_are_paginated_lists(client):
    matchmaking = matchmaking_for()
    bob = participant_in(matchmaking)
    for _ in range(22):
        services.meeting_request(requester=participant_in(matchmaking), recipient=bob, reason="Hi")
    client.force_login(bob.user)
    url = reverse("brokerage:requests", args=[matchmaking.event.slug])
    first = client.get(url)
    assert first.context["page_obj"].paginator.count == 22 and len(first.context["page_obj"]) == 20
    assert "Page 1 of 2" in first.text
    assert client.get(url, {"box": "sent"}).context["page_obj"].paginator.count == 0
