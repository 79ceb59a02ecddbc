"""Fragments of signed-in pages kept in the Redis cache (``pagecache.Fragments``).

The opportunity and asset pages keep the parts that are the same for everyone who may
open them (description, facts, focal areas, keywords, lists of facilities) under the page
cache's generations. Each test first proves the fragment is served from the cache (the
second request runs fewer queries), then changes what it shows through the path the
portal uses and asks again: the change shows on the next request. Whatever depends on the
viewer (the poster's name, matches, enquiries, the member's own controls) stays outside
a fragment or in its key.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from assets.tests.factories import AssetFactory
from conftest import need, redis_available
from opportunities import services as opportunity_services
from opportunities.models import Opportunity
from opportunities.tests.factories import OpportunityFactory, member_of
from portal import pagecache
from portal.models import FocalArea
from portal.tests.test_pagecache import ALL_AREAS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache(settings):
    need(redis_available(), "Redis is not configured (set REDIS_URL)")
    settings.PAGE_CACHE_SECONDS = 60
    pagecache.bump(ALL_AREAS)


def signed_in(user=None):
    client = Client()
    client.force_login(user or UserFactory(name="Someone Else"))
    return client


def get(client, path):
    """The page and how many queries it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sign out" in html
    return html, len(queries)


def cached(client, path):
    """GET twice; the second answer must come with the fragments from the cache."""
    first, rendered = get(client, path)
    second, from_cache = get(client, path)
    assert from_cache < rendered, f"{path}: no fragment came from the cache"
    return second


def test_an_opportunity_edit_shows_on_the_next_signed_in_request():
    opportunity = OpportunityFactory(
        title="Coatings partner",
        description="We need **salt spray** testing.",
        organisation__verified=True,
    )
    owner = member_of(opportunity.organisation)
    reader = signed_in()
    path = opportunity.get_absolute_url()
    assert "<strong>salt spray</strong>" in cached(reader, path)

    opportunity_services.opportunity_update(
        opportunity=opportunity, by=owner, description="Now **UV ageing** as well."
    )

    html, _ = get(reader, path)
    assert "<strong>UV ageing</strong>" in html and "salt spray" not in html


def test_focal_areas_and_related_facilities_show_on_the_next_request():
    opportunity = OpportunityFactory(title="Insect trial")
    lab = AssetFactory(name="Insectary")
    reader = signed_in()
    path = opportunity.get_absolute_url()
    assert "Related facilities" not in cached(reader, path)

    area, _ = FocalArea.objects.get_or_create(slug="infection", defaults={"name": "Infection"})
    opportunity.focal_areas.add(area)  # many-to-many only: no save of either side
    opportunity.related_assets.add(lab)
    html = cached(reader, path)
    assert "Infection" in html and "Insectary" in html

    lab.name = "The Insectary"  # an asset's change shows where the opportunity names it
    lab.save()
    assert "The Insectary" in get(reader, path)[0]


def test_the_posting_members_variant_is_never_shown_to_anyone_else():
    event = OpportunityFactory(event=True, title="Matchmaking day")
    member = signed_in(member_of(event.organisation))
    assert "Switch on matchmaking" in cached(member, event.get_absolute_url())

    html = cached(signed_in(), event.get_absolute_url())

    assert "Switch on matchmaking" not in html and "Manage this opportunity" not in html


def test_the_poster_rule_holds_whoever_filled_the_cache():
    opportunity = OpportunityFactory(
        title="Quiet request", is_anonymous=True, organisation__name="Secret Coatings Ltd"
    )
    member = signed_in(member_of(opportunity.organisation))
    assert "Secret Coatings Ltd" in cached(member, opportunity.get_absolute_url())

    html = cached(signed_in(), opportunity.get_absolute_url())

    assert "Secret Coatings Ltd" not in html and "An organisation (anonymous)" in html


def test_an_asset_edit_shows_on_the_next_signed_in_request():
    asset = AssetFactory(name="Robot lab", description="Runs **overnight**.", capabilities="nmr")
    sibling = AssetFactory(name="Sibling lab", host=asset.host)
    reader = signed_in()
    path = asset.get_absolute_url()
    html = cached(reader, path)
    assert "<strong>overnight</strong>" in html and "nmr" in html and "Sibling lab" in html

    asset.description = "Runs **at weekends** too."
    asset.save()
    html, _ = get(reader, path)
    assert "<strong>at weekends</strong>" in html and "overnight" not in html

    asset.capabilities.clear()  # many-to-many only
    sibling.name = "Renamed sibling"
    sibling.save()
    child = AssetFactory(name="Glovebox inside", host=asset.host, parent=asset)
    html, _ = get(reader, path)
    assert "nmr" not in html and "Renamed sibling" in html
    assert f"Inside {asset.name}" in html and child.name in html


def test_a_draft_child_stays_off_and_shows_once_published():
    asset = AssetFactory(name="Parent lab")
    child = AssetFactory(name="Hidden bench", host=asset.host, parent=asset, status="draft")
    reader = signed_in()
    assert "Hidden bench" not in cached(reader, asset.get_absolute_url())

    child.status = "published"
    child.save()

    assert "Hidden bench" in get(reader, asset.get_absolute_url())[0]


def test_without_the_cache_each_fragment_is_rendered(settings):
    settings.PAGE_CACHE_SECONDS = 0
    opportunity = OpportunityFactory()
    reader = signed_in()

    first = get(reader, opportunity.get_absolute_url())[1]
    second = get(reader, opportunity.get_absolute_url())[1]

    assert first == second
    assert pagecache.Fragments("assets").version != pagecache.Fragments("assets").version


def test_opportunity_pages_keep_their_status_whatever_the_cache_holds():
    opportunity = OpportunityFactory(title="Soon closed")
    owner = member_of(opportunity.organisation)
    reader = signed_in()
    cached(reader, opportunity.get_absolute_url())

    opportunity_services.opportunity_close(opportunity=opportunity, by=owner)

    html, _ = get(reader, opportunity.get_absolute_url())
    assert Opportunity.objects.get(pk=opportunity.pk).status == "closed"
    assert "It was closed" in html
