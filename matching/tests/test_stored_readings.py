"""Matching stays fast as the directory grows: each record's texts are read once and the
reading stored (and read again only when the texts change), and a match runs the same
handful of queries however many candidates it meets. Timings are in bench/matching.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Organisation
from accounts.tests.factories import OrganisationFactory
from assets.models import Asset
from assets.tests.factories import AssetFactory
from matching import engine
from matching import services as match_services
from matching.models import Corpus, Match, TextAnalysis, ThesaurusSet
from opportunities.models import Opportunity
from opportunities.tests.factories import OpportunityFactory
from portal import pagecache
from portal.models import Keyword

pytestmark = pytest.mark.django_db

# Every query of one match (with savepoints instead of BEGIN and COMMIT in a test), when
# the published assets changed since the last match (two more to read them again). The
# stored readings of records met for the first time add one insert per type after commit.
# Elsewhere than PostgreSQL a candidate type's look-ups by keyword and by text are two
# queries, not one UNION (SQLite allows no LIMIT in its parts).
MATCH_QUERIES = 17 if connection.vendor == "postgresql" else 20


def keywords(text):
    return Keyword.objects.from_text(text)


def request(title, summary, keyword_names=""):
    opportunity = OpportunityFactory(
        title=title, summary=summary, kind=Opportunity.Kind.PARTNER_SEARCH
    )
    opportunity.keywords.set(keywords(keyword_names))
    return opportunity


def kilns(n, start=0):
    for i in range(start, start + n):
        organisation = OrganisationFactory(
            name=f"Kiln Works {i}", description=f"Glass furnace trials and kiln firing {i}."
        )
        organisation.capabilities.set(keywords("glass melting, furnace trials"))
        AssetFactory(
            name=f"Furnace hall {i}",
            summary="An experimental glass furnace.",
            capabilities="glass melting, furnace trials",
        )
        OpportunityFactory(
            title=f"Furnace time on offer {i}",
            summary="Glass furnace trials for start-ups.",
            kind=Opportunity.Kind.CAPABILITY_OFFER,
        ).keywords.set(keywords("glass melting, furnace trials"))


def queries_of_a_match(opportunity):
    with CaptureQueriesContext(connection) as captured:
        match_services.opportunity_match(opportunity=opportunity)
    return len(captured)


def test_a_match_runs_the_same_few_queries_however_many_candidates(
    django_capture_on_commit_callbacks,
):
    kilns(2)
    # As the nightly task leaves them; the thesaurus as the last change left it.
    match_services.term_weights_refresh()
    match_services.current_thesaurus()
    few = request("Glass trials", "Furnace trials for our glass.", "glass melting")
    with django_capture_on_commit_callbacks():
        few = queries_of_a_match(few)
    kilns(25, start=2)
    many = request("Glass furnace", "Furnace trials for a new glass.", "glass melting")

    with django_capture_on_commit_callbacks() as stored_after_commit:
        assert queries_of_a_match(many) == few <= MATCH_QUERIES
    assert Match.objects.filter(opportunity=many, target_type="organisation").count() == 20
    assert Match.objects.filter(opportunity=many, target_type="asset").exists()
    assert Match.objects.filter(opportunity=many, target_type="opportunity").exists()
    # The readings of the records it met are stored at commit, one statement per type.
    with CaptureQueriesContext(connection) as captured:
        for store in stored_after_commit:
            store()
    assert len(captured) <= 3
    assert TextAnalysis.objects.filter(organisation__isnull=False).count() >= 20


def test_a_reading_is_stored_after_commit_and_read_again_when_the_text_changes(
    django_capture_on_commit_callbacks,
):
    works = OrganisationFactory(name="Works", description="Glass furnace trials.")
    works.capabilities.set(keywords("glass melting"))
    need = request("Furnace trials", "We need glass furnace trials.", "glass melting")

    with django_capture_on_commit_callbacks(execute=True):
        match_services.opportunity_match(opportunity=need)
    stored = TextAnalysis.objects.get(organisation=works)
    assert ["furnac", "furnace"] in stored.reading["terms"]

    works.description = "Kilns for ceramics."
    works.save()
    with django_capture_on_commit_callbacks(execute=True):
        match_services.opportunity_match(opportunity=need)
    again = TextAnalysis.objects.get(organisation=works)
    assert again.digest != stored.digest
    assert ["kiln", "kilns"] in again.reading["terms"]
    assert ["furnac", "furnace"] not in again.reading["terms"]


def test_a_stored_reading_that_fits_is_used_as_it_is():
    works = OrganisationFactory(name="Works", description="Glass furnace trials.")
    match_services.text_analyses_refresh()
    stored = TextAnalysis.objects.get(organisation=works)
    stored.reading["terms"].append(["zebra", "zebras"])
    stored.save()
    vocab = engine.Vocabulary(thesaurus=match_services.current_thesaurus())

    match_services._read_cache.clear()
    try:
        (candidate,) = match_services.organisation_candidates(vocab, ids=[works.pk])
    finally:
        match_services._read_cache.clear()  # what this process decoded: not the truth

    assert "zebra" in candidate.terms
    assert candidate.words["zebra"] == "zebras"


def test_the_nightly_task_reads_only_what_changed_and_a_thesaurus_edit_reads_all_again():
    OrganisationFactory(name="Works", description="Glass furnace trials.")
    AssetFactory(name="Furnace hall", summary="An experimental glass furnace.")
    OpportunityFactory(title="Furnace time", summary="Glass furnace trials.")
    records = TextAnalysis.objects.count() + match_services.text_analyses_refresh()

    assert records >= 3
    assert match_services.text_analyses_refresh() == 0
    ThesaurusSet.objects.create(phrases="glass furnace\nglass melting tank")
    assert match_services.text_analyses_refresh() == records
    assert TextAnalysis.objects.count() == records


def test_ranking_without_reasons_gives_the_same_scores_as_explaining(
    django_capture_on_commit_callbacks,
):
    kilns(6)
    need = request("Glass furnace", "Furnace trials and kiln firing for glass.", "glass melting")
    thesaurus = match_services.current_thesaurus()
    source = match_services.opportunity_candidate(need, thesaurus)

    def candidates_of(vocab):
        return {
            "organisation": match_services.organisation_candidates(vocab, source=source),
            "asset": match_services.asset_candidates(vocab),
        }

    vocab, candidates = match_services._with_vocabulary(source, candidates_of, thesaurus)
    scored = 0
    for group in candidates.values():
        for candidate in group:
            explained = engine.score(source, candidate, vocab)
            assert engine.score(source, candidate, vocab, explain=False).score == explained.score
            scored += bool(explained.score)
    assert scored >= 10


def records():
    return Organisation.objects.count() + Asset.objects.count() + Opportunity.objects.count()


def test_rarity_comes_from_the_counts_taken_with_the_term_weights():
    kilns(2)  # "glass melting" on 2 organisations, 2 assets and 2 offers
    glass = Keyword.objects.get(name="glass melting")
    match_services.term_weights_refresh()
    counted = records()

    corpus = Corpus.objects.get()
    assert corpus.records == counted
    assert corpus.keyword_frequencies[str(glass.pk)] == 6
    assert match_services.vocabulary([glass.pk]).keyword_weights[glass.pk] == engine.rarity(
        6, counted
    )
    # Records added since count from the next count (the nightly task) on.
    kilns(1, start=2)
    assert match_services.vocabulary([glass.pk]).keyword_weights[glass.pk] == engine.rarity(
        6, counted
    )
    match_services.term_weights_refresh()
    assert Corpus.objects.get().records == records() > counted
    assert match_services.vocabulary([glass.pk]).keyword_weights[glass.pk] == engine.rarity(
        9, records()
    )


def test_a_portal_never_counted_is_counted_by_its_first_match():
    kilns(1)
    need = request("Glass trials", "Furnace trials for our glass.", "glass melting")
    assert not Corpus.objects.exists()

    match_services.opportunity_match(opportunity=need)

    assert Corpus.objects.get().records == records()
    assert Match.objects.filter(opportunity=need, target_type="organisation").exists()


def test_a_query_compiled_once_answers_each_call_with_its_own_values():
    """``_select`` keeps a query's SQL per process and runs it again with new ids: each
    call must get its own rows, never the first call's."""
    first, second = (
        OrganisationFactory(name=name, description=f"{name} glass.") for name in ("Ash", "Birch")
    )
    first.capabilities.set(keywords("glass melting"))
    second.capabilities.set(keywords("kiln firing, glazing"))
    vocab = engine.Vocabulary(thesaurus=match_services.current_thesaurus())

    for organisation, offers in [(first, {"glass melting"}), (second, {"kiln firing", "glazing"})]:
        (candidate,) = match_services.organisation_candidates(vocab, ids=[organisation.pk])
        assert candidate.name == organisation.name
        assert set(candidate.keyword_names.values()) == offers
    both = match_services.organisation_candidates(vocab, ids=[first.pk, second.pk])
    assert {c.name for c in both} == {"Ash", "Birch"}
    assert match_services.organisation_candidates(vocab, ids=[]) == []


def test_matches_inserted_in_one_statement_read_back_as_they_were_written():
    kilns(3)
    need = request("Glass trials", "Furnace trials for our glass.", "glass melting")
    before = pagecache.generations([pagecache.MATCHING])

    created = match_services.opportunity_match(opportunity=need)

    fields = [field.attname for field in Match._meta.concrete_fields]

    def values(match):
        return [getattr(match, name) for name in fields]

    assert len(created) >= 5 and all(match.pk and not match._state.adding for match in created)
    stored = Match.objects.filter(opportunity=need)
    assert sorted(map(values, stored)) == sorted(map(values, created))
    # Pages showing matches are refreshed, as after any bulk write of matches.
    assert pagecache.generations([pagecache.MATCHING]) != before
