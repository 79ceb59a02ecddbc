"""A curator's look at insights in Chromium, and axe-core on both pages."""

import csv
import io

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import generate_totp_secret
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.tests.factories import curator_user
from accounts.tests.helpers import totp_code
from portal.tests.test_accessibility import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-and-unusual-passphrase"


def test_a_curator_changes_the_period_reads_a_table_and_downloads_it(live_server, page):
    call_command("seed_lcr", "--demo")  # a year of demo activity
    secret = generate_totp_secret()
    cora = curator_user(email="cora@lcr.example", password=PASSWORD, totp_secret=secret)
    EmailAddress.objects.create(user=cora, email=cora.email, verified=True, primary=True)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email", exact=True).fill(cora.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")

    page.goto(live_server.url + "/insights/")
    expect(page.get_by_role("heading", name="Insights", level=1)).to_be_visible()
    expect(page.get_by_text("Demo data.")).to_be_visible()
    assert serious_violations(page) == []

    # htmx swaps the report and puts the period in the address, so it can be shared.
    page.get_by_label("Last 30 days").check()
    page.wait_for_url("**/insights/?period=30d*")
    interests = page.get_by_role("figure", name="Expressions of interest")
    interests.get_by_text("the figures as a table").click()
    table = interests.get_by_role("table")
    expect(table).to_be_visible()
    expect(table.get_by_role("columnheader", name="Week starting")).to_be_visible()

    with page.expect_download() as download_info:
        interests.get_by_role("link", name="Download “Expressions of interest” as CSV").click()
    rows = list(csv.reader(io.StringIO(open(download_info.value.path()).read())))
    assert rows[0] == ["Week starting", "Sent", "Accepted", "Declined"]
    assert len(rows) >= 5


def test_the_ecosystem_page_has_no_serious_accessibility_violations(live_server, page):
    call_command("seed_lcr", "--demo")
    page.goto(live_server.url + "/ecosystem/")
    expect(page.get_by_role("heading", name="The ecosystem at a glance")).to_be_visible()
    assert serious_violations(page) == []
