"""The browser journeys, against the production processes, with email from the SMTP server.

Each journey is what people do on the live site; nothing is set up behind its back except
the curator account (``manage.py create_curator``, as an operator would).
"""

import re
import urllib.parse
from datetime import date, timedelta

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
