"""Explainable matching: score how well two things fit, and say why.

Pure functions over plain values, so the scoring can be read and tested without a
database. ``matching/services.py`` builds Candidates from the models, calls
``rank()`` and stores the results as Match rows with their reasons.

A Candidate is anything that can be matched: an opportunity, an organisation or an
asset. It *offers* some keywords (capabilities, or what a capability offer offers) and
*seeks* others (what a partner search, challenge or funding call asks for, or what an
organisation's own open requests ask for). Words are compared by English stem
(``matching/text.py``), so "toxicology studies" meets "toxicology" and "infections"
meets "infection". Signals, each with its reason in real words, never stems:

- shared focal areas ("shared focal area: infection");
- complementary keywords, word by word and by stem, weighted by the rarity of the words
  they share: what one seeks and the other offers ("they offer what you need:
  diagnostics, assay development");
- other shared keywords at half weight ("shared capabilities: robotics");
- the domain thesaurus: different words for the same thing, or a broader and a narrower
  term ("you asked for additive manufacturing; they offer 3D printing");
- shared distinctive words in the texts, weighted by rarity, capped ("similar wording:
  mosquito, insecticide");
- the same town ("also in Liverpool"); a recently posted opportunity;
- what people said about similar pairs ("useful" / "not relevant" on a match), capped.

A match needs a keyword, thesaurus or wording signal: sharing a focal area alone is too
broad to be worth suggesting.
"""

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from matching import text as wording
from matching.thesaurus import Thesaurus

FOCAL_AREA_WEIGHT = 1.0
COMPLEMENT_WEIGHT = 1.0  # times the rarity of the words the keywords share
SHARED_KEYWORD_WEIGHT = 0.5  # times the same
CONCEPT_WEIGHT = 1.0  # times the relation (1 synonym, 0.6 broader) times the rarity
CONCEPT_CAP = 6.0
TERM_WEIGHT = 0.35  # times the word's rarity weight
TERM_CAP = 3.0  # wording can add at most this much
TERM_FLOOR = 0.5  # words more common than this (BM25 idf) neither score nor show
TERM_ONLY_FACTOR = 0.6  # wording alone, with no keyword or thesaurus signal, counts less
KEYWORD_COVERAGE = 0.6  # a keyword within another must carry this share of its rarity
TOWN_WEIGHT = 0.3
FRESH_WEIGHT = 0.3
FRESH_DAYS = 30
THRESHOLD = 2.0
RELATIVE_THRESHOLD = 0.3  # and at least this share of the best candidate's score
FEEDBACK_CAP = 1.5  # what people said moves a score by at most this much, either way

STOPWORDS = wording.STOPWORDS
ACRONYMS = frozenset(
    """ai hpc ml vr xr ar iot nlp cfd fea amr pcr qpcr ccs ccus lca nhs gis ppe sem tem nmr
    uav uavs auvs ktp ip rpa llms who fmcg qc poc ntds llins itns elisa cae ngs mri ct ipc
    hiv lmics esg aws sme smes r&d uk""".split()
)


def terms(*texts: str) -> frozenset[str]:
    """The distinct stems of the texts' words (stop-words dropped)."""
    return wording.terms(*texts)


def rarity(document_frequency: int, total: int) -> float:
    """1 for a word everyone uses, growing slowly as it gets rarer (smoothed IDF)."""
    return 1.0 + math.log((total + 1) / (document_frequency + 1))


def display(phrase: str) -> str:
    """A thesaurus phrase as a person writes it: "3d printing" -> "3D printing"."""
    return " ".join(
        w.upper() if w in ACRONYMS or re.search(r"\d", w) else w for w in phrase.split()
    )


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
    # {stem: the word to show for it}, from the candidate's own texts.
    words: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)
    # Thesaurus phrases found in its texts: (set key, phrase index).
    concepts: frozenset[tuple[int, int]] = frozenset()
    is_request: bool = False
    # {keyword id: name} for the keywords it offers, when read with them.
    keyword_names: Mapping[int, str] = field(default_factory=dict, compare=False, hash=False)
    # {focal area id: name} for its focal areas, when read with them.
    focal_area_names: Mapping[int, str] | None = field(default=None, compare=False, hash=False)


