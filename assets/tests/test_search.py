"""Search: the stored, weighted vector on PostgreSQL and the portable fallback."""

import pytest
from django.db import connection

from assets.models import Asset
from assets.tests.factories import AssetFactory
from portal.models import Keyword
from portal.search import portable_filter, portable_rank, search_filter, search_rank

pytestmark = pytest.mark.django_db


def fulltext(text):
    found = search_rank(search_filter(Asset.objects.all(), text), text)
    return [a.name for a in found.order_by("-rank", "name")]


def portable(text):
    found = portable_rank(portable_filter(Asset.objects.all(), text), text)
    return [a.name for a in found.order_by("-rank", "name")]


# --- PostgreSQL -----------------------------------------------------------------


def test_the_search_vector_has_a_gin_index(require_postgres):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'assets_asset' "
            "AND indexname = 'assets_asset_search_gin'"
        )
        (definition,) = cursor.fetchone()
    assert "USING gin (search_vector)" in definition


def test_fulltext_ranks_name_over_capabilities_over_summary_over_description(
    require_postgres,
):
    AssetFactory(name="Coatings lab", description="Has a spectrometer in the basement.")
    AssetFactory(name="Spectrometer suite")
    AssetFactory(name="Formulation centre", summary="A spectrometer for hire.")
    AssetFactory(name="Analysis hub", capabilities="spectrometer")
    AssetFactory(name="Unrelated lab")

    assert fulltext("spectrometer") == [
        "Spectrometer suite",
        "Analysis hub",
        "Formulation centre",
        "Coatings lab",
    ]


def test_fulltext_stems_words_and_matches_prefixes(require_postgres):
    AssetFactory(name="Insectary", summary="Testing nets against mosquitoes.")

    assert fulltext("mosquito") == ["Insectary"]
    assert fulltext("insect") == ["Insectary"]
    assert fulltext("mosquito nets") == ["Insectary"]
    assert fulltext("mosquito furnace") == []


def test_vector_follows_capability_changes(require_postgres):
    asset = AssetFactory(name="Quiet lab")
    assert fulltext("cryogenics") == []

    keyword = Keyword.objects.create(name="cryogenics")
    asset.capabilities.add(keyword)
    assert fulltext("cryogenics") == ["Quiet lab"]

    asset.capabilities.remove(keyword)
    assert fulltext("cryogenics") == []

    keyword.assets.add(asset)  # from the keyword's side
    assert fulltext("cryogenics") == ["Quiet lab"]
    keyword.assets.clear()
    assert fulltext("cryogenics") == []


def test_vector_follows_renamed_keywords_and_edited_text(require_postgres):
    asset = AssetFactory(name="Quiet lab", capabilities="cryo")
    keyword = Keyword.objects.get(name="cryo")

    keyword.name = "cryogenics"
    keyword.save()
    assert fulltext("cryogenics") == ["Quiet lab"]

    asset.description = "Now with a tidal flume."
    asset.save()
    assert fulltext("flume") == ["Quiet lab"]


def test_browse_uses_the_fulltext_path_on_postgresql(client, require_postgres):
    AssetFactory(name="Insectary", capabilities="WHO bioassays")

    response = client.get("/assets/?q=bioassay")

    assert [a.name for a in response.context["page_obj"]] == ["Insectary"]
    assert response.context["page_obj"][0].rank > 0


# --- The portable fallback (SQLite; runs on any database) ----------------------


def test_portable_search_matches_every_word_in_any_field():
    AssetFactory(name="Insectary", summary="Testing nets against mosquitoes.")
    AssetFactory(name="Furnace", capabilities="glass melting")
    AssetFactory(name="Data centre", description="Sea level records.")

    assert portable("mosquito") == ["Insectary"]
    assert portable("GLASS") == ["Furnace"]
    assert portable("sea records") == ["Data centre"]
    assert portable("mosquito glass") == []


def test_portable_search_orders_name_over_capabilities_over_summary_over_description():
    AssetFactory(name="Coatings lab", description="Has a spectrometer in the basement.")
    AssetFactory(name="Spectrometer suite")
    AssetFactory(name="Formulation centre", summary="A spectrometer for hire.")
    AssetFactory(name="Analysis hub", capabilities="spectrometer")

    assert portable("spectrometer") == [
        "Spectrometer suite",
        "Analysis hub",
        "Formulation centre",
        "Coatings lab",
    ]


def test_browse_finds_an_asset_by_a_capability_on_either_database(client):
    AssetFactory(name="Insectary", capabilities="WHO bioassays")

    response = client.get("/assets/?q=bioassay")

    assert [a.name for a in response.context["page_obj"]] == ["Insectary"]


# --- Queries with nothing to look for ------------------------------------------

NOTHING_TO_LOOK_FOR = ["-", "%3F", "%2B%2B", "%EF%BF%BD", "%FF%FE", "_", "'", "%26%7C%21"]


@pytest.mark.parametrize("q", NOTHING_TO_LOOK_FOR)
def test_a_query_without_letters_or_digits_finds_nothing_politely(client, q):
    AssetFactory(name="Insectary", summary="Nets - and more?")

    response = client.get(f"/assets/?q={q}")

    assert response.status_code == 200
    assert list(response.context["page_obj"]) == []
    assert "No assets match these filters" in response.content.decode()


def test_punctuation_around_words_is_ignored_by_fulltext(require_postgres):
    AssetFactory(name="Insectary", summary="Testing nets against mosquitoes.")

    assert fulltext("mosquito's (nets)!") == ["Insectary"]
    assert fulltext("--") == []
