"""Words for matching: tokens, English stems, stop-words, and the real words behind stems.

Pure functions over strings, no database. Matching compares *stems* ("infect" for
"infection", "infectious" and "infections") so the same need written in other words
still meets, and shows *words* ("infection") in every reason, never a stem or a
stop-word.

The stemmer is the Snowball English (Porter 2) stemmer from ``snowballstemmer``. How
common a word is in everyday English comes from ``wordfreq`` (see ``specificity``).
"""

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache

import snowballstemmer
from wordfreq import zipf_frequency

# Common English, generic business verbs and nouns every post uses ("we need help to
# run trials"), and words of the portal itself. None says what a business does.
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further get gets getting got had has have having here how i if in into
    is it its itself just more most new no nor not now of off on once only or other our
    ours out over own same she should so some such than that the their them then there
    these they this those through to too under until up very was we were what when
    where which while whom why will with would you your yours us us our etc via per
    use uses using used help helps helping helped work works working worked need needs
    needed needing want wants wanted wanting looking look looks seek seeks seeking
    run runs running ran take takes taking took make makes making made find finds
    finding found try trying tried give gives giving going go goes come comes like
    able way ways well one two three first second year years month months week weeks
    day days time times lot lots kind kinds thing things someone something anyone
    partner partners partnering project projects company companies business businesses
    firm firms organisation organisations organization organizations offer offers
    offering offered provide provides providing provided support supports supporting
    supported deliver delivers delivering delivered improve improves improving
    develop develops developing developed development solution solutions
    opportunity opportunities region regional liverpool city including include includes
    based across within range wide many much small large big good best better great
    service services centre center facility facilities access team teams people
    demo fictional ltd limited plc llp uk nw north west ideally currently already
    real actual early ahead fast faster quick quickly hundreds thousands various several
    specific particular ready current existing latest next
    merseyside mersey wirral knowsley sefton halton runcorn widnes helens kirkby speke
    birkenhead bootle southport huyton prescot wallasey chester warrington manchester
    cheshire lancashire england britain british
    four five six seven eight nine ten twelve twenty fifty hundred thousand million
    billion half dozen
    """.split()
)
# "we've", "they're", "we'll", "we'd", "I'm" lose their ends; "don't" and "can't" go.
CONTRACTION = re.compile(r"\b[a-z]+n't\b|'(?:ve|re|ll|d|m)\b")

WORD = re.compile(r"[a-z0-9][a-z0-9]*(?:[-'][a-z0-9]+)*")

_stemmer = snowballstemmer.stemmer("english")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The Snowball English stem of one lower-case word ("infectious" -> "infecti")."""
    return _stemmer.stemWord(word)


def words(text: str, *, numbers: bool = False) -> list[str]:
    """The words of a text, lower-cased, hyphenated words split ("high-throughput" ->
    "high", "throughput"), with stop-words, one-letter words and (unless ``numbers``)
    bare numbers dropped. "3d" stays: it is a word businesses write."""
    found = []
    text = CONTRACTION.sub("", (text or "").lower().replace("\u2019", "'"))
    for token in WORD.findall(text):
        token = token.removesuffix("'s")
        for part in re.split(r"[-']", token):
            if len(part) < 2 or part in STOPWORDS or (part.isdigit() and not numbers):
                continue
            found.append(part)
    return found


NEGATION = re.compile(
    r"\b(?:not|no longer|never|cannot|closed|ceased|discontinued|unavailable)\b|n't\b", re.I
)
SENTENCE = re.compile(r"(?<=[.!?;])\s+")


def affirmed(text: str) -> str:
    """The text without its negated sentences: "The former prototyping equipment is not
    confirmed as available" says what a record does *not* offer, so matching must not
    read it as an offer."""
    return " ".join(s for s in SENTENCE.split(text or "") if not NEGATION.search(s))


def stems(*texts: str) -> list[str]:
    """The stems of the texts' words, in order, repeats kept (for term frequencies)."""
    return [stem(w) for text in texts for w in words(text)]


def terms(*texts: str) -> frozenset[str]:
    """The distinct stems of some texts."""
    return frozenset(stems(*texts))


@lru_cache(maxsize=50_000)
def phrase_key(text: str) -> tuple[str, ...]:
    """A phrase as a tuple of stems, for comparing keywords and thesaurus entries:
    "Toxicology studies" -> ("toxicolog", "studi"). Numbers are kept ("covid 19")."""
    return tuple(stem(w) for w in words(text, numbers=True))


