"""A visitor's first journey in a real browser: browse, sign up, confirm, land signed in."""

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.tests.helpers import verification_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


# Transactional tests empty the database afterwards, data migrations included;
# seed_lcr brings back the taxonomy it needs along with the dataset.
def test_visitor_browses_signs_up_confirms_and_lands_signed_in(live_server, page):
    call_command("seed_lcr")

    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Liverpool City Region")
    expect(page.get_by_role("heading", name="Hartree Centre")).to_be_visible()

    nav = page.get_by_role("navigation", name="Main")
    for link, heading in [
        ("Assets", "Facilities and assets"),
        ("Opportunities", "Opportunities"),
        ("Events", "Events"),
        ("News", "News"),
        ("Organisations", "Organisations"),
    ]:
        nav.get_by_role("link", name=link, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)

    page.get_by_role("link", name="Assets", exact=True).click()
    page.get_by_role("link", name="Materials Innovation Factory").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Materials Innovation Factory")

    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Create an account"
    ).click()
    page.get_by_label("Your full name").fill("Nia Newcomer")
    page.get_by_label("Email", exact=True).fill("newcomer@example.com")
    page.get_by_label("Password", exact=True).fill("a-long-and-unusual-passphrase")
    page.get_by_label("Password (again)").fill("a-long-and-unusual-passphrase")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verify")

    assert len(mail.outbox) == 1
    page.get_by_label("Code").fill(verification_code(mail.outbox[0]))
    page.get_by_role("button", name="Confirm").click()

    # Back where they were, signed in.
    expect(page.get_by_role("heading", level=1)).to_have_text("Materials Innovation Factory")
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")
    expect(page.get_by_text("Signed in as newcomer@example.com.", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
