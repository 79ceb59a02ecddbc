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
# Wording alone, with no keyword or thesaurus signal and none of the focal areas the
# source names, counts this much: a recruitment agency's "volunteers" is not a study's.
UNFOCUSED_WORDING = 0.6
TERM_FLOOR = 0.5  # words more common than this (BM25 idf) neither score nor show
KEYWORD_COVERAGE = 0.6  # a keyword within another must carry this share of its rarity
TOWN_WEIGHT = 0.3
FRESH_WEIGHT = 0.3
FRESH_DAYS = 30
THRESHOLD = 2.0
MIN_EVIDENCE = 1.5  # what must relate the two beyond shared focal areas (too broad alone)
RELATIVE_THRESHOLD = 0.4  # and at least this share of the best candidate's score
HOST_SHARE = 0.8  # an organisation's share of the fit of a facility it runs
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
    # An asset's host organisation (its id and name), when read with it.
    host: int | None = field(default=None, compare=False, hash=False)
    host_name: str = field(default="", compare=False, hash=False)


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
    # {stem: weight} for every word some record had at the last count (empty: unknown).
    counted_terms: Mapping[str, float] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )
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
        found = self.stem_sets.get(keyword_id)
        if found is None:
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
    return _Pairs(mine, vocab)(theirs)


_UNKNOWN = object()  # not worked out yet (None is an answer: no pair)


class _Pairs:
    """``_keyword_pairs`` of my keywords with any of theirs, each of theirs tried once:
    a source meets hundreds of candidates, and their keywords recur.

    The answers go in the vocabulary's memo too, by their keyword and my set of them,
    so every ``rank`` of the same match reuses them."""

    def __init__(self, mine, vocab):
        self.mine = mine = frozenset(mine)
        self.vocab = vocab
        self.tried = {}  # {their keyword: (weight, my keyword), or None}
        if mine:
            key = ("reach", mine)
            reach = vocab.memo.get(key)
            if reach is None:
                reach = vocab.memo[key] = _reach(mine, vocab)
            self.every, self.anchors = reach
            # In the order of ``mine``: the first of equally good keywords is the best.
            self.stems = [(m, vocab.stem_set(m)) for m in mine]

    def __call__(self, theirs):
        """{their keyword: (weight, my keyword)} for those of ``theirs`` that meet mine."""
        found = {}
        if not self.mine:
            return found
        tried = self.tried
        for t in theirs:
            # A look-up, not try/except: many keywords are new, and raising costs more.
            best = tried.get(t, _UNKNOWN)
            if best is _UNKNOWN:
                best = tried[t] = self.best(t)
            if best is not None:
                found[t] = best
        return found

    def best(self, t):
        """(weight, my keyword) for the keyword of mine that best meets keyword ``t``,
        or None."""
        memo = self.vocab.memo
        key = ("pair", t, self.mine)
        best = memo.get(key, _UNKNOWN)
        if best is _UNKNOWN:
            best = memo[key] = self._best_pair(t)
        return best

    def _best_pair(self, t):
        """``best`` worked out: None also for a keyword that can meet none of mine."""
        vocab = self.vocab
        t_stems = vocab.stem_set(t)
        if t not in self.mine:
            # Most of their keywords meet none of mine: said without trying each of mine.
            if not t_stems or not (t_stems <= self.every or not self.anchors.isdisjoint(t_stems)):
                return None
        best = None
        memo = vocab.memo
        for m, m_stems in self.stems:
            if m != t:
                # Most pairs share no stem, or neither keyword lies within the other.
                if not (m_stems and t_stems and (m_stems <= t_stems or t_stems <= m_stems)):
                    continue
            key = ("weight", m, t)
            weight = memo.get(key)
            if weight is None:
                weight = memo[key] = _pair_weight(m, m_stems, t, t_stems, vocab)
            if weight and weight > (best[0] if best else 0):
                best = (weight, m)
        return best


def _reach(mine, vocab):
    """(every stem of my keywords, one stem of each): a keyword of theirs can lie within
    one of mine only if its stems are all among the first, and one of mine within it
    only if it has that keyword's stem from the second."""
    stems = [vocab.stem_set(m) for m in mine]
    every = frozenset().union(*stems)
    # The rarest stem of each keyword: the one other keywords have least often.
    anchors = frozenset(max(sorted(key), key=vocab.term_weight) for key in stems if key)
    return every, anchors