def surface_words(*texts: str) -> dict[str, str]:
    """{stem: the real word to show for it}: the most frequent word with that stem in
    the texts, ties to the shorter then the earlier word. Reasons use this map so a
    person reads "infection", never "infect" or "infecti"."""
    counts: dict[str, Counter] = {}
    order: dict[str, int] = {}
    for text in texts:
        for word in words(text):
            counts.setdefault(stem(word), Counter())[word] += 1
            order.setdefault(word, len(order))
    return {s: min(c, key=lambda w: (-c[w], len(w), order[w])) for s, c in counts.items()}


def analyse(*texts: str) -> tuple[list[list[str]], dict[str, str]]:
    """One pass over the texts: each text's stems in order, and {stem: word to show}
    (as ``stems`` and ``surface_words``, without reading the texts twice)."""
    counts: dict[str, Counter] = {}
    order: dict[str, int] = {}
    per_text = []
    for text in texts:
        found = []
        for word in words(text):
            s = stem(word)
            found.append(s)
            counts.setdefault(s, Counter())[word] += 1
            order.setdefault(word, len(order))
        per_text.append(found)
    surface = {s: min(c, key=lambda w: (-c[w], len(w), order[w])) for s, c in counts.items()}
    return per_text, surface


def show(term: str, surface: Mapping[str, str]) -> str | None:
    """The word to show for a stem, or None if no real word is known (never the stem)."""
    return surface.get(term)


def idf(document_frequency: int, total: int) -> float:
    """BM25's inverse document frequency, floored so it stays positive: close to 0 for a
    word in every record, about ln(total) for a word in one."""
    return max(0.05, math.log(1 + (total - document_frequency + 0.5) / (document_frequency + 0.5)))


# Zipf frequencies (log10 of uses per billion words of everyday English): at or below
# EVERYDAY_FROM a word is a trade's or a science's ("effluent" 2.7, "laboratory" 4.3); from
# there to EVERYDAY_TO it says less and less about what a business does ("customer"
# 4.6, "million" 5.3), down to EVERYDAY_LEAST of its rarity among the portal's records.
EVERYDAY_FROM = 4.5
EVERYDAY_TO = 5.5
EVERYDAY_LEAST = 0.25


@lru_cache(maxsize=50_000)
def specificity(word: str) -> float:
    """How much a word can say about what a business does or needs, by how common it is
    in everyday English: 1 for "effluent" or "mosquito", less for "close" or "door"
    (never below ``EVERYDAY_LEAST``). In a directory of a few hundred records "close"
    can be as rare as "effluent"; everyday English tells them apart."""
    z = zipf_frequency(word, "en")
    if z <= EVERYDAY_FROM:
        return 1.0
    share = min(1.0, (z - EVERYDAY_FROM) / (EVERYDAY_TO - EVERYDAY_FROM))
    return round(1.0 - share * (1.0 - EVERYDAY_LEAST), 4)


def term_weights(documents: Iterable[Iterable[str]]) -> dict[str, float]:
    """{stem: weight} over a corpus of documents (each an iterable of words, as
    ``words`` gives them): words rare in the portal's records weigh more, words of
    everyday English less (``specificity``, averaged over the words that share a stem
    as often as each is used). Pure and deterministic, so recomputing over the same
    corpus gives the same weights."""
    frequency: Counter = Counter()
    uses: dict[str, Counter] = {}
    total = 0
    for document in documents:
        total += 1
        stems_here = set()
        for word in document:
            s = stem(word)
            stems_here.add(s)
            uses.setdefault(s, Counter())[word] += 1
        frequency.update(stems_here)

    def everyday(s):
        counts = uses[s]
        return sum(specificity(w) * n for w, n in counts.items()) / sum(counts.values())

    return {t: round(idf(n, total) * everyday(t), 4) for t, n in sorted(frequency.items())}


def bm25(
    query: Iterable[str],
    document: list[str],
    weights: Mapping[str, float],
    *,
    average_length: float,
    k1: float = 1.2,
    b: float = 0.75,
    default_weight: float = 1.0,
) -> float:
    """The BM25 score of one document (a list of stems) for a query (stems)."""
    counts = Counter(document)
    length = len(document) or 1
    norm = k1 * (1 - b + b * length / (average_length or 1))
    total = 0.0
    for term in set(query):
        tf = counts.get(term, 0)
        if tf:
            total += weights.get(term, default_weight) * tf * (k1 + 1) / (tf + norm)
    return total
