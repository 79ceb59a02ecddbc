"""The anonymous page cache (portal/pagecache.py), on the real Redis cache.

Every change a visitor could see shows on the next anonymous request: each test first
proves the page is served from the cache (``X-Page-Cache: hit``), then changes something
through the path the portal uses (a service, a view, an admin action, the beat task, a
bulk update), lets the transaction commit, and asks again. The tests commit for real
(``transaction=True``): the generations move after commit, as in production.
"""

import time
from datetime import timedelta

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client, RequestFactory
from django.utils import timezone

from accounts import services as account_services
from accounts.models import Organisation
from accounts.tests.factories import (
    OrganisationFactory,
    curator_user,
    in_two_factor_session,
    sign_in_with_two_factor,
)
from assets.models import Asset
from assets.tests.factories import AssetFactory
from brokerage.models import Matchmaking
from conftest import need, redis_available
from opportunities import services as opportunity_services
from opportunities.models import Opportunity
from opportunities.tasks import expire_and_remind
from opportunities.tests.factories import OpportunityFactory, member_of
from portal import pagecache
from portal.models import FocalArea
from portal.tests.factories import NewsPostFactory

pytestmark = pytest.mark.django_db(transaction=True)

ALL_AREAS = sorted({area for areas in pagecache.CACHED_PAGES.values() for area in areas})


@pytest.fixture(autouse=True)
def page_cache(settings):
    """The page cache on, over the real Redis cache, with nothing cached yet."""
    need(redis_available(), "Redis is not configured (set REDIS_URL)")
    assert settings.CACHES["default"]["BACKEND"] == "portal.cache.ResilientRedisCache"
    settings.PAGE_CACHE_SECONDS = 60
    # Ids and slugs repeat after each test's flush: start every test on new generations.
    pagecache.bump(ALL_AREAS)


def cached_get(client, path):
    """GET twice; the second answer must come from the cache."""
    first = client.get(path)
    assert first.status_code == 200
    second = client.get(path)
    assert second.get(pagecache.HIT_HEADER) == "hit", path
    assert second.content == first.content
    return second.content.decode()