def _pair_weight(m, m_stems, t, t_stems, vocab):
    """How much keyword ``m`` meets keyword ``t`` (0 if not at all), by their stems."""
    weight = vocab.term_weights.get  # Vocabulary.term_weight, without a call per stem
    if m == t:
        return max(vocab.keyword_weight(t), max((weight(s, 1.0) for s in t_stems), default=1.0))
    if m_stems and t_stems and (m_stems <= t_stems or t_stems <= m_stems):
        # "toxicology" within "toxicology studies" counts, weighted by how much
        # of the longer keyword's rarity the shared words carry: "printing"
        # within "3d printing" carries too little to count.
        common = sum([weight(s, 1.0) for s in m_stems & t_stems])
        coverage = common / (sum([weight(s, 1.0) for s in m_stems | t_stems]) or 1)
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
    scorer = _Scorer(source, vocab, now)
    if explain:
        return scorer.explain(target)
    value, features = scorer.score(target)
    return Scored(target, value, (), (), features)


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
    scorer = _Scorer(source, vocab, now)
    results = []
    for candidate in candidates:
        if candidate.key != source.key:
            value, _ = scorer.score(candidate)
            results.append((value, candidate, candidate))
    # Reasons are written only for the few that are kept.
    return [scorer.explain(c) for c in _kept(results, limit=limit, threshold=threshold)]


def _kept(results, *, limit, threshold=THRESHOLD):
    """The items of (score, candidate, item) results scoring at least ``threshold`` and
    at least ``RELATIVE_THRESHOLD`` of the best (far weaker than the best is noise next
    to it), best first, ties to the earlier name, at most ``limit``."""
    results = [r for r in results if r[0] >= threshold]
    if not results:
        return []
    floor = max(r[0] for r in results) * RELATIVE_THRESHOLD
    kept = sorted((r for r in results if r[0] >= floor), key=lambda r: (-r[0], r[1].name, r[1].key))
    return [item for _, _, item in kept[:limit]]


def hosted(host: Candidate, facility: Scored) -> Scored:
    """A host organisation's fit through a facility it runs: ``HOST_SHARE`` of the
    facility's score, with the facility named first in the reasons."""
    name = facility.candidate.name
    return Scored(
        host,
        round(facility.score * HOST_SHARE, 3),
        (f"they run {name}, which fits", *facility.reasons),
        (f"it fits {name}, which you run", *facility.target_reasons),
        facility.features,
    )


def with_hosts(organisations, assets, hosts, *, limit=10):
    """The organisations (``Scored``, best first) with the hosts of fitting facilities
    among them: a host scores as ``hosted`` through its best-fitting facility when that
    beats its own score. ``assets``: the facilities ranked for the same source;
    ``hosts``: {organisation id: Candidate}. Kept as ``rank`` keeps: at least
    ``THRESHOLD`` and ``RELATIVE_THRESHOLD`` of the best, at most ``limit``."""
    best = {s.candidate.key: s for s in organisations}
    for asset in assets:  # best first: a host's first facility is its best
        host = hosts.get(asset.candidate.host)
        if host is None or asset.score < THRESHOLD:
            continue
        own = best.get(host.key)
        through = hosted(own.candidate if own else host, asset)
        if own is None or through.score > own.score:
            best[host.key] = through
    return _kept([(s.score, s.candidate, s) for s in best.values()], limit=limit)


