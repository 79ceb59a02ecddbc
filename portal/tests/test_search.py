"""The one search module: what a text asks for, and a renamed keyword found under its new
name on assets, opportunities and organisations alike (stored vectors on PostgreSQL, the
portable fallback elsewhere)."""

import pytest

from accounts.models import Organisation
from accounts.tests.factories import OrganisationFactory, UserFactory, sign_in_with_two_factor
from assets.models import Asset
from assets.tests.factories import AssetFactory
from opportunities.models import Opportunity
from opportunities.tests.factories import OpportunityFactory
from portal.models import Keyword
from portal.search import MAX_WORDS, SearchTerms, portable_filter, search_filter

pytestmark = pytest.mark.django_db


# --- What a text asks for ---------------------------------------------------------


def test_repeated_words_are_one_word():
    assert SearchTerms.parse("a a a a a a a a") == SearchTerms.parse("A") == SearchTerms(("a",))


def test_words_are_capped_whatever_their_number():
    terms = SearchTerms.parse(" ".join(f"w{n}" for n in range(40)))

    assert terms.words == tuple(f"w{n}" for n in range(MAX_WORDS))


def test_phrases_and_exclusions_are_understood():
    terms = SearchTerms.parse('"Screening coatings" -paint robots-only')

    assert terms.phrases == (("screening", "coatings"),)
    assert terms.excluded == ("paint",)
    assert terms.words == ("robots", "only")  # a hyphen inside a word excludes nothing


@pytest.mark.parametrize("text", ["-", "?", "++", "--", '""', "\ufffd", "_"])
def test_nothing_to_look_for_finds_nothing(text):
    AssetFactory(name="Nets - and more?")

    assert not SearchTerms.parse(text)
    assert list(search_filter(Asset.objects.all(), text)) == []


def test_the_same_query_however_often_a_word_is_repeated():
    once = str(search_filter(Asset.objects.all(), "a").query)

    assert str(search_filter(Asset.objects.all(), "a a a a a a a a").query) == once


def test_portable_phrases_and_exclusions():
    OpportunityFactory(title="Screening coatings", summary="Robots formulate")
    OpportunityFactory(title="Coatings screening", summary="Paint and robots")

    def titles(text):
        return [o.title for o in portable_filter(Opportunity.objects.order_by("pk"), text)]

    assert titles('"screening coatings"') == ["Screening coatings"]
    assert titles("coatings -paint") == ["Screening coatings"]
    assert titles("robots") == ["Screening coatings", "Coatings screening"]


# --- A renamed keyword ----------------------------------------------------------


def records_with(keyword):
    asset = AssetFactory(name="Quiet lab")
    asset.capabilities.add(keyword)
    opportunity = OpportunityFactory(title="Quiet project")
    opportunity.keywords.add(keyword)
    organisation = OrganisationFactory(name="Quiet Ltd")
    organisation.capabilities.add(keyword)
    # Records without the keyword stay as they were.
    AssetFactory(name="Loud lab", capabilities="acoustics")
    OpportunityFactory(title="Loud project")
    OrganisationFactory(name="Loud Ltd")
    return asset, opportunity, organisation


def found(text):
    return {
        "assets": [a.name for a in search_filter(Asset.objects.all(), text)],
        "opportunities": [o.title for o in search_filter(Opportunity.objects.all(), text)],
        "organisations": [o.name for o in search_filter(Organisation.objects.all(), text)],
    }


QUIET = {
    "assets": ["Quiet lab"],
    "opportunities": ["Quiet project"],
    "organisations": ["Quiet Ltd"],
}
NOTHING = {"assets": [], "opportunities": [], "organisations": []}


def test_a_renamed_keyword_is_found_under_its_new_name_only():
    keyword = Keyword.objects.create(name="cryo")
    records_with(keyword)
    assert found("cryo") == QUIET

    keyword.name = "vitrification"
    keyword.save()

    assert found("vitrification") == QUIET
    assert found("cryo") == NOTHING


def test_renaming_a_keyword_in_the_admin_refreshes_every_page_that_searches_it(client):
    keyword = Keyword.objects.create(name="cryo")
    records_with(keyword)
    sign_in_with_two_factor(client, UserFactory(is_staff=True, is_superuser=True))

    response = client.post(
        f"/admin/portal/keyword/{keyword.pk}/change/",
        {"name": "vitrification", "slug": "vitrification"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    def listed(path, q):
        return [str(record) for record in client.get(path, {"q": q}).context["page_obj"]]

    assert listed("/assets/", "vitrification") == ["Quiet lab"]
    assert listed("/opportunities/", "vitrification") == ["Quiet project"]
    assert listed("/organisations/", "vitrification") == ["Quiet Ltd"]
    for path in ["/assets/", "/opportunities/", "/organisations/"]:
        assert listed(path, "cryo") == [], path


def test_saving_a_keyword_unchanged_rewrites_no_vector(django_assert_num_queries):
    keyword = Keyword.objects.create(name="cryo")
    records_with(keyword)

    with django_assert_num_queries(2):  # is it renamed? then the UPDATE itself
        keyword.save()
