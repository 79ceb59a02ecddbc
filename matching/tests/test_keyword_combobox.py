"""The keyword field suggests the directory's language as the poster types, in a real
browser: htmx fills a native datalist, so the field is an accessible combobox."""

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import Membership, Organisation, User
from matching.models import ThesaurusSet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-and-unusual-passphrase"


def test_typing_a_keyword_offers_existing_keywords_and_thesaurus_terms(browser, live_server):
    call_command("seed_lcr")  # the taxonomy (transactional tests start empty)
    ThesaurusSet.objects.create(phrases="additive manufacturing\n3d printing")
    organisation = Organisation.objects.create(name="Mersey Coatings", kind="sme")
    user = User.objects.create_user(email="pat@mersey.example", password=PASSWORD, name="Pat")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    Membership.objects.create(user=user, organisation=organisation, role="owner")

    page = browser.new_context().new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email", exact=True).fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")
    page.goto(live_server.url + "/opportunities/new/")

    keywords = page.get_by_role("combobox", name="Keywords")
    keywords.press_sequentially("coatings, addit")

    options = page.locator("#keyword-suggestions option")
    expect(options.first).to_have_attribute("value", "coatings, additive manufacturing")
    keywords.press_sequentially("ive manufacturing")
    expect(keywords).to_have_value("coatings, additive manufacturing")
