"""Every edit form opens with a saved object and saves it unchanged, in Chromium.

A date input discards a value that is not ISO (``28/02/2027``), so an edit form whose
dates came back empty could not be saved without retyping them.
"""

from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import MembershipFactory, OrganisationFactory, VerifiedUserFactory
from newsletter.models import Subscriber
from newsletter.services import preferences_url
from opportunities.models import Opportunity
from opportunities.tests.factories import OpportunityFactory
from portal.models import FocalArea
from portal.tests.browser import screenshot, signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def owner():
    infection, _ = FocalArea.objects.get_or_create(slug="infection", defaults={"name": "Infection"})
    organisation = OrganisationFactory(name="Mersey Coatings", description="Coatings.")
    organisation.focal_areas.add(infection)
    user = VerifiedUserFactory(email="owner@mersey.example", name="Olive Owner")
    MembershipFactory(user=user, organisation=organisation)
    user.interests.add(infection)
    return user


@pytest.mark.parametrize("kind", Opportunity.Kind.values)
def test_an_opportunity_of_every_kind_saves_unchanged(browser, live_server, owner, kind):
    organisation = owner.memberships.get().organisation
    opportunity = OpportunityFactory(
        organisation=organisation,
        kind=kind,
        event=kind == Opportunity.Kind.EVENT,
        title="Partner wanted for coatings trials",
        deadline=None
        if kind == Opportunity.Kind.EVENT
        else timezone.now().replace(hour=12) + timedelta(days=90),
    )
    opportunity.focal_areas.set(organisation.focal_areas.all())
    saved = Opportunity.objects.get(pk=opportunity.pk)
    page = signed_in_page(browser, live_server, owner)

    page.goto(live_server.url + f"/opportunities/{opportunity.slug}/edit/")
    if kind == Opportunity.Kind.PARTNER_SEARCH:
        expect(page.get_by_label("Closing date")).not_to_have_value("")
    page.get_by_role("button", name="Save changes").click()

    expect(page.get_by_text("saved", exact=False).first).to_be_visible()
    if kind == Opportunity.Kind.PARTNER_SEARCH:
        screenshot(page, "edit-form-saved-unchanged")
    expect(page.get_by_role("alert")).to_have_count(0)  # no error summary
    reloaded = Opportunity.objects.get(pk=opportunity.pk)
    assert (reloaded.deadline, reloaded.starts_at, reloaded.ends_at) == (
        saved.deadline
        and timezone.localtime(saved.deadline).replace(hour=23, minute=59, second=0, microsecond=0),
        saved.starts_at and saved.starts_at.replace(second=0, microsecond=0),
        saved.ends_at and saved.ends_at.replace(second=0, microsecond=0),
    )


def test_organisation_profile_saves_unchanged(browser, live_server, owner):
    organisation = owner.memberships.get().organisation
    page = signed_in_page(browser, live_server, owner)
    page.goto(live_server.url + f"/organisations/{organisation.slug}/edit/")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Your organisation profile is saved.")).to_be_visible()


def test_account_settings_save_unchanged(browser, live_server, owner):
    page = signed_in_page(browser, live_server, owner)
    page.goto(live_server.url + "/accounts/settings/")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Your settings are saved.")).to_be_visible()
    owner.refresh_from_db()
    assert owner.name == "Olive Owner"
    assert list(owner.interests.values_list("slug", flat=True)) == ["infection"]


def test_newsletter_preferences_save_unchanged(page, live_server, owner):
    subscriber = Subscriber.objects.create(
        email="reader@example.com", status=Subscriber.Status.ACTIVE, frequency="monthly"
    )
    subscriber.focal_areas.set(owner.interests.all())
    page.goto(live_server.url + urlparse(preferences_url(subscriber.pk)).path)
    page.get_by_role("button", name="Save preferences").click()
    expect(page.get_by_text("Your newsletter preferences are saved.")).to_be_visible()
    subscriber.refresh_from_db()
    assert subscriber.frequency == "monthly"
    assert subscriber.focal_areas.count() == 1
