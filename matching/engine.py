"""Explainable matching: score how well two things fit, and say why.

Pure functions over plain values, so the scoring can be read and tested without a
database. ``opportunities/services.py`` builds Candidates from the models, calls
``rank()`` and stores the results as Match rows with their reasons.

A Candidate is anything that can be matched: an opportunity, an organisation or an
asset. It *offers* some keywords (capabilities, or what a capability offer offers) and
*seeks* others (what a partner search, challenge or funding call asks for, or what an
organisation's own open requests ask for). Signals, each with its reason:

- shared focal areas ("shared focal area: infection");
- complementary keywords, weighted by rarity: what one seeks and the other offers
  ("they offer what you need: diagnostics, assay development");
- other shared keywords, weighted by rarity ("shared capabilities: robotics");
- shared distinctive words in the texts ("similar wording: mosquito, insecticide");
- the same town ("also in Liverpool");
- a recently posted opportunity ("posted in the last 30 days").

A match needs at least one keyword or wording signal: sharing a focal area alone is
too broad to be worth suggesting.
"""

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

FOCAL_AREA_WEIGHT = 1.0
COMPLEMENT_WEIGHT = 1.0  # times the keyword's rarity weight
SHARED_KEYWORD_WEIGHT = 0.5  # times the keyword's rarity weight
TERM_WEIGHT = 0.25  # times the word's rarity weight
TERM_CAP = 3.0  # wording can add at most this much
TOWN_WEIGHT = 0.3
FRESH_WEIGHT = 0.3
FRESH_DAYS = 30
THRESHOLD = 2.0

STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having here how i if in into is it its itself just
    more most new no nor not now of off on once only or other our ours out over own same
    she should so some such than that the their them then there these they this those
    through to too under until up very was we were what when where which while whom
    why will with would you your yours us use using used help helps work working need
    needs want wants looking look partner partners project projects company companies
    business businesses offer offers provide provides support region regional liverpool
    city including include based across within well able way ways make makes one two
    three per year years month months week weeks day days time team teams service
    services centre center facility facilities organisation organisations organization
    opportunity opportunities demo fictional
    """.split()
)

WORD = re.compile(r"[a-z][a-z0-9-]{2,}")


def terms(*texts: str) -> frozenset[str]:
    """The distinctive words of some texts: lower-cased, stop words dropped, plural -s cut."""
    found = set()
    for text in texts:
        for word in WORD.findall((text or "").lower()):
            word = word.strip("-")
            if len(word) < 3 or word in STOPWORDS:
                continue
            if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
                word = word[:-1]
            found.add(word)
    return frozenset(found)


def rarity(document_frequency: int, total: int) -> float:
    """1 for a word everyone uses, growing slowly as it gets rarer (smoothed IDF)."""
    return 1.0 + math.log((total + 1) / (document_frequency + 1))


@dataclass(frozen=True)
class Candidate:
    """What matching needs to know about one opportunity, organisation or asset."""

    key: tuple[str, int]
    name: str = ""
    focal_areas: frozenset[int] = frozenset()
    offers: frozenset[int] = frozenset()
    seeks: frozenset[int] = frozenset()
    terms: frozenset[str] = frozenset()
    town: str = ""
    published_at: datetime | None = None


@dataclass(frozen=True)
class Vocabulary:
    """Names and rarity weights for the ids and words that candidates carry."""

    focal_area_names: Mapping[int, str] = field(default_factory=dict)
    keyword_names: Mapping[int, str] = field(default_factory=dict)
    keyword_weights: Mapping[int, float] = field(default_factory=dict)
    term_weights: Mapping[str, float] = field(default_factory=dict)
    # The keywords used to look candidates up: the very common ones find too many
    # candidates to be worth it, though they still count in a candidate's score.
    search_keywords: frozenset[int] = frozenset()

    def keyword_weight(self, keyword_id):
        return self.keyword_weights.get(keyword_id, 1.0)

    def term_weight(self, term):
        return self.term_weights.get(term, 1.0)


@dataclass(frozen=True)
class Scored:
    """A candidate's score against a source, with the reasons in the order they count."""

    candidate: Candidate
    score: float
    reasons: tuple[str, ...]
    # The same reasons as the target would read them ("they need what you offer").
    target_reasons: tuple[str, ...] = ()