@dataclass(frozen=True)
class Vocabulary:
    """Names, stems and rarity weights for what candidates carry."""

    focal_area_names: Mapping[int, str] = field(default_factory=dict)
    keyword_names: Mapping[int, str] = field(default_factory=dict)
    keyword_weights: Mapping[int, float] = field(default_factory=dict)
    term_weights: Mapping[str, float] = field(default_factory=dict)
    # The keywords used to look candidates up by keyword.
    search_keywords: frozenset[int] = frozenset()
    # {keyword id: its name as a tuple of stems}; filled from keyword_names if empty.
    keyword_stems: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    thesaurus: Thesaurus | None = None
    # {feature: adjustment} learnt from feedback (see ``features``).
    adjustments: Mapping[str, float] = field(default_factory=dict)
    # Words weighing less than this are on too many records to look candidates up by.
    text_floor: float = 0.0
    records: int = 0  # how many records the weights were counted over
    # Results of pure functions over this vocabulary, kept while it lives (one match):
    # a vocabulary scores hundreds of candidates that carry the same keywords.
    memo: dict = field(default_factory=dict, init=False, compare=False, hash=False, repr=False)
    # {keyword id: its stems as a set}, read in every keyword pair.
    stem_sets: dict = field(default_factory=dict, init=False, compare=False, hash=False, repr=False)

    def keyword_weight(self, keyword_id):
        return self.keyword_weights.get(keyword_id, 1.0)

    def term_weight(self, term):
        return self.term_weights.get(term, 1.0)

    def stems_of(self, keyword_id):
        found = self.keyword_stems.get(keyword_id)
        if found is None:
            found = wording.phrase_key(self.keyword_names.get(keyword_id, ""))
        return found

    def stem_set(self, keyword_id):
        try:
            return self.stem_sets[keyword_id]
        except KeyError:
            found = self.stem_sets[keyword_id] = frozenset(self.stems_of(keyword_id))
            return found


@dataclass(frozen=True)
class Scored:
    """A candidate's score against a source, with the reasons in the order they count."""

    candidate: Candidate
    score: float
    reasons: tuple[str, ...]
    # The same reasons as the target would read them ("they need what you offer").
    target_reasons: tuple[str, ...] = ()
    # What the score rests on, for feedback to learn from ("kw:assay|diagnostics").
    features: tuple[str, ...] = ()


def _names(ids, names, weights=None, limit=5):
    ordered = sorted(ids, key=lambda i: (-(weights or {}).get(i, 1.0), names.get(i, "")))
    return ", ".join(names.get(i, str(i)) for i in ordered[:limit])


def feature(kind, a, b=""):
    """A feedback feature: the same for a pair whichever side it is read from."""
    return f"{kind}:" + "|".join(sorted(x for x in (a, b) if x))


def _keyword_pairs(mine, theirs, vocab):
    """{their keyword id: (weight, my keyword id)} for keywords that meet word by word
    and by stem: the same keyword, or one's stems all within the other's."""
    if not mine or not theirs:
        return {}
    mine = frozenset(mine)
    memo = vocab.memo
    try:
        every, anchors = memo[("reach", mine)]
    except KeyError:
        every, anchors = memo[("reach", mine)] = _reach(mine, vocab)
    found = {}
    for t in theirs:
        if t not in mine:
            # Most of their keywords meet none of mine: said without trying each of mine.
            t_stems = vocab.stem_set(t)
            if not t_stems or not (t_stems <= every or not anchors.isdisjoint(t_stems)):
                continue
        key = ("pair", t, mine)
        try:
            best = memo[key]
        except KeyError:
            best = memo[key] = _best_pair(t, mine, vocab)
        if best is not None:
            found[t] = best
    return found


def _reach(mine, vocab):
    """(every stem of my keywords, one stem of each): a keyword of theirs can lie within
    one of mine only if its stems are all among the first, and one of mine within it
    only if it has that keyword's stem from the second."""
    stems = [vocab.stem_set(m) for m in mine]
    every = frozenset().union(*stems)
    # The rarest stem of each keyword: the one other keywords have least often.
    anchors = frozenset(max(sorted(key), key=vocab.term_weight) for key in stems if key)
    return every, anchors


