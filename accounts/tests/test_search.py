"""Directory search: a stored search vector on PostgreSQL, the portable fallback elsewhere;
repeated or extra words never make the query costlier."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Organisation
from accounts.tests.factories import OrganisationFactory
from portal.models import Keyword
from portal.search import portable_filter, search_filter

pytestmark = pytest.mark.django_db


def names(response):
    return [o.name for o in response.context["page_obj"]]


def search_queries(client, q):
    """The page's names, its number of queries and the SQL of those on organisations."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/organisations/", {"q": q})
    assert response.status_code == 200
    listing = [query["sql"] for query in queries if 'FROM "accounts_organisation"' in query["sql"]]
    return names(response), len(queries), listing


def test_repeated_words_cost_no_more_than_one(client):
    acme = OrganisationFactory(name="Acme Analysis")
    acme.capabilities.set(Keyword.objects.from_text("assays, spray drying"))
    OrganisationFactory(name="Mersey Coatings")

    one = search_queries(client, "acme")
    repeated = search_queries(client, "acme " * 8)
    mixed_case = search_queries(client, "Acme ACME acme acme")

    assert one[0] == repeated[0] == mixed_case[0] == ["Acme Analysis"]
    assert one[1] == repeated[1] == mixed_case[1]
    assert one[2] == repeated[2] == mixed_case[2]


def test_many_words_are_capped(client):
    OrganisationFactory(name="Acme Analysis")

    eight = search_queries(client, " ".join(f"w{n}" for n in range(8)))
    forty = search_queries(client, " ".join(f"w{n}" for n in range(40)))

    assert eight[0] == forty[0] == []
    assert eight[1] == forty[1]
    assert [sql.count("JOIN") for sql in eight[2]] == [sql.count("JOIN") for sql in forty[2]]
    assert len(forty[2][0]) < len(eight[2][0]) * 1.5


def test_fulltext_search_joins_no_table_per_word(client, require_postgres):
    acme = OrganisationFactory(name="Acme Analysis Lab")
    acme.capabilities.set(Keyword.objects.from_text("spray drying"))

    one = search_queries(client, "acme")
    four = search_queries(client, "acme analysis lab spray")

    assert one[0] == four[0] == ["Acme Analysis Lab"]
    assert [sql.count("JOIN") for sql in one[2]] == [sql.count("JOIN") for sql in four[2]]


@pytest.mark.parametrize("q", ["-", "?", "++", "\ufffd", "'", "&|!"])
def test_a_query_without_letters_or_digits_finds_nothing_politely(client, q):
    OrganisationFactory(name="Acme - and more?")

    response = client.get("/organisations/", {"q": q})

    assert response.status_code == 200
    assert names(response) == []
    assert "No organisations match these filters" in response.content.decode()


# --- PostgreSQL: the stored vector ------------------------------------------------


def test_the_search_vector_has_a_gin_index(require_postgres):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'accounts_organisation' "
            "AND indexname = 'accounts_organisation_search_gin'"
        )
        (definition,) = cursor.fetchone()
    assert "USING gin (search_vector)" in definition


def found(text):
    return [o.name for o in search_filter(Organisation.objects.all(), text)]


def test_the_vector_follows_name_description_town_and_capabilities(require_postgres):
    acme = OrganisationFactory(name="Acme", town="Widnes", description="We make coatings.")
    assert found("acme") == found("widnes") == found("coating") == ["Acme"]
    assert found("cryogenics") == []

    acme.capabilities.add(Keyword.objects.create(name="cryogenics"))
    assert found("cryogenic") == ["Acme"]
    acme.capabilities.clear()
    assert found("cryogenics") == []

    acme.name = "Zenith"
    acme.save()
    assert found("zenith") == ["Zenith"] and found("acme") == []


def test_a_renamed_keyword_is_found_under_its_new_name(require_postgres):
    acme = OrganisationFactory(name="Acme")
    keyword = Keyword.objects.create(name="cryo")
    keyword.organisations.add(acme)

    keyword.name = "cryogenics"
    keyword.save()

    assert found("cryogenics") == ["Acme"]


# --- Anywhere: the portable fallback -------------------------------------------


def test_portable_search_needs_every_word_somewhere():
    acme = OrganisationFactory(name="Acme", town="Widnes")
    acme.capabilities.set(Keyword.objects.from_text("spray drying"))
    OrganisationFactory(name="Zenith")

    def portable(text):
        return [o.name for o in portable_filter(Organisation.objects.all(), text)]

    assert portable("acme spray") == ["Acme"]
    assert portable("widnes drying drying") == ["Acme"]
    assert portable("acme zenith") == []
    assert portable("-") == []
