"""The first week of a real user, acted out in Chromium as a person would (issue 12)."""

import re

import pytest
from playwright.sync_api import expect

from accounts import services
from accounts.models import Membership, Organisation, User
from accounts.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    VerifiedUserFactory,
)
from accounts.tests.helpers import sign_in_code, totp_code, verification_code
from assets.tests.factories import AssetFactory
from newsletter.models import Subscriber
from opportunities.models import ExpressionOfInterest, Opportunity
from opportunities.tests.factories import ExpressionOfInterestFactory, OpportunityFactory
from portal.models import FocalArea
from portal.tests.browser import screenshot, signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-and-unusual-passphrase"


def focal_area():
    """Transactional tests start with an empty taxonomy."""
    return FocalArea.objects.get_or_create(slug="infection", defaults={"name": "Infection"})[0]


def last_mail_to(address):
    from django.core import mail

    return [m for m in mail.outbox if address in m.to][-1]


def test_labels_say_optional_only_for_optional_fields(browser, live_server):
    member = MembershipFactory(user=VerifiedUserFactory()).user
    page = signed_in_page(browser, live_server, member)
    page.goto(live_server.url + "/opportunities/new/")

    expect(page.get_by_label("Closing date", exact=True)).to_be_visible()
    expect(page.get_by_label("Starts", exact=True)).to_be_visible()
    expect(page.get_by_label("Keywords (optional)")).to_be_visible()
    expect(page.get_by_text("Closing date (optional)")).to_have_count(0)