def _best_pair(t, mine, vocab):
    """(weight, my keyword id) for the keyword of mine that best meets keyword ``t``."""
    best = None
    memo = vocab.memo
    t_stems = vocab.stem_set(t)
    for m in mine:
        if m != t:
            # Most pairs share no stem, or neither keyword lies within the other.
            m_stems = vocab.stem_set(m)
            if not (m_stems and t_stems and (m_stems <= t_stems or t_stems <= m_stems)):
                continue
        key = ("weight", m, t)
        try:
            weight = memo[key]
        except KeyError:
            weight = memo[key] = _pair_weight(m, t, vocab)
        if weight and weight > (best[0] if best else 0):
            best = (weight, m)
    return best


def _pair_weight(m, t, vocab):
    """How much keyword ``m`` meets keyword ``t`` (0 if not at all)."""
    t_stems = vocab.stem_set(t)
    m_stems = vocab.stem_set(m)
    if m == t:
        return max(
            vocab.keyword_weight(t),
            max((vocab.term_weight(s) for s in t_stems), default=1.0),
        )
    if m_stems and t_stems and (m_stems <= t_stems or t_stems <= m_stems):
        # "toxicology" within "toxicology studies" counts, weighted by how much
        # of the longer keyword's rarity the shared words carry: "printing"
        # within "3d printing" carries too little to count.
        common = sum(vocab.term_weight(s) for s in m_stems & t_stems)
        coverage = common / (sum(vocab.term_weight(s) for s in m_stems | t_stems) or 1)
        if coverage >= KEYWORD_COVERAGE:
            return common * coverage
    return 0.0


def _phrase_rarity(mine, theirs, vocab):
    """How distinctive a thesaurus pair is: the rarer word of the less distinctive side."""

    def rarest(phrase):
        return max((vocab.term_weight(s) for s in wording.phrase_key(phrase)), default=1.0)

    return min(rarest(mine), rarest(theirs))


