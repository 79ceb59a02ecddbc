"""Posting an opportunity and its lifecycle from the owner's side."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.tests.factories import OrganisationFactory, UserFactory
from assets.tests.factories import AssetFactory
from opportunities.models import Opportunity
from opportunities.tests.factories import OpportunityFactory, member_of
from portal.models import FocalArea

pytestmark = pytest.mark.django_db

Status = Opportunity.Status


def form_data(**overrides):
    in_a_month = (timezone.localdate() + timedelta(days=30)).isoformat()
    data = {
        "title": "Partner wanted for coatings screening",
        "kind": "partner_search",
        "summary": "We need robotic formulation to screen 500 coatings.",
        "description": "**Robots** welcome.",
        "focal_areas": [FocalArea.objects.get(slug="materials-chemistry").pk],
        "keywords": "Coatings,  High-Throughput Formulation, coatings",
        "deadline": in_a_month,
        "location": "Runcorn",
        "visibility": "public",
        "value_band": "10k_50k",
    }
    data.update(overrides)
    return data


def test_posting_needs_sign_in(client):
    response = client.get("/opportunities/new/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_user_without_an_organisation_is_told_to_create_or_join_one(client):
    client.force_login(UserFactory())

    response = client.get("/opportunities/new/")

    html = response.content.decode()
    assert "You need an organisation first" in html
    assert 'href="/dashboard/"' in html
    assert client.post("/opportunities/new/", form_data()).status_code == 200
    assert not Opportunity.objects.exists()


def test_a_member_posts_a_draft_with_normalised_keywords_and_assets(client):
    user = member_of()
    asset = AssetFactory(name="Materials Innovation Factory")
    client.force_login(user)

    response = client.post("/opportunities/new/", form_data(related_assets=[asset.pk]))

    opportunity = Opportunity.objects.get()
    assert response.status_code == 302 and response["Location"] == opportunity.get_absolute_url()
    assert opportunity.status == Status.DRAFT
    assert opportunity.organisation == user.organisations.get()
    assert opportunity.posted_by == user
    assert opportunity.deadline.date() == timezone.localdate() + timedelta(days=30)
    assert sorted(opportunity.keywords.values_list("name", flat=True)) == [
        "coatings",
        "high-throughput formulation",
    ]
    assert list(opportunity.related_assets.all()) == [asset]
    page = client.get(opportunity.get_absolute_url()).content.decode()
    assert "Saved as a draft" in page and "Submit for review" in page


def test_editing_keeps_a_related_asset_archived_since_it_was_chosen(client):
    archived = AssetFactory(name="Old spectrometer")
    current = AssetFactory(name="New spectrometer")
    opportunity = OpportunityFactory(title="Same title")
    opportunity.related_assets.set([archived, current])
    archived.status = "archived"
    archived.save()
    client.force_login(member_of(opportunity.organisation))

    form = client.get(opportunity.get_absolute_url() + "edit/").content.decode()
    assert re.search(rf'<option value="{archived.pk}"[^>]* selected>Old spectrometer', form)
    response = client.post(
        opportunity.get_absolute_url() + "edit/",
        form_data(title="Same title", related_assets=[archived.pk, current.pk]),
    )

    assert response.status_code == 302
    assert set(opportunity.related_assets.all()) == {archived, current}
    assert "Old spectrometer" not in client.get("/opportunities/new/").content.decode()


def test_a_member_of_two_organisations_chooses_which_one_posts(client):
    user = member_of()
    second = OrganisationFactory(name="Second Ltd")
    member_of(second, email=user.email)
    client.force_login(user)

    assert "Post for" in client.get("/opportunities/new/").content.decode()
    client.post("/opportunities/new/", form_data(organisation=second.pk))

    assert Opportunity.objects.get().organisation == second


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Enter a title"),
        ({"deadline": ""}, "deadline", "Enter a closing date."),
        ({"deadline": "2001-01-01"}, "deadline", "within the next year"),
        ({"kind": "event"}, "starts_at", "Enter when the event starts."),
        (
            {"kind": "event", "starts_at": "2030-05-01T10:00", "ends_at": "2030-05-01T09:00"},
            "ends_at",
            "The end must be after the start.",
        ),
        (
            {
                "kind": "event",
                "starts_at": "2030-05-01T10:00",
                "ends_at": "2030-05-01T12:00",
                "location": "",
            },
            "location",
            "Enter where it takes place",
        ),
        ({"booking_url": "javascript:alert(1)", "kind": "event"}, "booking_url", "valid URL"),
    ],
)
def test_the_form_explains_each_mistake(client, overrides, field, message):
    client.force_login(member_of())

    response = client.post("/opportunities/new/", form_data(**overrides))

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert f'href="#id_{field}"' in html
    assert message in html
    assert not Opportunity.objects.exists()


def test_an_event_is_saved_with_dates_venue_and_booking_link(client):
    venue = AssetFactory(name="Sensor City")
    client.force_login(member_of())

    client.post(
        "/opportunities/new/",
        form_data(
            kind="event",
            title="Sensor prototyping day",
            starts_at="2030-05-01T10:00",
            ends_at="2030-05-01T16:00",
            venue=venue.pk,
            location="",
            booking_url="https://example.com/book",
        ),
    )

    event = Opportunity.objects.get()
    assert event.is_event and event.deadline is None
    assert event.venue == venue and event.booking_url == "https://example.com/book"
    assert timezone.localtime(event.starts_at).hour == 10


def test_submitting_sends_it_to_review_and_tells_curators(
    client, django_capture_on_commit_callbacks
):
    opportunity = OpportunityFactory(status=Status.DRAFT)
    UserFactory(is_staff=True, email="curator@example.com")
    client.force_login(member_of(opportunity.organisation))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(opportunity.get_absolute_url() + "submit/", follow=True)

    opportunity.refresh_from_db()
    assert opportunity.status == Status.PENDING and opportunity.submitted_at
    assert "Submitted for review" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["curator@example.com"]]
    assert opportunity.title in mail.outbox[0].subject


def test_a_verified_organisation_publishes_without_review_when_the_setting_allows(
    client, settings, django_capture_on_commit_callbacks
):
    opportunity = OpportunityFactory(status=Status.DRAFT, organisation__verified=True)
    member = member_of(opportunity.organisation, email="owner@example.com")
    client.force_login(member)

    settings.OPPORTUNITIES_VERIFIED_PUBLISH_WITHOUT_REVIEW = False
    client.post(opportunity.get_absolute_url() + "submit/")
    opportunity.refresh_from_db()
    assert opportunity.status == Status.PENDING

    opportunity.status = Status.DRAFT
    opportunity.save()
    settings.OPPORTUNITIES_VERIFIED_PUBLISH_WITHOUT_REVIEW = True
    with django_capture_on_commit_callbacks(execute=True):
        client.post(opportunity.get_absolute_url() + "submit/")
    opportunity.refresh_from_db()
    assert opportunity.status == Status.PUBLISHED and opportunity.published_at
    assert mail.outbox[-1].to == ["owner@example.com"]
    assert "Published" in mail.outbox[-1].subject


def test_submitting_is_post_only(client):
    opportunity = OpportunityFactory(status=Status.DRAFT)
    client.force_login(member_of(opportunity.organisation))

    for action in ["submit/", "close/"]:
        assert client.get(opportunity.get_absolute_url() + action).status_code == 405


def test_editing_the_substance_of_a_published_opportunity_sends_it_back_to_review(client, settings):
    opportunity = OpportunityFactory(title="Old title")
    client.force_login(member_of(opportunity.organisation))
    settings.OPPORTUNITIES_EDITS_NEED_REVIEW = True

    response = client.post(
        opportunity.get_absolute_url() + "edit/", form_data(title="New title"), follow=True
    )

    opportunity.refresh_from_db()
    assert opportunity.title == "New title" and opportunity.status == Status.PENDING
    assert "go to a curator for review" in response.content.decode()


def test_editing_only_dates_or_with_the_setting_off_keeps_it_published(client, settings):
    opportunity = OpportunityFactory(title="Same title", summary="Same summary")
    client.force_login(member_of(opportunity.organisation))
    settings.OPPORTUNITIES_EDITS_NEED_REVIEW = True
    same = form_data(title="Same title", summary="Same summary", description="", keywords="")

    client.post(opportunity.get_absolute_url() + "edit/", same)
    opportunity.refresh_from_db()
    assert opportunity.status == Status.PUBLISHED

    settings.OPPORTUNITIES_EDITS_NEED_REVIEW = False
    client.post(opportunity.get_absolute_url() + "edit/", {**same, "title": "Changed"})
    opportunity.refresh_from_db()
    assert opportunity.title == "Changed" and opportunity.status == Status.PUBLISHED


def test_owners_close_an_opportunity_and_it_leaves_the_list(client):
    opportunity = OpportunityFactory(title="Filled already")
    client.force_login(member_of(opportunity.organisation))

    client.post(opportunity.get_absolute_url() + "close/")

    opportunity.refresh_from_db()
    assert opportunity.status == Status.CLOSED and opportunity.closed_at
    assert "Filled already" not in client.get("/opportunities/").content.decode()
    assert client.get(opportunity.get_absolute_url() + "edit/").status_code == 302


def test_dashboard_lists_the_organisations_opportunities_with_their_status(client):
    opportunity = OpportunityFactory(status=Status.PENDING, title="Waiting one")
    OpportunityFactory(title="Someone else's")
    client.force_login(member_of(opportunity.organisation))

    html = client.get("/dashboard/").content.decode()

    assert "Waiting one" in html and "Pending review" in html
    assert "Someone else&#x27;s" not in html and "Someone else's" not in html
    mine = client.get("/opportunities/mine/").content.decode()
    assert "Waiting one" in mine and "Someone else" not in mine


def test_reserved_paths_never_become_slugs():
    assert OpportunityFactory(title="New").slug != "new"
    assert OpportunityFactory(title="Mine").slug != "mine"
