"""A business finds a facility and asks to use it, in a real browser."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.tests.factories import MembershipFactory, UserFactory
from assets.models import Enquiry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-and-unusual-passphrase"


def sign_in(page, live_server, email):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")


# Transactional tests empty the database afterwards; seed_lcr restores the taxonomy.
def test_business_filters_searches_opens_an_asset_and_sends_an_enquiry(live_server, page):
    call_command("seed_lcr", verbosity=0)
    user = UserFactory(email="buyer@example.com", name="Bea Buyer", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    MembershipFactory(user=user, organisation__name="NetCo Ltd")
    sign_in(page, live_server, user.email)

    page.goto(live_server.url + "/assets/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Facilities and assets")
    results = page.get_by_role("heading", name=re.compile(r"^\d+ assets?"))
    expect(results).to_have_text("27 assets")

    # Each change updates the results in place (htmx) and the URL says what is shown.
    page.get_by_role("checkbox", name=re.compile(r"^Infection")).check()
    expect(page).to_have_url(re.compile(r"focal_area=infection"))
    expect(results).to_have_text("9 assets")
    page.get_by_role("checkbox", name=re.compile(r"^Contract research and testing")).check()
    expect(page).to_have_url(re.compile(r"focal_area=infection.*access=contract-research"))
    expect(results).to_have_text("3 assets")

    page.get_by_label("Search assets").fill("mosquito")
    page.get_by_label("Search assets").press("Enter")
    expect(page).to_have_url(re.compile(r"q=mosquito"))
    expect(results).to_have_text("1 asset matching “mosquito”")

    # The back button returns to the previous filters.
    page.go_back()
    expect(page).to_have_url(re.compile(r"access=contract-research$"))
    expect(results).to_have_text("3 assets")
    page.go_forward()
    expect(results).to_have_text("1 asset matching “mosquito”")

    page.get_by_role("link", name="Liverpool Insect Testing Establishment (LITE)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Liverpool Insect Testing Establishment (LITE)"
    )
    expect(
        page.get_by_text("Pay the facility to do the work or run the tests for you.")
    ).to_be_visible()
    expect(page.get_by_label("Your organisation")).to_have_value(str(user.organisations.get().pk))
    page.get_by_label("What do you need?").fill(
        "WHO cone bioassays for a new long-lasting insecticidal net, 3 batches."
    )
    page.get_by_label("When do you need it?").fill("Within two months")
    page.get_by_role("button", name="Send enquiry").click()

    expect(
        page.get_by_text(
            "Your enquiry about Liverpool Insect Testing Establishment (LITE) has been sent."
        )
    ).to_be_visible()
    enquiry = Enquiry.objects.get()
    assert enquiry.user == user and enquiry.asset.slug == "lite"
    assert sorted(m.to[0] for m in mail.outbox) == ["buyer@example.com", "enquiries@localhost"]

    page.get_by_role("link", name="Dashboard").click()
    expect(
        page.get_by_role("cell", name="Liverpool Insect Testing Establishment (LITE)")
    ).to_be_visible()
    expect(page.get_by_role("cell", name="Sent")).to_be_visible()


def test_the_map_draws_a_marker_per_asset_even_when_tiles_cannot_load(live_server, page):
    call_command("seed_lcr", verbosity=0)
    # No tile server is reachable from the test browser.
    page.route(re.compile(r"tile\.openstreetmap\.org"), lambda route: route.abort())

    page.goto(live_server.url + "/assets/map/?focal_area=infection")

    expect(page.get_by_role("heading", name="9 assets on the map")).to_be_visible()
    expect(page.locator(".leaflet-marker-icon")).to_have_count(9)
    expect(page.locator(".marker-list li")).to_have_count(9)

    page.get_by_role("checkbox", name=re.compile(r"^Materials chemistry")).check()
    expect(page.get_by_role("heading", name="19 assets on the map")).to_be_visible()
    expect(page.locator(".leaflet-marker-icon")).to_have_count(19)