class _Scorer:
    """Scores candidates against one source, working out what depends on the source
    alone only once.

    ``score`` gives the score alone, for ranking many; ``explain`` the same score with
    its reasons, for the few that are kept. Both add the same signals in the same order
    (floating-point sums depend on it), so they always agree.
    """

    def __init__(self, source: Candidate, vocab: Vocabulary, now=None):
        self.source = source
        self.vocab = vocab
        self.now = now
        self.fresh_within = timedelta(days=FRESH_DAYS)
        self.folded_town = source.town.casefold() if source.town else ""
        self.by_thesaurus = bool(vocab.thesaurus and source.concepts)
        # Features move scores only when feedback has adjusted some of them.
        self.featured = bool(vocab.adjustments)
        self.they_offer = _Pairs(source.seeks, vocab)
        self.they_need = _Pairs(source.offers, vocab)
        self.every = source.offers | source.seeks
        # The shared pairs when none of my keywords is in a complementary pair.
        self.shared = _Pairs(self.every, vocab)
        self.keyword_features = {}  # {(my keyword, their keyword): feature}
        self.word_features = {}  # {stem: feature}

    def keyword_pairs(self, target: Candidate):
        """({their keyword: (weight, my keyword)} for what they offer that I seek, for
        what they seek that I offer, and for other shared keywords)."""
        source = self.source
        they_offer = self.they_offer(target.offers)
        they_need = self.they_need(target.seeks)
        if not ((source.offers and target.offers) or (source.seeks and target.seeks)):
            # Shared pairs left could only join an offer with an offer or a need with a
            # need: the complementary pairs have already tried every other pair.
            return they_offer, they_need, {}
        used = set(they_offer) | set(they_need)
        used_mine = {m for _, m in they_offer.values()} | {m for _, m in they_need.values()}
        theirs = (target.offers | target.seeks) - used
        if used_mine:
            shared = _keyword_pairs(self.every - used_mine, theirs, self.vocab)
        else:
            shared = self.shared(theirs)
        return they_offer, they_need, shared

    def score(self, target: Candidate) -> tuple[float, tuple[str, ...]]:
        """(the score, its features): the features only when feedback adjusts scores
        by them, else none."""
        featured = self.featured
        features = []
        total = 0.0

        focal = self.source.focal_areas & target.focal_areas
        if focal:
            total += FOCAL_AREA_WEIGHT * len(focal)

        pairs = self.keyword_pairs(target)
        they_offer, they_need, shared = pairs
        if they_offer:
            total += COMPLEMENT_WEIGHT * _weight(they_offer)
        if they_need:
            total += COMPLEMENT_WEIGHT * _weight(they_need)
        if shared:
            total += SHARED_KEYWORD_WEIGHT * _weight(shared)
        substantive = bool(they_offer or they_need or shared)
        if featured and substantive:
            for found in pairs:
                if found:
                    features += self._keyword_features(found)

        if self.by_thesaurus and target.concepts:
            related = self._related(target, self._keyword_stems(pairs))
            if related:
                total += self._concept_score(related)
                substantive = True
                if featured:
                    features += [feature("th", mine, theirs) for _, mine, theirs in related]

        words = self._words(target)
        if words:
            total += _wording_score(words, self._unfocused(focal, substantive))
            substantive = True
            if featured:
                features += self._word_features(_by_weight(words))

        if not substantive or total - FOCAL_AREA_WEIGHT * len(focal) < MIN_EVIDENCE:
            return 0.0, ()  # a focal area, town or date alone is no match

        if self._same_town(target):
            total += TOWN_WEIGHT
        if self._fresh(target):
            total += FRESH_WEIGHT
        if featured:
            total += self._feedback(features)
        return round(max(total, 0.0), 3), tuple(features)

    def explain(self, target: Candidate) -> Scored:
        """The score with its reasons for each side and its features (see ``score``)."""
        source, vocab = self.source, self.vocab
        total = 0.0
        reasons = []
        target_reasons = []
        features = []
        substantive = False

        def both(text, target_text=None):
            reasons.append(text)
            target_reasons.append(text if target_text is None else target_text)

        focal = source.focal_areas & target.focal_areas
        if focal:
            total += FOCAL_AREA_WEIGHT * len(focal)
            label = "shared focal area" if len(focal) == 1 else "shared focal areas"
            both(f"{label}: {_names(focal, vocab.focal_area_names)}")

        pairs = self.keyword_pairs(target)
        for found, weight, text, target_text in zip(
            pairs,
            (COMPLEMENT_WEIGHT, COMPLEMENT_WEIGHT, SHARED_KEYWORD_WEIGHT),
            ("they offer what you need", "they need what you offer", "shared capabilities"),
            ("they need what you offer", "they offer what you need", "shared capabilities"),
            strict=True,
        ):
            if not found:
                continue
            total += weight * _weight(found)
            names = _names(found, vocab.keyword_names, {t: w for t, (w, _) in found.items()})
            both(f"{text}: {names}", f"{target_text}: {names}")
            features += self._keyword_features(found)
            substantive = True
        # Stems named in keyword reasons are not named again, nor counted again as
        # thesaurus pairs.
        shown = self._keyword_stems(pairs)

        if self.by_thesaurus and target.concepts:
            related = self._related(target, shown)
            if related:
                total += self._concept_score(related)
                said = {}
                for _, mine, theirs in related:
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
                    features.append(feature("th", mine, theirs))
                    shown |= set(wording.phrase_key(mine)) | set(wording.phrase_key(theirs))
                substantive = True

        words = self._words(target)
        if words:
            total += _wording_score(words, self._unfocused(focal, substantive))
            substantive = True
            ordered = _by_weight(words)
            named = self._real_words(target, (w for w in ordered if w not in shown), 4)
            if named:
                both("similar wording: " + ", ".join(named))
            features += self._word_features(ordered)

        if total - FOCAL_AREA_WEIGHT * len(focal) < MIN_EVIDENCE:
            substantive = False
        if self._same_town(target):
            total += TOWN_WEIGHT
            both(f"also in {target.town}")

        if self._fresh(target):
            total += FRESH_WEIGHT
            reasons.append(f"posted in the last {FRESH_DAYS} days")  # news only to the source

        if substantive and self.featured:
            total += self._feedback(features)

        final = round(max(total, 0.0) if substantive else 0.0, 3)
        return Scored(target, final, tuple(reasons), tuple(target_reasons), tuple(features))

    def _keyword_features(self, found):
        """The feedback features of keyword pairs ({their keyword: (weight, mine)})."""
        names = self.vocab.keyword_names
        made = self.keyword_features
        features = []
        for t, (_, m) in found.items():
            if (m, t) not in made:
                made[m, t] = feature("kw", names.get(m, ""), names.get(t, ""))
            features.append(made[m, t])
        return features

    def _word_features(self, ordered):
        """The feedback features of the three heaviest shared words (``ordered``)."""
        made = self.word_features
        features = []
        for w in ordered[:3]:
            if w not in made:
                made[w] = feature("w", w)
            features.append(made[w])
        return features

    def _real_words(self, target, stems, limit):
        """The real words for the first ``limit`` of ``stems`` that have one."""
        source = self.source
        # Candidates built from texts carry the real word for each stem; hand-built
        # ones (with no texts) carry words as their terms.
        plain = not source.words and not target.words
        found = []
        for w in stems:
            word = target.words.get(w) or source.words.get(w) or (w if plain else None)
            if word:
                found.append(word)
                if len(found) == limit:
                    break
        return found

    def _keyword_stems(self, pairs):
        """Every stem of the keywords in the pairs."""
        stem_set = self.vocab.stem_set
        stems = set()
        for found in pairs:
            for t, (_, m) in found.items():
                stems |= stem_set(t)
                stems |= stem_set(m)
        return stems

    def _related(self, target, shown):
        """The thesaurus pairs between the two, strongest first, but for those whose
        phrase of theirs is all in stems already ``shown``."""
        related = self.vocab.thesaurus.related(self.source.concepts, target.concepts)
        return [r for r in related if not set(wording.phrase_key(r[2])) <= shown]

    def _concept_score(self, related):
        """What thesaurus pairs add, capped."""
        weighted = sum(w * _phrase_rarity(a, b, self.vocab) for w, a, b in related)
        return min(CONCEPT_CAP, CONCEPT_WEIGHT * weighted)

    def _words(self, target):
        """{stem: its rarity weight} for the words both use, but for common ones."""
        weight = self.vocab.term_weights.get  # Vocabulary.term_weight, without a call per word
        return {
            w: x for w in self.source.terms & target.terms if (x := weight(w, 1.0)) >= TERM_FLOOR
        }

    def _unfocused(self, focal, substantive):
        """Whether wording would be all that relates the two, though the source names
        focal areas and the target shares none."""
        return not substantive and not focal and bool(self.source.focal_areas)

    def _same_town(self, target):
        """Whether the two are in the same town (whatever the case)."""
        return bool(self.source.town) and self.folded_town == target.town.casefold()

    def _fresh(self, target):
        """Whether the target was posted in the last ``FRESH_DAYS`` days."""
        published = target.published_at
        return bool(published and self.now and self.now - published <= self.fresh_within)

    def _feedback(self, features):
        """What people said about pairs with these features, capped."""
        adjustment = self.vocab.adjustments.get
        learnt = sum([adjustment(f, 0.0) for f in features])
        return max(-FEEDBACK_CAP, min(FEEDBACK_CAP, learnt))


def _weight(pairs):
    """The summed weight of keyword pairs ({their keyword: (weight, my keyword)})."""
    return sum([w for w, _ in pairs.values()])


def _wording_score(words, unfocused=False):
    """What shared words ({stem: weight}) add, capped; less when ``unfocused``. Wording
    alone can make a match: everyday words weigh little (``text.specificity``), so what
    two records share must be a trade's or a science's words."""
    factor = UNFOCUSED_WORDING if unfocused else 1.0
    return min(TERM_CAP, factor * TERM_WEIGHT * sum(words.values()))


def _by_weight(words):
    """The words ({stem: weight}), heaviest first."""
    return sorted(words, key=lambda w: (-words[w], w))
