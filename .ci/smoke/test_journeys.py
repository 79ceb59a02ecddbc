"""The browser journeys, against the production processes, with email from the SMTP server.

Each journey is what people do on the live site; nothing is set up behind its back except
the curator account (``manage.py create_curator``, as an operator would).
"""

import re
import urllib.parse
from datetime import date, timedelta

import icalendar
from people import create_organisation, sign_up, text_of
from playwright.sync_api import expect

TITLE = "Partner wanted for robotic coatings screening"


def test_post_moderate_find_express_interest_accept_and_share_contacts(new_person, inbox, curator):
    # A business signs up, verifies by the emailed code and creates its organisation.
    poster = new_person()
    sign_up(poster, inbox, "pat@mersey-coatings.example")
    create_organisation(poster, "Mersey Coatings", "coatings, spray drying")

    # It posts a partner search and submits it for review.
    poster.goto("/opportunities/new/")
    poster.get_by_label("Title").fill(TITLE)
    poster.get_by_label("Partner search: We need a partner").check()
    poster.get_by_label("Summary").fill("We need robotic formulation to screen 500 coatings.")
    poster.get_by_label("Materials chemistry").check()
    poster.get_by_label("Keywords").fill("coatings, high-throughput formulation")
    poster.get_by_label("Closing date").fill((date.today() + timedelta(days=30)).isoformat())
    poster.get_by_label("Location").fill("Runcorn")
    poster.get_by_role("button", name="Save as draft").click()
    expect(poster.get_by_text("Saved as a draft.")).to_be_visible()
    poster.get_by_role("button", name="Submit for review").click()
    expect(poster.get_by_text("Submitted for review.")).to_be_visible()

    # A curator approves it from the moderation queue; the poster is told by email.
    curator.goto("/admin/opportunities/pendingopportunity/")
    curator.get_by_role("row", name=TITLE).get_by_role("checkbox").check()
    curator.get_by_role("combobox", name="Action").select_option(
        label="Approve and publish the selected opportunities"
    )
    curator.get_by_role("button", name="Go").click()
    expect(curator.get_by_text("Published 1 opportunity.")).to_be_visible()
    assert TITLE in text_of(inbox.wait_for("pat@mersey-coatings.example", "Published:"))

    # Another business signs up and finds it by filter on /opportunities/ (htmx).
    finder = new_person()
    sign_up(finder, inbox, "ivy@halton-analytics.example")
    create_organisation(finder, "Halton Analytics", "machine learning, data science")
    finder.goto("/opportunities/")
    finder.get_by_label("Kind").select_option(label="Partner search")
    expect(finder).to_have_url(re.compile(r"/opportunities/\?.*kind=partner_search"))
    finder.get_by_label("Focal area").select_option(label="Materials chemistry")
    expect(finder).to_have_url(re.compile(r"focal_area=materials-chemistry"))
    finder.get_by_role("link", name=TITLE).click()
    expect(finder.get_by_role("heading", level=1)).to_contain_text("robotic coatings screening")

    # ...and expresses interest; the poster gets an email.
    finder.get_by_role("link", name="Express interest").click()
    finder.get_by_label("Who we are").fill("A data science consultancy in Widnes.")
    finder.get_by_label("What we bring").fill("Machine-learning models for formulation data.")
    finder.get_by_label("What we want from this").fill("A joint bid.")
    finder.get_by_role("button", name="Send expression of interest").click()
    expect(finder.get_by_text("Your expression of interest is sent.")).to_be_visible()
    assert "Halton Analytics" in text_of(
        inbox.wait_for("pat@mersey-coatings.example", "is interested in")
    )

    # The poster accepts from the dashboard and sees the other side's contact details.
    poster.goto("/dashboard/")
    received = poster.get_by_role("region", name="Expressions of interest received")
    expect(received).to_contain_text("Halton Analytics")
    received.get_by_role("button", name="Accept Halton Analytics").click()
    expect(
        poster.get_by_text("Accepted. You can now see each other's contact details")
    ).to_be_visible()
    expect(poster.get_by_role("link", name="ivy@halton-analytics.example")).to_be_visible()

    # The other business is told by email and sees the poster's contact details.
    inbox.wait_for("ivy@halton-analytics.example", "was accepted")
    finder.goto("/dashboard/")
    sent = finder.get_by_role("region", name="Expressions of interest sent")
    expect(sent).to_contain_text("Accepted")
    expect(sent.get_by_role("link", name="pat@mersey-coatings.example")).to_be_visible()


