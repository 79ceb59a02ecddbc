"""The pure scoring in opportunities/matching.py: no database."""

from datetime import datetime, timedelta

import pytest

from matching.engine import (
    MIN_EVIDENCE,
    THRESHOLD,
    Candidate,
    Vocabulary,
    rank,
    rarity,
    score,
    terms,
)

INFECTION, MATERIALS = 1, 2
DIAGNOSTICS, ASSAYS, ROBOTICS, COATINGS, COMMON = 10, 11, 12, 13, 14

VOCAB = Vocabulary(
    focal_area_names={INFECTION: "infection", MATERIALS: "materials chemistry"},
    keyword_names={
        DIAGNOSTICS: "diagnostics",
        ASSAYS: "assay development",
        ROBOTICS: "robotics",
        COATINGS: "coatings",
        COMMON: "innovation",
    },
    keyword_weights={DIAGNOSTICS: 3.0, ASSAYS: 3.5, ROBOTICS: 2.5, COATINGS: 3.0, COMMON: 1.0},
)


def need(**kwargs):
    return Candidate(key=("opportunity", 1), name="Need", **kwargs)


def org(n=2, **kwargs):
    return Candidate(key=("organisation", n), name=f"Org {n}", **kwargs)


def test_terms_drop_stop_words_and_plurals():
    assert terms("We need partners for Mosquito bioassays and the WHO tests") == {
        "mosquito",
        "bioassay",
        "who",
        "test",
    }


def test_rarer_keywords_weigh_more():
    assert rarity(1, 1000) > rarity(100, 1000) > rarity(1000, 1000) == pytest.approx(1.0, 0.01)


def test_complementary_keywords_explain_themselves():
    source = need(focal_areas=frozenset({INFECTION}), seeks=frozenset({DIAGNOSTICS, ASSAYS}))
    target = org(focal_areas=frozenset({INFECTION}), offers=frozenset({DIAGNOSTICS, ASSAYS}))

    result = score(source, target, VOCAB)

    assert result.score == pytest.approx(1.0 + 3.0 + 3.5)
    assert result.reasons == (
        "shared focal area: infection",
        "they offer what you need: assay development, diagnostics",
    )


def test_an_offer_meets_an_organisation_that_needs_it():
    source = need(offers=frozenset({ROBOTICS}))
    target = org(seeks=frozenset({ROBOTICS}))

    result = score(source, target, VOCAB)

    assert result.reasons == ("they need what you offer: robotics",)
    assert result.score == pytest.approx(2.5)


def test_shared_keywords_without_complement_count_for_less():
    source = need(seeks=frozenset({COATINGS}), offers=frozenset({ROBOTICS}))
    target = org(offers=frozenset({COATINGS}), seeks=frozenset())
    same_side = org(n=3, seeks=frozenset({COATINGS}))

    assert score(source, target, VOCAB).score > score(source, same_side, VOCAB).score
    assert score(source, same_side, VOCAB).reasons == ("shared capabilities: coatings",)


def test_a_focal_area_alone_is_not_a_match():
    source = need(focal_areas=frozenset({INFECTION}), town="Liverpool")
    target = org(focal_areas=frozenset({INFECTION}), town="Liverpool")

    assert score(source, target, VOCAB).score == 0
    assert rank(source, [target], VOCAB) == []


def test_shared_focal_areas_and_a_word_in_passing_are_not_a_match():
    both = frozenset({INFECTION, MATERIALS})
    vocab = Vocabulary(term_weights={"hospit": 2.0, "swab": 4.0, "throat": 4.0})
    source = need(focal_areas=both, terms=frozenset({"hospit", "swab", "throat"}))

    # Two focal areas (2 points) and "hospitals" (0.7) would pass the threshold...
    in_passing = org(focal_areas=both, terms=frozenset({"hospit"}))
    assert score(source, in_passing, vocab, explain=False).score == 0
    assert score(source, in_passing, vocab).score == 0
    # ... but focal areas are too broad to carry a match: what relates the two beyond
    # them must be worth MIN_EVIDENCE.
    related = org(3, focal_areas=both, terms=frozenset({"hospit", "swab", "throat"}))
    assert score(source, related, vocab).score >= 2 + MIN_EVIDENCE


def test_wording_is_capped_and_named():
    many = frozenset(f"word{i}" for i in range(50))
    result = score(need(terms=many), org(terms=many), VOCAB)

    assert result.score == pytest.approx(3.0)
    assert result.reasons[0].startswith("similar wording: ")


def test_town_and_freshness_add_small_bonuses():
    now = datetime(2026, 11, 28, 12, 0)
    base = dict(seeks=frozenset({DIAGNOSTICS}))
    source = need(town="Liverpool", **base)
    fresh = org(offers=frozenset({DIAGNOSTICS}), town="liverpool", published_at=now)
    stale = org(n=3, offers=frozenset({DIAGNOSTICS}), published_at=now - timedelta(days=90))

    fresh_result = score(source, fresh, VOCAB, now=now)

    assert "also in liverpool" in fresh_result.reasons
    assert "posted in the last 30 days" in fresh_result.reasons
    assert fresh_result.score > score(source, stale, VOCAB, now=now).score


def test_rank_orders_best_first_limits_and_skips_the_source_itself():
    source = need(seeks=frozenset({DIAGNOSTICS, ASSAYS}))
    strong = org(2, offers=frozenset({DIAGNOSTICS, ASSAYS}))
    weaker = org(3, offers=frozenset({DIAGNOSTICS}))
    below = org(4, offers=frozenset({COMMON}))
    itself = Candidate(key=source.key, offers=frozenset({DIAGNOSTICS, ASSAYS}))

    results = rank(source, [below, weaker, itself, strong], VOCAB, limit=5)

    assert [r.candidate.key for r in results] == [strong.key, weaker.key]
    assert all(r.score >= THRESHOLD for r in results)
    assert len(rank(source, [strong, weaker], VOCAB, limit=1)) == 1


def test_the_target_reads_the_reasons_from_its_own_side():
    source = need(focal_areas=frozenset({INFECTION}), seeks=frozenset({DIAGNOSTICS}))
    source_offer = need(offers=frozenset({ROBOTICS}))

    to_lab = score(source, org(offers=frozenset({DIAGNOSTICS}), focal_areas={INFECTION}), VOCAB)
    to_buyer = score(source_offer, org(seeks=frozenset({ROBOTICS})), VOCAB)

    assert to_lab.reasons[1] == "they offer what you need: diagnostics"
    assert to_lab.target_reasons == (
        "shared focal area: infection",
        "they need what you offer: diagnostics",
    )
    assert to_buyer.target_reasons == ("they offer what you need: robotics",)
