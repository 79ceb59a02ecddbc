"""The brokerage journey in a real browser: an organiser sets up matchmaking, two
businesses register, one requests a meeting from a suggestion, the other accepts, the
organiser schedules all and publishes agendas, both open their agenda and its .ics
parses, and after the event both record outcomes."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from accounts.models import Organisation
from brokerage.models import Outcome, Slot
from opportunities.models import MatchFeedback, Opportunity
from opportunities.tests.test_journey import person, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def register(page, live_server, offer, seek, offers, seeks):
    page.goto(live_server.url + "/events/")
    page.get_by_role("link", name="Brokerage day at the Materials Innovation Factory").click()
    page.get_by_role("link", name="Matchmaking: register").click()
    page.get_by_role("link", name="Register for matchmaking").click()
    page.get_by_label("Morning meetings").check()
    page.get_by_label("What you offer", exact=True).fill(offer)
    page.get_by_label("What you seek", exact=True).fill(seek)
    page.get_by_label("Keywords for what you offer").fill(offers)
    page.get_by_label("Keywords for what you seek").fill(seeks)
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("You are registered; we have emailed you.")).to_be_visible()


def test_organise_register_request_accept_schedule_agenda_and_outcomes(browser, live_server):
    call_command("seed_lcr")  # the taxonomy (transactional tests start empty)
    brokers = Organisation.objects.create(name="LCR Brokers", kind="public")
    coatings = Organisation.objects.create(name="Mersey Coatings", kind="sme")
    robots = Organisation.objects.create(name="Proto Works", kind="sme")
    person("olive@brokers.example", "Olive Organiser", brokers)
    person("pat@mersey.example", "Pat Coatings", coatings)
    person("ivy@proto.example", "Ivy Robots", robots)
    starts = timezone.now() + timedelta(days=10)
    event = Opportunity.objects.create(
        title="Brokerage day at the Materials Innovation Factory",
        kind=Opportunity.Kind.EVENT,
        organisation=brokers,
        summary="A day of 1:1 meetings between businesses and researchers.",
        status=Opportunity.Status.PUBLISHED,
        published_at=timezone.now(),
        starts_at=starts,
        ends_at=starts + timedelta(hours=6),
        location="Liverpool",
    )

    # The organiser switches matchmaking on and adds a session.
    olive = sign_in(browser, live_server, "olive@brokers.example")
    olive.goto(live_server.url + event.get_absolute_url())
    olive.get_by_role("link", name="Switch on matchmaking").click()
    now = timezone.localtime()
    olive.get_by_label("Registration opens").fill(f"{now - timedelta(days=1):%Y-%m-%dT%H:%M}")
    olive.get_by_label("Registration closes").fill(f"{now + timedelta(days=5):%Y-%m-%dT%H:%M}")
    olive.get_by_label("Booking opens").fill(f"{now - timedelta(days=1):%Y-%m-%dT%H:%M}")
    olive.get_by_label("Booking closes").fill(f"{now + timedelta(days=8):%Y-%m-%dT%H:%M}")
    olive.get_by_label("The organiser schedules every meeting").check()
    olive.get_by_role("button", name="Save matchmaking settings").click()
    expect(olive.get_by_role("heading", name="Add a session")).to_be_visible()
    olive.get_by_label("Title").fill("Morning meetings")
    olive.get_by_label("Date").fill(f"{timezone.localtime(starts):%Y-%m-%d}")
    olive.get_by_label("Starts at").fill("09:00")
    olive.get_by_label("Ends at").fill("11:00")
    olive.get_by_label("Meeting length (minutes)").fill("20")
    olive.get_by_label("Number of tables").fill("4")
    olive.get_by_role("button", name="Save session").click()
    expect(olive.get_by_text("Session saved with 6 slots.")).to_be_visible()

    # Two businesses register with their marketplace entries.
    pat = sign_in(browser, live_server, "pat@mersey.example")
    register(pat, live_server, "Industrial coatings formulation.", "Robotic screening.",
             "coatings", "robotics")  # fmt: skip
    ivy = sign_in(browser, live_server, "ivy@proto.example")
    register(ivy, live_server, "Lab robots and automation.", "Coatings to test our robots.",
             "robotics", "coatings")  # fmt: skip

    # The organiser validates both.
    olive.goto(live_server.url + f"/events/{event.slug}/matchmaking/organise/")
    olive.get_by_role("button", name="Validate Mersey Coatings").click()
    olive.get_by_role("button", name="Validate Proto Works").click()
    expect(olive.get_by_text("validated; they have been emailed")).to_be_visible()

    # Pat sees Proto Works suggested, with the reason, and requests a meeting from it.
    pat.goto(live_server.url + f"/events/{event.slug}/matchmaking/participants/")
    suggested = pat.get_by_role("region", name="Suggested meetings")
    expect(suggested).to_contain_text("they offer what you need: robotics")
    suggested.get_by_role("link", name="Request a meeting with Proto Works").click()
    pat.get_by_label("Why meet?").fill("Your robots could screen our coatings.")
    pat.get_by_role("button", name="Send meeting request").click()
    expect(pat.get_by_text("Request sent")).to_be_visible()

    # Ivy accepts.
    ivy.goto(live_server.url + f"/events/{event.slug}/matchmaking/requests/")
    ivy.get_by_role("button", name="Accept Mersey Coatings").click()
    expect(ivy.get_by_text("Meeting with")).to_be_visible()

    # The organiser schedules all and publishes the agendas.
    olive.goto(live_server.url + f"/events/{event.slug}/matchmaking/organise/")
    olive.get_by_role("button", name="Schedule all").click()
    expect(olive.get_by_text("Scheduled 1 meetings")).to_be_visible()
    olive.get_by_role("button", name="Publish agendas").click()
    expect(olive.get_by_text("Agendas published; participants have been emailed.")).to_be_visible()

    # Both open their agenda; the .ics parses.
    for page, other in [(pat, "Proto Works"), (ivy, "Mersey Coatings")]:
        page.goto(live_server.url + f"/events/{event.slug}/matchmaking/agenda/")
        expect(page.get_by_role("table")).to_contain_text(other)
        href = page.get_by_role("link", name="Download my agenda (.ics)").get_attribute("href")
        calendar = Calendar.from_ical(page.request.get(live_server.url + href).body())
        [meeting] = calendar.walk("VEVENT")
        assert other in str(meeting["SUMMARY"])

    # After the event, both record outcomes.
    Slot.objects.update(starts_at=timezone.now() - timedelta(hours=2))
    for page, other in [(pat, "Proto Works"), (ivy, "Mersey Coatings")]:
        page.reload()
        page.get_by_role("group", name=f"What came of the meeting with {other}?").get_by_label(
            "Follow-up agreed"
        ).check()
        page.get_by_role("button", name=f"Record outcome with {other}").click()
        expect(page.get_by_text("Outcome recorded")).to_be_visible()
    assert Outcome.objects.filter(result="follow_up").count() == 2
    assert MatchFeedback.objects.filter(opportunity=event, verdict="useful").count() == 2