def test_subscribe_confirm_receive_a_digest_and_unsubscribe_in_one_click(
    new_person, inbox, curator, site, news_post
):
    reader = "reader@wirral-labs.example"

    # A visitor subscribes; the confirmation link in the email opens a page with a button.
    page = new_person()
    page.goto("/newsletter/subscribe/")
    form = page.locator("main")
    form.get_by_label("Email address").fill(reader)
    form.get_by_label("Infection").check()
    form.get_by_label(re.compile(r"Yes, email me the LCR\+ newsletter")).check()
    form.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    link = re.search(r"\S+/newsletter/confirm/\S+/", text_of(inbox.wait_for(reader))).group(0)
    assert link.startswith(site.url + "/"), f"the link does not point at SITE_URL: {link}"
    page.goto(link)
    page.get_by_role("button", name="Confirm subscription").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Subscription confirmed")

    # A curator writes a digest and sends it now; the worker sends it.
    curator.goto("/admin/newsletter/digest/add/")
    curator.get_by_label("Intro").fill("News from the production smoke test.")
    curator.get_by_role("button", name="Save and continue editing").click()
    expect(curator.get_by_text("was added successfully")).to_be_visible()
    curator.get_by_role("button", name="Send now").click()
    expect(curator.get_by_text("1 sent")).to_be_visible(timeout=60_000)

    digest = inbox.wait_for(reader, "LCR+ newsletter")
    assert "Glass Futures furnace opens for trial melts" in text_of(digest)
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.fullmatch(r"<(\S+)>", digest["List-Unsubscribe"]).group(1)
    assert unsubscribe.startswith(site.url + "/"), unsubscribe

    # The mail program's one-click unsubscribe: a POST with no cookie and no CSRF token.
    response = site.request(
        "POST",
        urllib.parse.urlsplit(unsubscribe).path,
        body="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status == 200, response.text

    # The subscriber is unsubscribed: their preferences link says so.
    preferences = re.search(r"\S+/newsletter/preferences/\S+/", text_of(digest)).group(0)
    page.goto(preferences)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{reader} is not subscribed")
    expect(page.get_by_text("This address unsubscribed")).to_be_visible()


def register_for_matchmaking(page, inbox, address, matchmaking, offer, seek):
    """From the event's matchmaking page: register with a marketplace entry."""
    page.goto(matchmaking)
    page.get_by_role("link", name="Register for matchmaking").click()
    page.get_by_label(re.compile(r"Morning meetings")).check()
    page.get_by_label("What you offer", exact=True).fill(f"We offer {offer}.")
    page.get_by_label("What you seek", exact=True).fill(f"We are looking for {seek}.")
    page.get_by_label("Keywords for what you offer").fill(offer)
    page.get_by_label("Keywords for what you seek").fill(seek)
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("You are registered; we have emailed you.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Waiting for validation")
    inbox.wait_for(address, "You registered for matchmaking")


def test_register_request_accept_and_download_the_agenda_at_the_demo_event(
    new_person, inbox, curator, site, demo_matchmaking
):
    requester, recipient = "rita@wirral-robotics.example", "kit@knowsley-coatings.example"

    # Two businesses sign up, create their organisations and register for the demo
    # event's matchmaking; the event wants the organiser to validate each registration.
    asking = new_person()
    sign_up(asking, inbox, requester)
    create_organisation(asking, "Wirral Robotics", "robotics, automation")
    register_for_matchmaking(
        asking, inbox, requester, demo_matchmaking, "robotics, automation", "coatings"
    )
    asked = new_person()
    sign_up(asked, inbox, recipient)
    create_organisation(asked, "Knowsley Coatings", "coatings, surface chemistry")
    register_for_matchmaking(
        asked, inbox, recipient, demo_matchmaking, "coatings, surface chemistry", "robotics"
    )

    # The curator validates both on the organiser page; each is told by email.
    curator.goto(f"{demo_matchmaking}organise/")
    for name in ["Wirral Robotics", "Knowsley Coatings"]:
        curator.get_by_role("button", name=f"Validate {name}").click()
        expect(curator.get_by_text(f"({name}) validated; they have been emailed.")).to_be_visible()
    inbox.wait_for(requester, "You can now book meetings")
    inbox.wait_for(recipient, "You can now book meetings")

    # One finds the other among the participants and asks for a meeting.
    asking.goto(demo_matchmaking)
    asking.get_by_role("link", name="Browse participants and suggested meetings").click()
    asking.get_by_role("link", name="Knowsley Coatings", exact=True).first.click()
    expect(asking.get_by_role("heading", level=1)).to_have_text("Knowsley Coatings")
    asking.get_by_label("Why meet?").fill("Robotic spraying for your coatings line.")
    asking.get_by_role("button", name="Send meeting request").click()
    expect(asking.get_by_text("Request sent to")).to_be_visible()

    # The other follows the emailed link and accepts; the requester is told.
    request = text_of(inbox.wait_for(recipient, "Wirral Robotics would like to meet you"))
    link = re.search(r"Answer the request: (\S+)", request).group(1)
    assert link.startswith(site.url + "/"), f"the link does not point at SITE_URL: {link}"
    asked.goto(link)
    asked.get_by_role("button", name="Accept Wirral Robotics").click()
    expect(asked.get_by_text(re.compile(r"Meeting with .* accepted\."))).to_be_visible()
    inbox.wait_for(requester, "Meeting accepted: Wirral Robotics and Knowsley Coatings")

    # The organiser schedules the accepted meetings and publishes the agendas again.
    curator.goto(f"{demo_matchmaking}organise/")
    curator.get_by_role("button", name="Schedule all").click()
    expect(curator.get_by_text(re.compile(r"Scheduled \d+ meetings"))).to_be_visible()
    curator.get_by_role("button", name="Publish agendas").click()
    expect(
        curator.get_by_text("Agendas published; participants have been emailed.")
    ).to_be_visible()
    inbox.wait_for(requester, "has changed")

    # The requester sees the meeting on their agenda and downloads it for their calendar.
    asking.goto(demo_matchmaking)
    asking.get_by_role("link", name="My agenda").click()
    expect(asking.get_by_role("row", name=re.compile("Knowsley Coatings"))).to_be_visible()
    href = asking.get_by_role("link", name="Download my agenda (.ics)").get_attribute("href")
    response = asking.request.get(href)  # with the requester's cookies
    assert response.status == 200, response.status
    assert response.headers["content-type"].startswith("text/calendar"), response.headers
    events = icalendar.Calendar.from_ical(response.body()).walk("VEVENT")
    assert len(events) == 1, [str(event.get("SUMMARY")) for event in events]
    assert "Knowsley Coatings" in str(events[0]["SUMMARY"]) + str(events[0].get("DESCRIPTION"))
    assert events[0].decoded("DTEND") > events[0].decoded("DTSTART")
