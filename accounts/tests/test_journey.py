"""A business signs up, creates its organisation and brings in a colleague, in Chromium."""

import io
import re

import pytest
from django.core import mail
from PIL import Image
from playwright.sync_api import expect

from accounts.models import Membership, Organisation
from accounts.tests.helpers import link_path, verification_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "a-long-and-unusual-passphrase"


def last_mail_to(address):
    return [m for m in mail.outbox if address in m.to][-1]


def sign_up_and_confirm(page, email):
    """Fill the signup form, then type the code from the email, as a person would."""
    page.get_by_label("Your full name").fill(email.split("@")[0].title())
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify your email address")
    page.get_by_label("Code").fill(verification_code(last_mail_to(email)))
    page.get_by_role("button", name="Confirm").click()


def test_owner_creates_an_organisation_and_a_colleague_joins_by_invitation(
    live_server, page, browser, tmp_path
):
    logo = tmp_path / "logo.png"
    buffer = io.BytesIO()
    Image.new("RGB", (96, 96), "teal").save(buffer, format="PNG")
    logo.write_bytes(buffer.getvalue())

    # The owner signs up and confirms with the emailed code.
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Create an account").click()
    sign_up_and_confirm(page, "owner@mersey.example.com")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")

    # Onboarding: create the organisation with a logo.
    page.get_by_role("link", name="Create an organisation").click()
    page.get_by_label("Name").fill("Mersey Coatings")
    page.get_by_label("Type of organisation").select_option(label="SME")
    page.get_by_label("Capabilities").fill("spray drying, Formulation")
    page.get_by_label("Logo").set_input_files(str(logo))
    page.get_by_role("button", name="Create organisation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Get Mersey Coatings started")
    organisation = Organisation.objects.get(name="Mersey Coatings")
    assert organisation.logo.name.endswith(".png")

    # Invite a colleague, from the task list.
    page.get_by_role("link", name="Invite your colleagues").click()
    page.get_by_label("Colleague's email address").fill("colleague@mersey.example.com")
    page.get_by_label("Member", exact=True).check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("We have emailed an invitation to colleague@mersey.example.com."))
    invitation_path = link_path(
        last_mail_to("colleague@mersey.example.com"), "/organisations/invitations/"
    )

    # The colleague, in their own browser, signs up from the invitation and accepts it.
    colleague = browser.new_page()
    colleague.goto(live_server.url + invitation_path)
    expect(colleague.get_by_role("heading", level=1)).to_have_text("Join Mersey Coatings")
    colleague.get_by_role("main").get_by_role("link", name="Create an account").click()
    expect(colleague.get_by_label("Email", exact=True)).to_have_value(
        "colleague@mersey.example.com"
    )
    sign_up_and_confirm(colleague, "colleague@mersey.example.com")
    colleague.get_by_role("button", name="Accept and join Mersey Coatings").click()
    expect(colleague.get_by_role("heading", level=1)).to_have_text("Your dashboard")
    expect(colleague.get_by_text("Welcome to Mersey Coatings.")).to_be_visible()
    colleague.close()

    # The colleague now appears in the owner's team.
    page.reload()
    members = page.get_by_role("table")
    expect(members).to_contain_text("colleague@mersey.example.com")
    expect(members).to_contain_text("owner@mersey.example.com")
    assert Membership.objects.get(user__email="colleague@mersey.example.com").role == "member"

    # The profile shows the logo, stored under a random name (the server under test
    # does not serve media files, so check the stored file itself).
    page.goto(live_server.url + organisation.get_absolute_url())
    img = page.get_by_role("img", name="Mersey Coatings logo")
    expect(img).to_have_attribute("src", re.compile(r"^/media/logos/[0-9a-f]{32}\.png$"))
    organisation.refresh_from_db()
    with organisation.logo.open("rb") as stored:
        assert Image.open(stored).size == (96, 96)