def test_a_visitor_signs_up_with_their_name_and_returns_to_the_opportunity(page, live_server):
    opportunity = OpportunityFactory(title="Partner wanted for robotic coatings screening")
    page.goto(live_server.url + opportunity.get_absolute_url())

    page.get_by_role("link", name="Create an account").click()
    expect(page).to_have_title(re.compile("^Create an account"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    page.get_by_label("Your full name").fill("Ada Lovelace")
    page.get_by_label("Email", exact=True).fill("ada@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.get_by_label("Code").fill(verification_code(last_mail_to("ada@example.com")))
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(opportunity.title)
    assert User.objects.get(email="ada@example.com").name == "Ada Lovelace"


def test_sign_in_link_comes_back_to_the_page(page, live_server):
    VerifiedUserFactory(email="grace@example.com", name="Grace Hopper", password=PASSWORD)
    page.goto(live_server.url + "/assets/?q=robot")

    page.get_by_role("link", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_label("Email", exact=True).fill("grace@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(live_server.url + "/assets/?q=robot")


def test_an_account_without_a_name_is_asked_once(browser, live_server):
    user = VerifiedUserFactory(email="old@example.com", name="")
    page = signed_in_page(browser, live_server, user)

    page.goto(live_server.url + "/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("What is your name?")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("link", name="Enter your full name")).to_be_visible()
    page.get_by_label("Your full name").fill("Old Timer")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")
    page.goto(live_server.url + "/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")


def start_a_sign_up_with_a_taken_address(page, live_server):
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Your full name").fill("Grace Hopper")
    page.get_by_label("Email", exact=True).fill("grace@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify your email address")
    # Before, every way out led back here.
    page.goto(live_server.url + "/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify your email address")


def test_an_unfinished_sign_up_has_named_ways_out(page, live_server):
    VerifiedUserFactory(email="grace@example.com", name="Grace Hopper", password=PASSWORD)

    start_a_sign_up_with_a_taken_address(page, live_server)
    page.get_by_role("link", name="Register afresh").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")

    start_a_sign_up_with_a_taken_address(page, live_server)
    page.get_by_role("link", name="Use another email address").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")

    start_a_sign_up_with_a_taken_address(page, live_server)
    page.get_by_role("link", name="Sign in to an account you already have").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_label("Email", exact=True).fill("grace@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")


def test_closing_an_opportunity_asks_once_and_works_without_javascript(browser, live_server):
    opportunity = OpportunityFactory(title="Robotic coatings screening")
    owner = MembershipFactory(
        organisation=opportunity.organisation, user=VerifiedUserFactory()
    ).user
    page = signed_in_page(browser, live_server, owner, java_script_enabled=False)
    page.goto(live_server.url + opportunity.get_absolute_url())

    page.get_by_role("link", name="Close it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Close “Robotic coatings screening”?")
    expect(page.get_by_text("It will no longer appear in lists")).to_be_visible()
    page.get_by_role("link", name="Cancel, go back").click()
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.PUBLISHED

    page.get_by_role("link", name="Close it").click()
    page.get_by_role("button", name="Close this opportunity").click()
    expect(page.get_by_text("Closed: it no longer appears in lists.")).to_be_visible()
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.CLOSED


def test_withdrawing_an_interest_asks_once(browser, live_server):
    interest = ExpressionOfInterestFactory(opportunity__title="Robotic coatings screening")
    sender = MembershipFactory(organisation=interest.organisation, user=VerifiedUserFactory()).user
    page = signed_in_page(browser, live_server, sender, java_script_enabled=False)
    page.goto(live_server.url + interest.get_absolute_url())

    page.get_by_role("link", name="Withdraw").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Withdraw your interest in “Robotic coatings screening”?"
    )
    page.get_by_role("button", name="Withdraw my interest").click()
    expect(page.get_by_text("Withdrawn.")).to_be_visible()
    interest.refresh_from_db()
    assert interest.status == ExpressionOfInterest.Status.WITHDRAWN


def test_leaving_and_removing_ask_once_and_a_sole_owner_is_not_offered_either(browser, live_server):
    organisation = OrganisationFactory(name="Mersey Coatings")
    owner = MembershipFactory(
        organisation=organisation, user=VerifiedUserFactory(name="Olive Owner")
    ).user
    member = MembershipFactory(
        organisation=organisation,
        role=Membership.Role.MEMBER,
        user=VerifiedUserFactory(name="Max Member"),
    ).user
    MembershipFactory(
        organisation=organisation,
        role=Membership.Role.MEMBER,
        user=VerifiedUserFactory(name="Rita Removed"),
    )

    # The only owner sees neither Leave nor a role to change on their own row.
    page = signed_in_page(browser, live_server, owner, java_script_enabled=False)
    page.goto(live_server.url + f"/organisations/{organisation.slug}/team/")
    own_row = page.get_by_role("row").filter(has_text="Olive Owner")
    expect(own_row.get_by_role("link", name="Leave")).to_have_count(0)
    expect(own_row.get_by_role("combobox")).to_have_count(0)
    expect(own_row.get_by_text("make someone else an owner before you leave")).to_be_visible()

    page.get_by_role("row").filter(has_text="Rita Removed").get_by_role(
        "link", name="Remove"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Remove Rita Removed from Mersey Coatings?"
    )
    page.get_by_role("button", name="Remove Rita Removed").click()
    expect(page.get_by_text("Rita Removed is no longer in the team.")).to_be_visible()

    # A member leaves from their dashboard, after one question.
    page = signed_in_page(browser, live_server, member, java_script_enabled=False)
    page.goto(live_server.url + "/dashboard/")
    page.get_by_role("link", name="Leave Mersey Coatings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leave Mersey Coatings?")
    page.get_by_role("button", name="Leave Mersey Coatings").click()
    expect(page.get_by_text("You have left Mersey Coatings.")).to_be_visible()
    assert list(organisation.memberships.values_list("user__name", flat=True)) == ["Olive Owner"]


def test_error_messages_name_the_field_and_the_summary_links_to_it(browser, live_server):
    user = VerifiedUserFactory(name="")  # an older account: it is asked its name below
    page = signed_in_page(browser, live_server, user)
    page.goto(live_server.url + "/organisations/new/")
    page.get_by_role("button", name="Create organisation").click()

    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary.get_by_role("link", name="Enter your organisation's name")).to_be_visible()
    expect(summary.get_by_role("link", name="Choose the type of organisation")).to_be_visible()
    expect(page.get_by_text("This field is required")).to_have_count(0)
    screenshot(page, "error-summary")
    summary.get_by_role("link", name="Enter your organisation's name").click()
    expect(page.get_by_label("Name", exact=True)).to_be_focused()

    for path, button, messages in [
        (
            "/opportunities/new/",
            "Save as draft",
            ["Enter a title", "Choose what kind of opportunity it is"],
        ),
        ("/accounts/name/", "Save and continue", ["Enter your full name"]),
    ]:
        if path == "/opportunities/new/":
            MembershipFactory(user=user)
        page.goto(live_server.url + path)
        page.get_by_role("button", name=button).click()
        for message in messages:
            expect(page.get_by_role("alert").get_by_role("link", name=message)).to_be_visible()
        expect(page.get_by_text("This field is required")).to_have_count(0)


def test_sign_up_and_sign_in_errors_name_the_field(page, live_server):
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_role("button", name="Create account").click()
    for message in ["Enter your full name", "Enter your email address", "Enter a password"]:
        expect(page.get_by_role("alert").get_by_role("link", name=message)).to_be_visible()

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("button", name="Sign in").click()
    for message in ["Enter your email address", "Enter your password"]:
        expect(page.get_by_role("alert").get_by_role("link", name=message)).to_be_visible()
    expect(page.get_by_text("This field is required")).to_have_count(0)


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-javascript"])
def test_browse_urls_carry_only_the_filters_in_use(browser, live_server, javascript):
    OpportunityFactory(title="Robotic coatings screening")
    page = browser.new_context(java_script_enabled=javascript).new_page()
    page.goto(live_server.url + "/opportunities/")

    page.get_by_label("Kind").select_option(label="Partner search")
    if not javascript:
        page.get_by_role("button", name="Apply filters").click()

    # No empty parameters (the sort order is always one of its choices).
    expect(page).to_have_url(
        re.compile(
            re.escape(live_server.url) + r"/opportunities/\?kind=partner_search(&sort=newest)?$"
        )
    )
    expect(page.get_by_role("link", name="Robotic coatings screening")).to_be_visible()


TARGETS = """() => [...document.querySelectorAll(
    'main input[type=checkbox], main input[type=radio]')]
  .filter((input) => input.offsetParent !== null)
  .map((input) => {
    const label = input.closest('label') || document.querySelector(`label[for="${input.id}"]`);
    const height = Math.max(input.getBoundingClientRect().height,
                            label ? label.getBoundingClientRect().height : 0);
    return [input.name + '=' + input.value, height];
  })"""


def test_radios_and_checkboxes_are_40px_targets(browser, live_server):
    OpportunityFactory()
    # The asset browse lists the kinds, towns and hosts its assets have: give it one.
    AssetFactory()
    member = MembershipFactory(user=VerifiedUserFactory()).user
    page = signed_in_page(browser, live_server, member)
    for path in ["/assets/", "/opportunities/new/", "/accounts/settings/", "/organisations/new/"]:
        page.goto(live_server.url + path)
        targets = page.evaluate(TARGETS)
        assert targets, path
        small = [(name, height) for name, height in targets if height < 40]
        assert not small, (path, small)


def test_a_new_organisation_gets_a_task_list_shown_on_the_dashboard_until_done(
    browser, live_server
):
    user = VerifiedUserFactory(name="Olive Owner")
    page = signed_in_page(browser, live_server, user)
    page.goto(live_server.url + "/organisations/new/")
    page.get_by_label("Name", exact=True).fill("Mersey Coatings")
    page.get_by_label("Type of organisation").select_option(label="SME")
    page.get_by_label("Capabilities").fill("spray drying, formulation")
    page.get_by_role("button", name="Create organisation").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Get Mersey Coatings started")
    expect(page.get_by_text("You have completed 0 of 5 tasks.")).to_be_visible()
    expect(page.get_by_text("Still to add: a description, focal areas, a logo.")).to_be_visible()
    screenshot(page, "onboarding-task-list")

    page.get_by_role("link", name="Invite your colleagues").click()
    page.get_by_label("Colleague's email address").fill("colleague@mersey.example.com")
    page.get_by_role("button", name="Send invitation").click()
    page.goto(live_server.url + "/dashboard/")
    tasks = page.get_by_role("region", name="Get Mersey Coatings started")
    expect(tasks.get_by_text("You have completed 1 of 5 tasks.")).to_be_visible()
    invite = tasks.get_by_role("listitem").filter(has_text="Invite your colleagues")
    expect(invite.get_by_text("Completed")).to_be_visible()

    # Every task done: the dashboard no longer shows the list.
    organisation = Organisation.objects.get(name="Mersey Coatings")
    organisation.description = "Coatings for harsh environments."
    organisation.logo = "logos/mersey.png"
    organisation.save()
    organisation.focal_areas.add(focal_area())
    user.interests.add(focal_area())
    OpportunityFactory(organisation=organisation)
    Subscriber.objects.create(email=user.email, status=Subscriber.Status.ACTIVE)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")
    expect(page.get_by_role("region", name="Get Mersey Coatings started")).to_have_count(0)


def test_the_dashboard_says_truthfully_why_nothing_is_recommended(browser, live_server):
    organisation = OrganisationFactory(name="Mersey Coatings")
    organisation.focal_areas.add(focal_area())
    user = MembershipFactory(organisation=organisation, user=VerifiedUserFactory()).user
    page = signed_in_page(browser, live_server, user)
    page.goto(live_server.url + "/dashboard/")
    expect(
        page.get_by_text("Add capabilities and focal areas to the profile of Mersey Coatings")
    ).to_be_visible()

    expect(
        page.get_by_text("None yet: your organisation has no opportunities for others to answer.")
    ).to_be_visible()

    services.organisation_update(
        organisation=organisation,
        focal_areas=organisation.focal_areas.all(),
        capabilities_text="spray drying",
    )
    page.reload()
    expect(
        page.get_by_text("Nothing open fits your organisation's profile right now.")
    ).to_be_visible()
    expect(page.get_by_text("Add capabilities and focal areas")).to_have_count(0)


def test_the_home_page_offers_to_post_an_opportunity_and_find_a_partner(page, live_server):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Find a partner").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisations")
    page.go_back()
    page.get_by_role("link", name="Post an opportunity").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_a_curators_first_sign_in_goes_as_the_readme_says(page, live_server):
    """README, "The curator's first sign-in": email code, a sign-in code by email to set up
    the authenticator app, the authenticator, then the admin."""
    User.objects.create_superuser("cora@lcr.example", PASSWORD)  # as createsuperuser does
    page.goto(live_server.url + "/admin/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_label("Email", exact=True).fill("cora@lcr.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # 1. The address was never verified: a code is emailed.
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify your email address")
    page.get_by_label("Code").fill(verification_code(last_mail_to("cora@lcr.example")))
    page.get_by_role("button", name="Confirm").click()

    # 2. On to the admin, which needs two-factor authentication. A staff account's first
    # authenticator app needs the password (just typed) and a code emailed to the address.
    expect(
        page.get_by_text("Curators need two-factor authentication. Set up an authenticator app")
    ).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm access")
    expect(page.get_by_label("Recipient")).to_have_value("cora@lcr.example")
    page.get_by_role("button", name="Request code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter sign-in code")
    page.get_by_label("Code").fill(sign_in_code(last_mail_to("cora@lcr.example")))
    page.get_by_role("button", name="Confirm").click()

    # 3. The authenticator app page, with its secret and a code to check.
    expect(page.get_by_role("heading", level=1)).to_have_text("Activate authenticator app")
    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_text("Authenticator app activated.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery codes")

    # 4. Back to the admin: this session has not yet signed in with the app, so it asks
    # for a code from it; then the admin opens.
    page.goto(live_server.url + "/admin/")
    expect(page.get_by_text("Confirm it is you with your authenticator app.")).to_be_visible()
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
