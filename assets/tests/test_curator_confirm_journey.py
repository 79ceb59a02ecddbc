"""A curator (staff in the Curators group, not a superuser, signing in with an
authenticator code) asks a facility to confirm its record; the facility's contact says
something has changed; the curator approves it and the history says who changed what.
Real browser, real SMTP server."""

import re
import time
from datetime import date

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import (
    TOTP,
    generate_totp_secret,
)
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import Organisation, User
from accounts.tests.factories import curators_group
from accounts.tests.helpers import totp_code
from assets.models import Asset
from portal.tests.test_accessibility import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-and-unusual-passphrase"


def wait_for_message(smtp_server, count, timeout=10):
    deadline = time.monotonic() + timeout
    while smtp_server.count() < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return smtp_server.messages[count - 1]["message"]


def test_curator_asks_a_facility_which_suggests_a_change_that_the_curator_approves(
    browser, live_server, smtp_server
):
    call_command("seed_lcr", verbosity=0)  # the Curators group and taxonomy
    host = Organisation.objects.create(name="Glassworks Research", kind="university")
    asset = Asset.objects.create(
        name="Experimental Glass Furnace",
        kind=Asset.Kind.FACILITY,
        host=host,
        summary="A furnace for trialling new glass recipes at industrial scale.",
        website="https://old.glassworks.example",
        town="St Helens",
        enquiry_email="furnace@glassworks.example",
        status=Asset.Status.PUBLISHED,
        last_verified=date(2019, 6, 1),
    )
    cora = User.objects.create_user(
        email="cora@lcr.example", password=PASSWORD, name="Cora Curator", is_staff=True
    )
    EmailAddress.objects.create(user=cora, email=cora.email, verified=True, primary=True)
    cora.groups.add(curators_group())
    secret = generate_totp_secret()
    TOTP.activate(cora, secret)
    assert not cora.is_superuser

    # The curator signs in with a password and an authenticator code.
    curator = browser.new_context().new_page()
    curator.goto(live_server.url + "/accounts/login/")
    curator.get_by_label("Email", exact=True).fill(cora.email)
    curator.get_by_label("Password").fill(PASSWORD)
    curator.get_by_role("button", name="Sign In").click()
    expect(curator.get_by_role("heading", name="Two-Factor Authentication")).to_be_visible()
    curator.get_by_label("Code").fill(totp_code(secret))
    curator.get_by_role("button", name="Sign In").click()
    expect(curator.get_by_role("heading", level=1)).to_have_text("Your dashboard")

    # The stale report, oldest first, with each record's contact; ask the facility.
    curator.goto(live_server.url + "/admin/assets/asset/")
    curator.get_by_role("link", name="Stale report").click()
    expect(
        curator.get_by_role("heading", name="Assets not checked for over a year")
    ).to_be_visible()
    row = curator.get_by_role("row", name=re.compile("Experimental Glass Furnace"))
    expect(row).to_contain_text("furnace@glassworks.example")
    expect(row).to_contain_text("1 June 2019")
    row.get_by_role("button", name="Ask the facility to confirm").click()
    expect(
        curator.get_by_text(
            "Asked furnace@glassworks.example to confirm Experimental Glass Furnace."
        )
    ).to_be_visible()
    expect(row).to_contain_text("Waiting for an answer")

    # The contact gets the email through the SMTP server, and follows the link.
    message = wait_for_message(smtp_server, 1)
    assert message["To"] == "furnace@glassworks.example"
    text = message.get_body(("plain",)).get_content()
    link = re.search(r"https?://\S+/assets/confirm/\S+/", text).group(0)
    contact = browser.new_context().new_page()  # no account, not signed in
    contact.goto(live_server.url + re.sub(r"^https?://[^/]+", "", link))
    expect(contact.get_by_role("heading", level=1)).to_have_text(
        "Is our listing of Experimental Glass Furnace still correct?"
    )
    expect(contact.get_by_text("https://old.glassworks.example")).to_be_visible()
    assert serious_violations(contact) == []
    contact.get_by_role("link", name="Something has changed").click()
    assert serious_violations(contact) == []
    contact.get_by_label("Website").fill("https://furnace.glassworks.example")
    contact.get_by_label("Anything else that has changed").fill("Bookings now open monthly.")
    contact.get_by_role("button", name="Send the changes").click()
    expect(contact.get_by_role("heading", name="Thank you")).to_be_visible()
    assert serious_violations(contact) == []

    # The link cannot be used again.
    contact.go_back()
    contact.reload()
    expect(contact.get_by_role("heading", name="You have already answered")).to_be_visible()

    # The curator approves the change request.
    curator.goto(live_server.url + "/admin/assets/changerequest/")
    request_row = curator.get_by_role("row", name=re.compile("Experimental Glass Furnace"))
    expect(request_row).to_contain_text("Website: https://furnace.glassworks.example")
    request_row.get_by_role("checkbox").check()
    curator.get_by_role("combobox", name="Action").select_option(
        label="Approve: apply the suggested changes"
    )
    curator.get_by_role("button", name="Go").click()
    expect(curator.get_by_text("1 change request approved.")).to_be_visible()

    # The asset shows the new value, and the history says who changed what.
    curator.goto(live_server.url + f"/admin/assets/asset/{asset.pk}/change/")
    expect(curator.get_by_label("Website")).to_have_value("https://furnace.glassworks.example")
    change = curator.get_by_role("row", name=re.compile("Website"))
    expect(change).to_contain_text("Cora Curator")
    expect(change).to_contain_text("suggested by furnace@glassworks.example")
    expect(change).to_contain_text("https://old.glassworks.example")
    expect(change).to_contain_text("https://furnace.glassworks.example")
    expect(curator.get_by_text(re.compile(r"Cora Curator, \d+ \w+ \d{4}"))).to_be_visible()

    visitor = browser.new_context().new_page()
    visitor.goto(live_server.url + asset.get_absolute_url())
    expect(
        visitor.get_by_role("link", name="Experimental Glass Furnace website")
    ).to_have_attribute("href", "https://furnace.glassworks.example")
    expect(visitor.get_by_text("Details last checked")).to_have_count(0)