def score(
    source: Candidate, target: Candidate, vocab: Vocabulary, *, now=None, explain=True
) -> Scored:
    """How well ``target`` fits ``source``, and why.

    ``reasons`` are written for the source's people ("they offer what you need"),
    ``target_reasons`` for the target's ("they need what you offer"). Without
    ``explain`` only the score is worked out (the same score), for ranking many.
    """
    featured = explain or bool(vocab.adjustments)  # features move scores only then
    related_by_thesaurus = bool(vocab.thesaurus and source.concepts and target.concepts)
    # Stems named in keyword reasons are not named again, nor counted again as thesaurus
    # pairs: worked out only when that can matter.
    tracked = explain or related_by_thesaurus
    total = 0.0
    reasons = []
    target_reasons = []
    features = []
    shown = set()  # stems already named in a reason
    substantive = False

    def both(text, target_text=None):
        reasons.append(text)
        target_reasons.append(text if target_text is None else target_text)

    focal = source.focal_areas & target.focal_areas
    if focal:
        total += FOCAL_AREA_WEIGHT * len(focal)
        if explain:
            label = "shared focal area" if len(focal) == 1 else "shared focal areas"
            both(f"{label}: {_names(focal, vocab.focal_area_names)}")

    they_offer = _keyword_pairs(source.seeks, target.offers, vocab)
    they_need = _keyword_pairs(source.offers, target.seeks, vocab)
    used = set(they_offer) | set(they_need)
    used_mine = {m for _, m in they_offer.values()} | {m for _, m in they_need.values()}
    shared = _keyword_pairs(
        (source.offers | source.seeks) - used_mine, (target.offers | target.seeks) - used, vocab
    )
    for pairs, weight, text, target_text in [
        (they_offer, COMPLEMENT_WEIGHT, "they offer what you need", "they need what you offer"),
        (they_need, COMPLEMENT_WEIGHT, "they need what you offer", "they offer what you need"),
        (shared, SHARED_KEYWORD_WEIGHT, "shared capabilities", None),
    ]:
        if not pairs:
            continue
        total += weight * sum(w for w, _ in pairs.values())
        if explain:
            weights = {t: w for t, (w, _) in pairs.items()}
            names = _names(pairs, vocab.keyword_names, weights)
            both(f"{text}: {names}", f"{target_text or text}: {names}")
        for t, (_, m) in pairs.items():
            if featured:
                features.append(
                    feature("kw", vocab.keyword_names.get(m, ""), vocab.keyword_names.get(t, ""))
                )
            if tracked:
                shown |= vocab.stem_set(t) | vocab.stem_set(m)
        substantive = True

    if related_by_thesaurus:
        related = vocab.thesaurus.related(source.concepts, target.concepts)
        related = [r for r in related if not set(wording.phrase_key(r[2])) <= shown]
        if related:
            total += min(
                CONCEPT_CAP,
                CONCEPT_WEIGHT * sum(w * _phrase_rarity(a, b, vocab) for w, a, b in related),
            )
            said = {}
            for _, mine, theirs in related if explain else ():
                said.setdefault(mine, theirs)  # one reason per phrase of the source's
            for mine, theirs in list(said.items())[:2]:
                mine, theirs = display(mine), display(theirs)
                if source.is_request:
                    both(
                        f"you asked for {mine}; they offer {theirs}",
                        f"they asked for {mine}; you offer {theirs}",
                    )
                else:
                    both(
                        f"you offer {mine}; they work on {theirs}",
                        f"they offer {mine}; you work on {theirs}",
                    )
            for _, mine, theirs in related:
                if featured:
                    features.append(feature("th", mine, theirs))
                shown |= set(wording.phrase_key(mine)) | set(wording.phrase_key(theirs))
            substantive = True

    only_wording = not substantive
    words = {
        w: vocab.term_weight(w)
        for w in source.terms & target.terms
        if vocab.term_weight(w) >= TERM_FLOOR
    }
    if words:
        factor = TERM_ONLY_FACTOR if only_wording else 1.0
        total += min(TERM_CAP, factor * TERM_WEIGHT * sum(words.values()))
        substantive = True
        ordered = sorted(words, key=lambda w: (-words[w], w)) if featured else ()
        if explain:
            # Candidates built from texts carry the real word for each stem; hand-built
            # ones (with no texts) carry words as their terms.
            plain = not source.words and not target.words
            show = {
                w: target.words.get(w) or source.words.get(w) or (w if plain else None)
                for w in words
            }
            top = [w for w in ordered if w not in shown and show[w]]
            if top:
                both("similar wording: " + ", ".join(show[w] for w in top[:4]))
        features += [feature("w", w) for w in ordered[:3]]

    if source.town and source.town.casefold() == target.town.casefold():
        total += TOWN_WEIGHT
        if explain:
            both(f"also in {target.town}")

    if target.published_at and now and now - target.published_at <= timedelta(days=FRESH_DAYS):
        total += FRESH_WEIGHT
        if explain:
            reasons.append(f"posted in the last {FRESH_DAYS} days")  # news only to the source

    if substantive and vocab.adjustments:
        learnt = sum(vocab.adjustments.get(f, 0.0) for f in features)
        total += max(-FEEDBACK_CAP, min(FEEDBACK_CAP, learnt))

    final = round(max(total, 0.0) if substantive else 0.0, 3)
    return Scored(target, final, tuple(reasons), tuple(target_reasons), tuple(features))


def rank(
    source: Candidate,
    candidates: Iterable[Candidate],
    vocab: Vocabulary,
    *,
    limit: int = 10,
    threshold: float = THRESHOLD,
    now=None,
) -> list[Scored]:
    """The best ``limit`` candidates scoring at least ``threshold`` and at least
    ``RELATIVE_THRESHOLD`` of the best one's score, best first.

    The source itself is never its own match. Ties go to the earlier name.
    """
    results = []
    for candidate in candidates:
        if candidate.key == source.key:
            continue
        scored = score(source, candidate, vocab, now=now, explain=False)
        if scored.score >= threshold:
            results.append(scored)
    results.sort(key=lambda s: (-s.score, s.candidate.name, s.candidate.key))
    # Far weaker than the best is noise next to it.
    floor = results[0].score * RELATIVE_THRESHOLD if results else 0
    # Reasons are written only for the few that are kept.
    kept = [s for s in results if s.score >= floor][:limit]
    return [score(source, s.candidate, vocab, now=now) for s in kept]
