"""The opportunity journey in a real browser: post, approve in the admin, find by filter,
express interest, accept, and both sides see each other's contact details.

The curator signs in with an authenticator app code, as staff must, and approves in the
Django admin.
"""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import (
    TOTP,
    generate_totp_secret,
)
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Membership, Organisation, User
from accounts.tests.helpers import totp_code
from opportunities.models import ExpressionOfInterest, Opportunity

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "a-long-and-unusual-passphrase"


def person(email, name, organisation=None, **fields):
    user = User.objects.create_user(email=email, password=PASSWORD, name=name, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if organisation:
        Membership.objects.create(user=user, organisation=organisation, role="owner")
    return user


def current_totp_code(secret):
    return totp_code(secret)


def sign_in(browser, live_server, email, totp_secret=None):
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    if totp_secret:
        expect(page.get_by_role("heading", name="Two-Factor Authentication")).to_be_visible()
        page.get_by_label("Code").fill(current_totp_code(totp_secret))
        page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")
    return page


def test_post_approve_find_express_interest_accept_and_share_contacts(browser, live_server):
    call_command("seed_lcr")  # the taxonomy (transactional tests start empty)
    coatings = Organisation.objects.create(name="Mersey Coatings", kind="sme")
    analytics = Organisation.objects.create(name="Halton Analytics", kind="sme")
    person("pat@mersey.example", "Pat Poster", coatings)
    person("ivy@halton.example", "Ivy Interested", analytics)
    cora = person("cora@lcr.example", "Cora Curator", is_staff=True, is_superuser=True)
    cora_secret = generate_totp_secret()
    TOTP.activate(cora, cora_secret)

    # A member of Mersey Coatings posts a partner search and submits it for review.
    poster = sign_in(browser, live_server, "pat@mersey.example")
    poster.goto(live_server.url + "/opportunities/new/")
    poster.get_by_label("Title").fill("Partner wanted for robotic coatings screening")
    poster.get_by_label("Partner search: We need a partner").check()
    poster.get_by_label("Summary").fill("We need robotic formulation to screen 500 coatings.")
    poster.get_by_label("Materials chemistry").check()
    poster.get_by_label("Keywords").fill("coatings, high-throughput formulation")
    closing = timezone.localdate() + timedelta(days=30)
    poster.get_by_label("Closing date").fill(closing.isoformat())
    poster.get_by_label("Location").fill("Runcorn")
    poster.get_by_role("button", name="Save as draft").click()
    expect(poster.get_by_text("Saved as a draft.")).to_be_visible()
    poster.get_by_role("button", name="Submit for review").click()
    expect(poster.get_by_text("Submitted for review.")).to_be_visible()
    assert Opportunity.objects.get().status == Opportunity.Status.PENDING

    # A curator approves it from the moderation queue in the admin.
    curator = sign_in(browser, live_server, "cora@lcr.example", totp_secret=cora_secret)
    curator.goto(live_server.url + "/admin/opportunities/pendingopportunity/")
    row = curator.get_by_role("row", name="Partner wanted for robotic coatings screening")
    row.get_by_role("checkbox").check()
    curator.get_by_role("combobox", name="Action").select_option(
        label="Approve and publish the selected opportunities"
    )
    curator.get_by_role("button", name="Go").click()
    expect(curator.get_by_text("Published 1 opportunity.")).to_be_visible()

    # A member of another organisation finds it by filter (htmx updates the results).
    finder = sign_in(browser, live_server, "ivy@halton.example")
    finder.goto(live_server.url + "/opportunities/")
    finder.get_by_label("Kind").select_option(label="Partner search")
    expect(finder).to_have_url(re.compile(r"/opportunities/\?.*kind=partner_search"))
    finder.get_by_label("Focal area").select_option(label="Materials chemistry")
    expect(finder.get_by_text("1 open opportunity")).to_be_visible()
    finder.get_by_role("link", name="Partner wanted for robotic coatings screening").click()
    expect(finder.get_by_role("heading", level=1)).to_contain_text("robotic coatings screening")

    # ...and expresses interest.
    finder.get_by_role("link", name="Express interest").click()
    finder.get_by_label("Who we are").fill("A data science consultancy in Widnes.")
    finder.get_by_label("What we bring").fill("Machine-learning models for formulation data.")
    finder.get_by_label("What we want from this").fill("A joint bid.")
    finder.get_by_role("button", name="Send expression of interest").click()
    expect(finder.get_by_text("Your expression of interest is sent.")).to_be_visible()

    # The poster accepts it from the dashboard and sees Ivy's contact details.
    poster.goto(live_server.url + "/dashboard/")
    received = poster.get_by_role("region", name="Expressions of interest received")
    expect(received).to_contain_text("Halton Analytics")
    received.get_by_role("button", name="Accept Halton Analytics").click()
    expect(
        poster.get_by_text("Accepted. You can now see each other's contact details")
    ).to_be_visible()
    expect(poster.get_by_role("link", name="ivy@halton.example")).to_be_visible()

    # The other side sees the poster's contact details on their dashboard.
    finder.goto(live_server.url + "/dashboard/")
    sent = finder.get_by_role("region", name="Expressions of interest sent")
    expect(sent).to_contain_text("Accepted")
    expect(sent.get_by_role("link", name="pat@mersey.example")).to_be_visible()
    assert ExpressionOfInterest.objects.get().status == ExpressionOfInterest.Status.ACCEPTED
