"""Searches are counted per day by term and filters, without who searched."""

import pytest

from assets.tests.factories import AssetFactory
from insights.models import SearchDay
from insights.recording import normalise_term
from opportunities.tests.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


def test_terms_are_normalised():
    assert normalise_term("  Cryo-EM   Microscopy! ") == "cryo-em microscopy"


def test_an_asset_search_that_finds_nothing_is_counted_once_per_day(client):
    AssetFactory(name="Robotic chemistry lab")
    client.get("/assets/", {"q": "Cryo-EM"}, REMOTE_ADDR="203.0.113.9")
    client.get("/assets/", {"q": "cryo-em  "})
    row = SearchDay.objects.get()
    assert (row.area, row.term, row.filters) == ("assets", "cryo-em", "")
    assert (row.searches, row.zero_results, row.last_result_count) == (2, 2, 0)


def test_filters_are_recorded_sorted_and_results_counted(client):
    AssetFactory(name="Robotic chemistry lab", kind="facility")
    client.get("/assets/", {"q": "robotic", "kind": "facility", "sort": "name"})
    row = SearchDay.objects.get()
    assert row.filters == "kind=facility"
    assert (row.zero_results, row.last_result_count) == (0, 1)


def test_plain_browsing_and_later_pages_are_not_searches(client):
    client.get("/assets/")
    client.get("/assets/", {"q": "nmr", "page": "2"})
    client.get("/opportunities/")
    assert not SearchDay.objects.exists()


def test_an_opportunity_search_is_recorded(client):
    OpportunityFactory(title="Coatings partner wanted")
    client.get("/opportunities/", {"q": "Coatings"})
    row = SearchDay.objects.get()
    assert (row.area, row.term, row.last_result_count) == ("opportunities", "coatings", 1)


def test_nothing_about_the_person_is_stored():
    fields = {f.name for f in SearchDay._meta.get_fields()}
    assert fields.isdisjoint({"user", "ip", "ip_address", "session", "created_at"})