def _names(ids, names, weights=None, limit=5):
    ordered = sorted(ids, key=lambda i: (-(weights or {}).get(i, 1.0), names.get(i, "")))
    return ", ".join(names.get(i, str(i)) for i in ordered[:limit])


def score(source: Candidate, target: Candidate, vocab: Vocabulary, *, now=None) -> Scored:
    """How well ``target`` fits ``source``, and why.

    ``reasons`` are written for the source's people ("they offer what you need"),
    ``target_reasons`` for the target's ("they need what you offer").
    """
    total = 0.0
    reasons = []
    target_reasons = []
    substantive = False

    def both(text, target_text=None):
        reasons.append(text)
        target_reasons.append(text if target_text is None else target_text)

    focal = source.focal_areas & target.focal_areas
    if focal:
        total += FOCAL_AREA_WEIGHT * len(focal)
        label = "shared focal area" if len(focal) == 1 else "shared focal areas"
        both(f"{label}: {_names(focal, vocab.focal_area_names)}")

    they_offer = source.seeks & target.offers
    they_need = source.offers & target.seeks
    shared = (
        ((source.offers | source.seeks) & (target.offers | target.seeks)) - they_offer - they_need
    )
    if they_offer:
        total += COMPLEMENT_WEIGHT * sum(vocab.keyword_weight(k) for k in they_offer)
        names = _names(they_offer, vocab.keyword_names, vocab.keyword_weights)
        both(f"they offer what you need: {names}", f"they need what you offer: {names}")
        substantive = True
    if they_need:
        total += COMPLEMENT_WEIGHT * sum(vocab.keyword_weight(k) for k in they_need)
        names = _names(they_need, vocab.keyword_names, vocab.keyword_weights)
        both(f"they need what you offer: {names}", f"they offer what you need: {names}")
        substantive = True
    if shared:
        total += SHARED_KEYWORD_WEIGHT * sum(vocab.keyword_weight(k) for k in shared)
        names = _names(shared, vocab.keyword_names, vocab.keyword_weights)
        both(f"shared capabilities: {names}")
        substantive = True

    words = source.terms & target.terms
    if words:
        weights = {w: vocab.term_weight(w) for w in words}
        total += min(TERM_CAP, TERM_WEIGHT * sum(weights.values()))
        top = sorted(words, key=lambda w: (-weights[w], w))[:4]
        both(f"similar wording: {', '.join(top)}")
        substantive = True

    if source.town and source.town.casefold() == target.town.casefold():
        total += TOWN_WEIGHT
        both(f"also in {target.town}")

    if target.published_at and now and now - target.published_at <= timedelta(days=FRESH_DAYS):
        total += FRESH_WEIGHT
        reasons.append(f"posted in the last {FRESH_DAYS} days")  # news only to the source

    final = round(total if substantive else 0.0, 3)
    return Scored(target, final, tuple(reasons), tuple(target_reasons))


def rank(
    source: Candidate,
    candidates: Iterable[Candidate],
    vocab: Vocabulary,
    *,
    limit: int = 10,
    threshold: float = THRESHOLD,
    now=None,
) -> list[Scored]:
    """The best ``limit`` candidates scoring at least ``threshold``, best first.

    The source itself is never its own match. Ties go to the earlier name.
    """
    results = []
    for candidate in candidates:
        if candidate.key == source.key:
            continue
        scored = score(source, candidate, vocab, now=now)
        if scored.score >= threshold:
            results.append(scored)
    results.sort(key=lambda s: (-s.score, s.candidate.name, s.candidate.key))
    return results[:limit]