def fresh_get(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.get(pagecache.HIT_HEADER) != "hit", f"{path} came from the cache"
    return response.content.decode()


def curator():
    return in_two_factor_session(curator_user())


def test_a_visitors_page_comes_from_the_cache_with_the_security_headers(client):
    OpportunityFactory(title="Cached coatings partner")
    first = client.get("/opportunities/")
    assert first[pagecache.HIT_HEADER] == "miss"
    assert not first.cookies
    second = client.get("/opportunities/")
    assert second[pagecache.HIT_HEADER] == "hit"
    assert "Cached coatings partner" in second.content.decode()
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"):
        assert second[header] == first[header]
    assert second["Content-Length"] == str(len(second.content))
    assert not second.cookies


def test_publishing_in_the_moderation_queue_shows_on_the_next_request(client):
    opportunity = OpportunityFactory(title="Awaiting review", status=Opportunity.Status.PENDING)
    assert "Awaiting review" not in cached_get(client, "/opportunities/")
    assert "Awaiting review" not in cached_get(client, "/")

    curator_client = Client()
    sign_in_with_two_factor(curator_client, curator_user())
    response = curator_client.post(
        "/admin/opportunities/pendingopportunity/",
        {"action": "approve", "_selected_action": [opportunity.pk]},
    )
    assert response.status_code == 302

    assert "Awaiting review" in fresh_get(client, "/opportunities/")
    assert "Awaiting review" in fresh_get(client, "/")


def test_rejecting_takes_a_published_opportunity_off_nothing_stale(client):
    opportunity = OpportunityFactory(title="Pending then rejected", status="pending")
    path = opportunity.get_absolute_url()
    assert client.get(path).status_code == 404  # not cached: only 200s are
    opportunity_services.opportunity_reject(
        opportunity=opportunity, by=curator(), reason="Not about innovation."
    )
    assert client.get(path).status_code == 404


def test_an_owners_edit_shows_on_the_next_request(client):
    # A verified organisation's edits stay published (others go back to review).
    opportunity = OpportunityFactory(title="First wording", organisation__verified=True)
    owner = member_of(opportunity.organisation)
    assert "First wording" in cached_get(client, opportunity.get_absolute_url())

    opportunity_services.opportunity_update(
        opportunity=opportunity, by=owner, summary="A clearer summary of the need."
    )

    assert "A clearer summary of the need." in fresh_get(client, opportunity.get_absolute_url())


def test_closing_takes_it_off_the_list_at_once(client):
    opportunity = OpportunityFactory(title="Soon closed")
    owner = member_of(opportunity.organisation)
    assert "Soon closed" in cached_get(client, "/opportunities/")

    owner_client = Client()
    owner_client.force_login(owner)
    response = owner_client.post(f"{opportunity.get_absolute_url()}close/")
    assert response.status_code == 302

    assert "Soon closed" not in fresh_get(client, "/opportunities/")
    assert "It was closed" in fresh_get(client, opportunity.get_absolute_url())


def test_the_expiry_task_shows_on_the_next_request(client):
    opportunity = OpportunityFactory(
        title="Deadline any second", deadline=timezone.now() + timedelta(seconds=2)
    )
    assert "Its closing date has passed" not in cached_get(client, opportunity.get_absolute_url())
    time.sleep(2.5)  # the deadline passes; no write has happened yet

    assert expire_and_remind()["expired"] == 1

    assert "Its closing date has passed" in fresh_get(client, opportunity.get_absolute_url())


def test_an_event_change_shows_on_the_events_page(client):
    event = OpportunityFactory(event=True, title="Materials open day", organisation__verified=True)
    owner = member_of(event.organisation)
    assert "Materials open day" in cached_get(client, "/events/")

    opportunity_services.opportunity_update(
        opportunity=event, by=owner, location="Sci-Tech Daresbury, Halton"
    )
    assert "Sci-Tech Daresbury" in fresh_get(client, event.get_absolute_url())
    Opportunity.objects.filter(pk=event.pk).update(title="Materials open day (moved)")

    assert "Materials open day (moved)" in fresh_get(client, "/events/")


def test_switching_on_matchmaking_shows_on_the_event_page(client):
    event = OpportunityFactory(event=True, title="Brokerage day")
    assert "Matchmaking: register" not in cached_get(client, event.get_absolute_url())

    now = timezone.now()
    Matchmaking.objects.create(
        event=event,
        registration_opens_at=now - timedelta(days=1),
        registration_closes_at=now + timedelta(days=5),
        booking_opens_at=now - timedelta(days=1),
        booking_closes_at=now + timedelta(days=5),
    )

    assert "Matchmaking: register" in fresh_get(client, event.get_absolute_url())


def test_an_organisation_change_shows_wherever_it_is_named(client):
    organisation = OrganisationFactory(name="Old Name Ltd")
    opportunity = OpportunityFactory(organisation=organisation)
    assert "Old Name Ltd" in cached_get(client, "/organisations/")
    assert "Old Name Ltd" in cached_get(client, opportunity.get_absolute_url())

    organisation.name = "New Name Ltd"
    account_services.organisation_update(organisation=organisation)

    assert "New Name Ltd" in fresh_get(client, "/organisations/")
    assert "New Name Ltd" in fresh_get(client, opportunity.get_absolute_url())
    # A curator's bulk change in the admin (a queryset update) too.
    Organisation.objects.filter(pk=organisation.pk).update(visibility="members")
    assert "New Name Ltd" not in fresh_get(client, "/organisations/")


def test_asset_edits_and_bulk_actions_show_on_the_next_request(client):
    asset = AssetFactory(name="Robotic chemistry lab")
    assert "Robotic chemistry lab" in cached_get(client, "/assets/")
    assert "Robotic chemistry lab" in cached_get(client, asset.get_absolute_url())

    asset.summary = "Mobile robots run the experiments."
    asset.save()
    assert "Mobile robots run the experiments." in fresh_get(client, asset.get_absolute_url())

    curator_client = Client()
    sign_in_with_two_factor(curator_client, curator_user())
    response = curator_client.post(
        "/admin/assets/asset/", {"action": "archive", "_selected_action": [asset.pk]}
    )
    assert response.status_code == 302
    assert Asset.objects.get(pk=asset.pk).status == Asset.Status.ARCHIVED

    assert "Robotic chemistry lab" not in fresh_get(client, "/assets/")
    assert client.get(asset.get_absolute_url()).status_code == 410


def test_a_focal_area_added_to_an_asset_changes_the_home_page_counts(client):
    infection, _ = FocalArea.objects.get_or_create(slug="infection", defaults={"name": "Infection"})
    asset = AssetFactory(name="Insectary")
    cached_get(client, "/")
    assert "0 assets" in cached_get(client, "/")

    asset.focal_areas.add(infection)  # a many-to-many change only: no save of either side

    assert "1 asset ·" in fresh_get(client, "/")


def test_news_published_shows_on_the_news_page(client):
    cached_get(client, "/news/")
    NewsPostFactory(title="Glass Futures furnace opens", status="published")
    assert "Glass Futures furnace opens" in fresh_get(client, "/news/")


def test_a_signed_in_member_never_gets_the_visitors_cached_page(client):
    opportunity = OpportunityFactory(title="Members see more")
    members_only = OpportunityFactory(title="For members only", visibility="members")
    cached_get(client, "/opportunities/")
    member = member_of(opportunity.organisation)

    member_client = Client()
    member_client.force_login(member)
    response = member_client.get("/opportunities/")

    assert response.get(pagecache.HIT_HEADER) is None
    html = response.content.decode()
    assert "Sign out" in html and members_only.title in html


def test_a_visitor_never_gets_a_page_rendered_for_a_member(client):
    members_only = OpportunityFactory(title="Members-only partner search", visibility="members")
    member = member_of(members_only.organisation)
    member_client = Client()
    member_client.force_login(member)
    for _ in range(2):
        html = member_client.get("/opportunities/").content.decode()
        assert "Members-only partner search" in html

    html = fresh_get(client, "/opportunities/")
    assert "Members-only partner search" not in html
    assert "Sign out" not in html
    html = cached_get(client, "/opportunities/")
    assert "Members-only partner search" not in html
    assert client.get(members_only.get_absolute_url()).status_code == 404


def test_contact_details_and_members_only_organisations_stay_out_of_the_cached_pages(client):
    public = OrganisationFactory(name="Open Ltd", contact_email="hello@open.example")
    OrganisationFactory(name="Hidden Ltd", visibility="members")
    html = cached_get(client, public.get_absolute_url())
    assert "hello@open.example" not in html
    assert "Sign in</a> to see contact details" in html
    assert "Hidden Ltd" not in cached_get(client, "/organisations/")


def test_a_visitor_with_a_message_waiting_is_not_served_the_cache(client):
    cached_get(client, "/")
    member = member_of()
    member_client = Client()
    member_client.force_login(member)
    member_client.post("/accounts/logout/")  # "You have signed out." waits in a cookie
    assert CookieStorage.cookie_name in member_client.cookies

    response = member_client.get("/")

    assert response.get(pagecache.HIT_HEADER) is None
    assert "You have signed out" in response.content.decode()
    # ... and that page, with its message, was not stored for the next visitor.
    assert "You have signed out" not in client.get("/").content.decode()


def _middleware_answering(view):
    return pagecache.AnonymousPageCacheMiddleware(view)


def test_a_response_that_sets_a_cookie_or_shows_a_message_is_never_stored(rf_visitor):
    from django.contrib import messages
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.http import HttpResponse

    calls = []

    def sets_cookie(request):
        calls.append("cookie")
        response = HttpResponse("with a cookie")
        response.set_cookie("csrftoken", "secret-of-one-visitor")
        return response

    def shows_message(request):
        calls.append("message")
        request._messages = FallbackStorage(request)
        messages.info(request, "Only for this visitor")
        list(messages.get_messages(request))
        return HttpResponse("with a message")

    for view in (sets_cookie, shows_message):
        middleware = _middleware_answering(view)
        for _ in range(2):
            response = middleware(rf_visitor())
            assert response.get(pagecache.HIT_HEADER) is None
    assert calls == ["cookie", "cookie", "message", "message"]


@pytest.fixture
def rf_visitor():
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.cache import SessionStore

    def make():
        request = RequestFactory().get("/")
        request.user = AnonymousUser()
        request.session = SessionStore()
        return request

    pagecache.bump(ALL_AREAS)
    return make


def test_searches_and_filters_are_not_cached(client):
    OpportunityFactory(title="Searchable thing")
    for path in ("/opportunities/?q=searchable", "/assets/?focal_area=infection"):
        for _ in range(2):
            assert client.get(path).get(pagecache.HIT_HEADER) is None
    assert cached_get(client, "/opportunities/?page=1")


@pytest.mark.browser
def test_the_newsletter_form_works_from_a_cached_page(live_server, page, settings):
    FocalArea.objects.get_or_create(slug="infection", defaults={"name": "Infection"})
    settings.NEWSLETTER_RATE_LIMIT_IP = 1000
    page.goto(f"{live_server.url}/")
    response = page.goto(f"{live_server.url}/")
    assert response.headers.get("x-page-cache") == "hit"
    assert "csrfmiddlewaretoken" not in page.content()

    footer = page.get_by_role("contentinfo")
    footer.get_by_label("Email address").fill("cached@example.com")
    footer.get_by_role("button", name="Subscribe").click()
    page.get_by_label("Infection").check()
    page.get_by_label("Yes, email me the LCR+ newsletter", exact=False).check()
    page.locator("main").get_by_role("button", name="Subscribe").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Check your inbox"
    from newsletter.models import Subscriber

    assert Subscriber.objects.get().email == "cached@example.com"


# --- Counts kept for every visitor (pagecache.kept) --------------------------------------


def test_a_kept_value_is_computed_again_only_after_a_write_to_its_areas():
    computed = []

    def compute():
        computed.append(1)
        return len(computed)

    def kept():
        return pagecache.kept("test", areas=[pagecache.ASSETS], key=("a",), compute=compute)

    assert (kept(), kept()) == (1, 1)
    pagecache.content_changed(pagecache.NEWS)
    assert kept() == 1
    AssetFactory()  # a save bumps the assets' generation
    assert (kept(), kept()) == (2, 2)


def test_a_kept_value_is_not_served_after_it_may_have_changed_with_the_clock():
    computed = []

    def kept(until):
        return pagecache.kept(
            "test",
            areas=[pagecache.OPPORTUNITIES],
            key=("b",),
            compute=lambda: computed.append(1) or len(computed),
            valid_until=lambda value: until,
        )

    assert kept(timezone.now() - timedelta(seconds=1)) == 1
    assert kept(None) == 2  # the one before was not stored
    assert kept(None) == 2


def test_a_closed_opportunity_leaves_a_members_kept_count_after_the_commit(client):
    """The real path: a view's service commits, the generation moves, the count follows."""
    opportunity = OpportunityFactory(title="Soon closed")
    OpportunityFactory()
    owner = member_of(opportunity.organisation)
    reader = Client()
    reader.force_login(owner)

    def count():
        response = reader.get("/opportunities/?kind=partner_search")
        return response.context["page_obj"].paginator.count

    assert count() == count() == 2
    response = reader.post(f"{opportunity.get_absolute_url()}close/")
    assert response.status_code == 302

    assert count() == 1
