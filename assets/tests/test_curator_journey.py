"""A curator's day in a real browser: a curator who is not a superuser signs in with an
authenticator code, adds an asset with a new host organisation, updates the directory
from a spreadsheet after a preview, and archives an asset, whose page then says it is gone.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import generate_totp_secret
from playwright.sync_api import expect

from accounts.tests.factories import curator_user
from accounts.tests.helpers import totp_code
from assets.models import Asset
from assets.tests.factories import AssetFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-and-unusual-passphrase"


def sign_in_with_code(page, live_server, email, secret):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="Two-Factor Authentication")).to_be_visible()
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")


def test_a_curator_adds_imports_with_a_preview_and_archives(live_server, page, browser):
    secret = generate_totp_secret()
    cora = curator_user(
        email="cora@lcr.example", name="Cora Curator", password=PASSWORD, totp_secret=secret
    )
    assert not cora.is_superuser
    EmailAddress.objects.create(user=cora, email=cora.email, verified=True, primary=True)
    AssetFactory(name="Pilgrim furnace", slug="pilgrim-furnace", capabilities="glass melting")
    sign_in_with_code(page, live_server, cora.email, secret)

    # Add an asset whose host is not in the directory yet: add the host from the form.
    page.goto(live_server.url + "/admin/assets/asset/add/")
    page.get_by_label("Name:", exact=True).fill("Experimental furnace")
    page.get_by_label("Kind:").select_option(label="Facility")
    with page.expect_popup() as popup_info:
        page.get_by_title("Add another organisation").first.click()
    popup = popup_info.value
    popup.get_by_label("Name:", exact=True).fill("Glass Futures")
    popup.get_by_label("Kind:").select_option(label="Research institute")
    popup.get_by_role("button", name="Save", exact=True).click()
    popup.wait_for_event("close")
    expect(page.locator("#select2-id_host-container")).to_have_text("Glass Futures")
    page.get_by_label("Summary:").fill("An openly accessible experimental glass furnace.")
    page.get_by_label("Postcode:").fill("WA9 4TT")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("filled in from the centre of postcode district WA9")).to_be_visible()
    furnace = Asset.objects.get(name="Experimental furnace")
    assert furnace.host.name == "Glass Futures" and furnace.latitude is not None
    assert furnace.last_verified is None  # nobody has checked it yet

    # Update the directory from a spreadsheet: preview first, then confirm.
    page.get_by_role("link", name="Import from CSV").click()
    page.get_by_label("CSV file:").set_input_files(
        files=[
            {
                "name": "update.csv",
                "mimeType": "text/csv",
                "buffer": (
                    "ID,Name,Type,Summary,Organisation ID,Manufacturer,Technique\n"
                    f"{furnace.slug},,,About 30 tonnes of glass a day.,,,glass melting\n"
                    ",Batch mixing plant,facility,Raw materials mixing.,glass-futures,Eirich,\n"
                ).encode(),
            }
        ]
    )
    page.get_by_role("button", name="Preview import").click()
    expect(
        page.get_by_role("heading", name="Preview: 1 created, 1 updated, 0 unchanged")
    ).to_be_visible()
    preview = page.get_by_role("table", name="What importing this file would do, row by row")
    expect(preview.get_by_role("row", name=re.compile("Experimental furnace"))).to_contain_text(
        "Summary: An openly accessible experimental glass furnace. → "
        "About 30 tonnes of glass a day."
    )
    expect(preview.get_by_role("row", name=re.compile("Batch mixing plant"))).to_contain_text(
        "Manufacturer: (empty) → Eirich"
    )
    furnace.refresh_from_db()
    assert furnace.summary.startswith("An openly accessible")  # nothing saved yet
    page.get_by_role("button", name="Confirm import").click()
    expect(page.get_by_text("Imported: 1 created, 1 updated, 0 unchanged.")).to_be_visible()
    furnace.refresh_from_db()
    assert furnace.summary == "About 30 tonnes of glass a day."
    assert furnace.postcode == "WA9 4TT"  # not in the file: kept
    assert Asset.objects.get(name="Batch mixing plant").status == Asset.Status.DRAFT

    # Publish, then archive: the public page then says it is gone and where to look.
    Asset.objects.filter(pk=furnace.pk).update(status=Asset.Status.PUBLISHED)
    page.goto(live_server.url + "/admin/assets/asset/")
    page.get_by_role("row", name=re.compile("Experimental furnace")).get_by_role("checkbox").check()
    page.get_by_role("combobox", name="Action").select_option(label="Archive selected assets")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_text("1 asset archived.")).to_be_visible()

    visitor = browser.new_context().new_page()
    response = visitor.goto(live_server.url + furnace.get_absolute_url())
    assert response.status == 410
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "Experimental furnace is no longer listed"
    )
    expect(visitor.get_by_role("link", name="Glass Futures")).to_be_visible()
    similar = visitor.get_by_role("region", name="Similar facilities and services")
    expect(similar.get_by_role("link", name="Pilgrim furnace")).to_be_visible()
