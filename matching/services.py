"""Matching services: build candidates from the database, rank them, store Match rows.

The scoring itself is pure and lives in ``matching/engine.py``; words, stems and term
weights in ``matching/text.py``; the thesaurus in ``matching/thesaurus.py``. Candidates
are found by the rarest shared keywords (an indexed lookup on the keyword tables) and by
text (PostgreSQL full-text on stored, stemmed vectors, with the thesaurus's related
phrases; ``icontains`` elsewhere); published assets are few, so all are scored.
"""

import dataclasses
import hashlib
import json
import re
from collections import defaultdict
from datetime import UTC
from functools import lru_cache, partial
from importlib import metadata
from pathlib import Path

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    Lookup,
    Max,
    OuterRef,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accounts.models import MatchAlerts, Organisation, User
from assets.models import Asset
from matching import engine
from matching import text as wording
from matching import thesaurus as thesaurus_module
from matching.models import (
    Corpus,
    Match,
    MatchAlert,
    MatchFeedback,
    TermWeight,
    TextAnalysis,
    ThesaurusSet,
)
from matching.selectors import matches_for_member
from matching.thesaurus import Set, Thesaurus
from opportunities.models import Opportunity
from portal import search
from portal.models import FocalArea, Keyword
from portal.outbox import email_queue

NEED_KINDS = {
    Opportunity.Kind.PARTNER_SEARCH,
    Opportunity.Kind.CHALLENGE,
    Opportunity.Kind.FUNDING_CALL,
}
OFFER_KINDS = {Opportunity.Kind.CAPABILITY_OFFER, Opportunity.Kind.EVENT}
LIMITS = {"organisation": 20, "asset": 10, "opportunity": 10}
TARGET_FIELDS = {
    "organisation": "target_organisation_id",
    "asset": "target_asset_id",
    "opportunity": "target_opportunity_id",
}
MAX_CANDIDATES = 100  # per target type: those sharing the rarest keywords
# A keyword on more than this many records (at least COMMON_MIN, else COMMON_SHARE of
# all records) is too common to look candidates up by.
COMMON_MIN = 100
COMMON_SHARE = 0.01
MAX_HOSTED_FACILITIES = 20  # an organisation is re-scored through at most this many
TEXT_CANDIDATES = 50  # per target type, the best by full-text rank
TEXT_QUERY_WORDS = 12  # the source's rarest words used for the full-text look-up
TEXT_QUERY_PHRASES = 12  # and thesaurus relatives of its phrases
USEFUL_STEP = 0.5  # what one "useful" adds to a feature
NOT_RELEVANT_STEP = -0.75  # what one "not relevant" takes away
FEEDBACK_FEATURE_CAP = 1.0  # the most one feature can gain


def sides(kind, keyword_ids):
    """(offers, seeks) for an opportunity: requests seek their keywords, offers offer them."""
    keyword_ids = frozenset(keyword_ids)
    if kind in NEED_KINDS:
        return frozenset(), keyword_ids
    return keyword_ids, frozenset()


# --- The thesaurus and the term weights ----------------------------------------------

_thesaurus_cache = {}


def current_thesaurus(version=None):
    """The curators' thesaurus, rebuilt only when a set changed (``version``: how many
    sets there are and when one last changed, if already known)."""
    if version is None:
        version = ThesaurusSet.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
        version = (version["n"], version["latest"])
    if _thesaurus_cache.get("version") != version:
        sets = [
            Set(row.pk, tuple(row.phrase_list()), row.broader_first)
            for row in ThesaurusSet.objects.all()
        ]
        name = f"{version[0]}:{version[1].isoformat() if version[1] else ''}"
        _thesaurus_cache.update(version=version, thesaurus=Thesaurus(sets, name))
    return _thesaurus_cache["thesaurus"]


@lru_cache(maxsize=100_000)
def _analyse(thesaurus, *texts):
    """(stems, {stem: word}, thesaurus phrases) of some texts, cached by text; negated
    sentences say what is not offered, so they are left out."""
    per_text, surface = wording.analyse(*(wording.affirmed(t) for t in texts))
    return (
        frozenset(s for stems in per_text for s in stems),
        surface,
        thesaurus.find_stems(per_text) if thesaurus else frozenset(),
    )


# The code that reads texts: changing it (stop-words, the stemmer, the thesaurus's phrase
# finder) makes every stored reading stale, without anyone having to remember to say so.
READER = hashlib.blake2b(
    b"".join(Path(module.__file__).read_bytes() for module in (wording, thesaurus_module))
    + metadata.version("snowballstemmer").encode(),
    digest_size=8,
).hexdigest()


# A record's stored reading, fetched with it: its digest and the reading as JSON text
# (decoded only when this process has not decoded that digest before).
READING = ("match_text__digest", Cast("match_text__reading", output_field=TextField()))
READ_CACHE_SIZE = 100_000
_read_cache = {}  # {digest: (stems, {stem: word}, thesaurus phrases)}


def _digest(thesaurus, texts):
    """What a stored reading of these texts is valid for: the texts, the thesaurus
    version and the reading code."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{READER}|{thesaurus.version if thesaurus else '-'}".encode())
    for text in texts:
        digest.update(b"\x1f" + (text or "").encode())
    return digest.hexdigest()


def _stored(analysis):
    terms, surface, concepts = analysis
    return {
        "terms": sorted([term, surface[term]] for term in terms),
        "concepts": sorted([key, index] for key, index in concepts),
    }


def _from_stored(reading):
    pairs = reading["terms"]
    return (
        frozenset(term for term, _ in pairs),
        dict(pairs),
        frozenset((key, index) for key, index in reading["concepts"]),
    )


def _readings(field, rows, thesaurus):
    """{pk: (stems, {stem: word}, thesaurus phrases)} for rows of (pk, texts, stored
    digest, stored reading): the stored reading when it still fits the texts, else the
    texts read again, and stored once the transaction commits (a cache: storing it
    never waits on, or holds, the locks of the match)."""
    found, stale = {}, []
    if len(_read_cache) > READ_CACHE_SIZE:
        _read_cache.clear()
    for pk, texts, digest, reading in rows:
        current = _digest(thesaurus, texts)
        if digest == current and reading:
            analysis = _read_cache.get(current)
            if analysis is None:
                analysis = _read_cache[current] = _from_stored(json.loads(reading))
        else:
            analysis = _read_cache[current] = _analyse(thesaurus, *texts)
            stale.append(
                TextAnalysis(**{field + "_id": pk}, digest=current, reading=_stored(analysis))
            )
        found[pk] = analysis
    if stale:
        transaction.on_commit(partial(_readings_store, field, stale), robust=True)
    return found


def _readings_store(field, rows):
    """Insert or replace stored readings, in one statement, in id order (so two at once
    cannot deadlock)."""
    rows = sorted(rows, key=lambda row: getattr(row, field + "_id"))
    TextAnalysis.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=[field], update_fields=["digest", "reading"]
    )


def _documents():
    """Every record's texts, as matching reads them: organisations, published assets and
    opportunities (title, summary, description and keyword or capability names)."""
    names = dict(Keyword.objects.values_list("pk", "name"))
    for model, field, fields in [
        (Organisation, Organisation.capabilities, ("name", "description")),
        (Asset, Asset.capabilities, ("name", "summary", "description")),
        (Opportunity, Opportunity.keywords, ("title", "summary", "description")),
    ]:
        through = field.through
        owner = field.field.m2m_field_name() + "_id"
        tags = defaultdict(list)
        for owner_id, keyword_id in through.objects.values_list(owner, "keyword_id"):
            tags[owner_id].append(names.get(keyword_id, ""))
        for pk, *texts in model.objects.values_list("pk", *fields).iterator(chunk_size=2000):
            yield [word for text in (*texts, *tags[pk]) for word in wording.words(text)]


def term_weights_refresh():
    """Recompute every word's rarity weight over the portal's own records (BM25 idf).

    Idempotent: the same records give the same weights; rows are replaced in one
    transaction. Returns how many terms were weighed."""
    weights = wording.term_weights(_documents())
    _term_weight_cache.clear()
    with transaction.atomic():
        corpus_refresh()
        TermWeight.objects.all().delete()
        TermWeight.objects.bulk_create(
            (TermWeight(term=t[:100], weight=w) for t, w in weights.items()), batch_size=5000
        )
        # This process keeps what it just computed (under the new rows' version).
        version = TermWeight.objects.aggregate(version=Max("pk"))["version"]
        _term_weight_cache["current"] = (version, {t[:100]: w for t, w in weights.items()})
    return len(weights)


def text_analyses_refresh():
    """Read again and store the texts of every organisation, asset and opportunity whose
    stored reading no longer fits (or that has none), so matches find them read.

    Idempotent: a second run finds every reading fitting and stores nothing. Returns how
    many readings were stored."""
    thesaurus = current_thesaurus()
    read = _analyse.__wrapped__  # thousands of texts read once: not worth caching
    names = dict(Keyword.objects.values_list("pk", "name"))
    stored = 0
    for field, model, tagged, fields in [
        ("organisation", Organisation, Organisation.capabilities, ("name", "description")),
        ("asset", Asset, Asset.capabilities, ("name", "summary", "description")),
        ("opportunity", Opportunity, Opportunity.keywords, ("title", "summary", "description")),
    ]:
        through = tagged.through
        owner = tagged.field.m2m_field_name() + "_id"
        tags = defaultdict(list)
        for owner_id, keyword_id in through.objects.values_list(owner, "keyword_id"):
            tags[owner_id].append(names.get(keyword_id, ""))
        stale = []
        rows = model.objects.values_list("pk", *fields, *READING).iterator(chunk_size=2000)
        for pk, *values in rows:
            texts = (*values[: len(fields)], *sorted(tags[pk]))
            digest = _digest(thesaurus, texts)
            if values[len(fields)] != digest:
                reading = _stored(read(thesaurus, *texts))
                stale.append(TextAnalysis(**{field + "_id": pk}, digest=digest, reading=reading))
            if len(stale) >= 1000:
                _readings_store(field, stale)
                stored, stale = stored + len(stale), []
        if stale:
            _readings_store(field, stale)
            stored += len(stale)
    return stored


def _keyword_tables():
    """(keyword table, owner field) for the organisations', assets' and opportunities'
    keywords."""
    return [
        (Organisation.capabilities.through, "organisation_id"),
        (Asset.capabilities.through, "asset_id"),
        (Opportunity.keywords.through, "opportunity_id"),
    ]


def corpus_refresh():
    """Count the portal's records and how many of them carry each keyword (``Corpus``),
    with one grouped query per keyword table. Idempotent: the same records give the same
    counts; the row is replaced in one transaction."""
    frequency = defaultdict(int)
    for through, owner in _keyword_tables():
        rows = through.objects.values("keyword_id").annotate(n=Count(owner))
        for keyword_id, n in rows.values_list("keyword_id", "n"):
            frequency[keyword_id] += n
    records = sum(model.objects.count() for model in (Organisation, Asset, Opportunity))
    with transaction.atomic():
        Corpus.objects.all().delete()
        corpus = Corpus.objects.create(
            records=records, keyword_frequencies={str(k): n for k, n in frequency.items()}
        )
    _corpus_cache["current"] = ((corpus.pk, corpus.counted_at), dict(frequency))
    return corpus


_corpus_cache = {}


def _keyword_frequencies(keyword_ids, version):
    """{keyword id: how many records carry it} for these keywords, as last counted
    (``version``: the Corpus row's id and time, as ``State`` has them; the counts are
    kept in the process until it changes). A keyword on no record, or added since the
    count, has 0."""
    cached = _corpus_cache.get("current")
    if cached is None or cached[0] != version:
        latest = Corpus.objects.order_by("-pk").values_list(
            "pk", "counted_at", "keyword_frequencies"
        )
        pk, counted_at, frequencies = latest.first() or (None, None, {})
        cached = ((pk, counted_at), {int(k): n for k, n in frequencies.items()})
        _corpus_cache["current"] = cached
    frequencies = cached[1]
    return {k: frequencies.get(k, 0) for k in keyword_ids}


class _AnyOf(Lookup):
    """``field = ANY(ids)``, the ids sent as one array parameter (PostgreSQL)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [value]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs}::bigint[])", [*lhs_params, *rhs_params]


def _in(field, ids):
    """A filter for ``field`` being one of these integer ids. On PostgreSQL the ids
    travel as one array parameter, written as its text ("{1,2,3}"), and are compared
    with ``= ANY``, which the planner answers from the field's index: a few hundred ids
    as a few hundred parameters, or as a list the driver adapts one by one, cost more to
    build and send than the query takes to run, and ``IN (SELECT UNNEST(...))`` made it
    read whole link tables."""
    ids = [int(pk) for pk in ids]
    if connection.vendor == "postgresql":
        return _AnyOf(F(field), "{" + ",".join(map(str, ids)) + "}")
    return Q(**{f"{field}__in": ids})


@dataclasses.dataclass(frozen=True)
class State:
    """What one match needs to know about the whole portal: how many records there are,
    and the versions that the process's caches of the thesaurus, the term weights and
    the published assets are kept by."""

    records: int
    corpus: tuple | None  # (id, counted_at) of the latest count
    thesaurus: tuple
    assets: tuple
    term_weights: int | None


def _state():
    """The portal's State, in one query; the records are counted first if they never
    were (a new portal), as the nightly task will count them again."""
    state = _read_state()
    if state.corpus is None:
        corpus_refresh()
        state = _read_state()
    return state


def _read_state():
    # Table and column names from the models, never from input.
    table = {
        model: connection.ops.quote_name(model._meta.db_table)
        for model in (Asset, Corpus, ThesaurusSet, TermWeight)
    }
    capabilities = connection.ops.quote_name(Asset.capabilities.through._meta.db_table)
    published = "status = %s"
    # One row of aggregates joined, rather than a subquery per value: fewer plans to make.
    sql = f"""SELECT corpus.records, corpus.id, corpus.counted_at, sets.n, sets.changed,
            assets.n, assets.changed, tagged.n, weights.latest
        FROM (SELECT COUNT(*) AS n, MAX(updated_at) AS changed FROM {table[ThesaurusSet]}) sets
        CROSS JOIN (SELECT COUNT(*) AS n, MAX(updated_at) AS changed FROM {table[Asset]}
            WHERE {published}) assets
        CROSS JOIN (SELECT COUNT(*) AS n FROM {capabilities} WHERE asset_id IN
            (SELECT id FROM {table[Asset]} WHERE {published})) tagged
        CROSS JOIN (SELECT MAX(id) AS latest FROM {table[TermWeight]}) weights
        LEFT JOIN (SELECT id, records, counted_at FROM {table[Corpus]} ORDER BY id DESC
            LIMIT 1) corpus ON TRUE"""  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [Asset.Status.PUBLISHED] * 2)
        records, corpus, counted_at, sets, changed, assets, latest, tagged, weights = (
            cursor.fetchone()
        )
    return State(
        records or 0,
        None if corpus is None else (corpus, _timestamp(counted_at)),
        (sets, _timestamp(changed)),
        (assets, latest, tagged),
        weights,
    )


def _timestamp(value):
    """A timestamp read by raw SQL as the ORM reads it (SQLite returns text)."""
    if isinstance(value, str):
        value = parse_datetime(value)
        if timezone.is_naive(value):
            value = timezone.make_aware(value, UTC)
    return value


_term_weight_cache = {}


def _all_term_weights(version):
    """{stem: weight} for every word, kept in the process until the weights are
    recomputed (``version``: the highest TermWeight id, new on every refresh)."""
    # (version, weights) replaced as one, so threads never pair one with the other's.
    cached = _term_weight_cache.get("current")
    if cached is None or cached[0] != version:
        cached = (version, dict(TermWeight.objects.values_list("term", "weight")))
        _term_weight_cache["current"] = cached
    return cached[1]


def _counted_terms():
    """{stem: weight} as last read by ``_all_term_weights`` in this process (no query)."""
    return _term_weight_cache.get("current", (None, {}))[1]


def term_weights(terms, total=None, *, first=True, state=None):
    """{stem: weight} for these stems; a word the portal has never seen counts as rare
    (``total`` records, counted if not given). The first look-up of a match computes
    the weights if they never were."""
    if not terms:
        return {}
    state = state or _state()
    if state.term_weights is None and first:
        term_weights_refresh()
        state = _state()
    found = _all_term_weights(state.term_weights)
    rare = wording.idf(0, state.records if total is None else total)
    return {t: found.get(t, rare) for t in terms}


def feedback_adjustments():
    """{feature: adjustment} from what people said about matches: each "useful" adds,
    each "not relevant" takes away, per keyword pair, thesaurus pair or word; capped so
    one person's clicks cannot bury an organisation (``engine.FEEDBACK_CAP`` caps the
    sum again on each score)."""
    totals = defaultdict(float)
    rows = MatchFeedback.objects.filter(match__isnull=False).values_list(
        "verdict", "match__features"
    )
    for verdict, features in rows:
        step = USEFUL_STEP if verdict == MatchFeedback.Verdict.USEFUL else NOT_RELEVANT_STEP
        for name in features or ():
            totals[name] += step
    return {
        name: max(-engine.FEEDBACK_CAP, min(FEEDBACK_FEATURE_CAP, total))
        for name, total in totals.items()
    }


# --- Candidates --------------------------------------------------------------------


def related_keywords(keyword_ids, names=None):
    """{keyword id: name} for the keywords that meet the given ones word by word or by
    stem ("toxicology" for "toxicology studies"), the given ones included (``names``:
    theirs, if known)."""
    keyword_ids = set(keyword_ids)
    if names is None or not keyword_ids <= set(names):
        names = _keyword_names(keyword_ids)
    found = {pk: names[pk] for pk in keyword_ids if pk in names}
    keys = [set(wording.phrase_key(name)) for name in found.values()]
    keys = [key for key in keys if key]
    if not keys:
        return found
    # One look-up by the longest stem of each keyword, then compared by stems.
    condition = Q()
    for part in sorted({max(key, key=len)[:6] for key in keys}):
        condition |= Q(name__icontains=part)
    for pk, other in Keyword.objects.filter(condition).values_list("pk", "name")[:1000]:
        other_key = set(wording.phrase_key(other))
        if other_key and any(other_key <= key or key <= other_key for key in keys):
            found[pk] = other
    return found


def vocabulary(
    keyword_ids,
    terms=(),
    thesaurus=None,
    keyword_names=None,
    more_terms=(),
    *,
    focal_area_names=None,
    state=None,
):
    """Names, stems and rarity weights for the keywords and words that candidates carry
    (``keyword_names``: the keywords' names, if known; ``more_terms``: other stems to
    weigh; ``focal_area_names``: the source's focal areas, the only ones a reason can
    name, if known)."""
    keyword_ids = set(keyword_ids)
    state = state or _state()
    frequency = _keyword_frequencies(keyword_ids, state.corpus)
    total = state.records
    common = max(COMMON_MIN, total * COMMON_SHARE)
    search = {k for k in keyword_ids if frequency[k] <= common}
    if not search:  # only common keywords: search with the two rarest
        search = set(sorted(keyword_ids, key=lambda k: frequency[k])[:2])
    if keyword_names is None or not keyword_ids <= set(keyword_names):
        keyword_names = _keyword_names(keyword_ids)
    keyword_names = {pk: keyword_names[pk] for pk in keyword_ids if pk in keyword_names}
    text_floor = max(engine.TERM_FLOOR, wording.idf(common, total))
    keyword_stems = {pk: wording.phrase_key(name) for pk, name in keyword_names.items()}
    all_terms = set(terms).union(more_terms, *keyword_stems.values())
    return engine.Vocabulary(
        focal_area_names=(
            dict(FocalArea.objects.values_list("pk", "name"))
            if focal_area_names is None
            else focal_area_names
        ),
        keyword_names=keyword_names,
        keyword_weights={k: engine.rarity(frequency[k], total) for k in keyword_ids},
        term_weights=term_weights(all_terms, total, state=state),
        # The words some record has (as of the last count): only those can find one.
        counted_terms=_counted_terms(),
        search_keywords=frozenset(search),
        keyword_stems=keyword_stems,
        thesaurus=thesaurus,
        adjustments=feedback_adjustments(),
        text_floor=text_floor,
        records=total,
    )


def _query_words(source, weights, floor, counted=None):
    """The source's rarest real words to look texts up by: words some record has
    (``counted``, when known: a word no record has finds nothing) weighing at least
    ``floor`` (words on too many records find too many candidates to be worth it, as
    with keywords)."""
    words = sorted(
        (w for w in source.terms if weights.get(w, 0) >= floor and (not counted or w in counted)),
        key=lambda w: (-weights.get(w, 0), w),
    )[:TEXT_QUERY_WORDS]
    phrases = [source.words[w] for w in words if w in source.words]
    return phrases


def _text_query(source, vocab):
    """What to look texts up by: the source's rarest words and the thesaurus relatives of
    its phrases. On PostgreSQL a tsquery ("mosquito | (3d <-> printing)"), elsewhere a
    list of words and phrases; None if there are none."""
    words = _query_words(source, vocab.term_weights, vocab.text_floor, vocab.counted_terms)
    phrases = []
    if vocab.thesaurus:
        # Its own phrases first ("air cleaning" finds "air cleaning" as well as "air
        # purifiers"), then their relatives.
        own = sorted(map(vocab.thesaurus.phrase, source.concepts))
        phrases = [*dict.fromkeys([*own, *vocab.thesaurus.expansion(source.concepts)])]
    phrases = phrases[:TEXT_QUERY_PHRASES]
    if connection.vendor != "postgresql":
        return [*words, *phrases] or None
    parts = [re.sub(r"[^a-z0-9]", "", w) for w in words]
    for phrase in phrases:
        tokens = [re.sub(r"[^a-z0-9]", "", t) for t in wording.words(phrase)]
        tokens = [t for t in tokens if t]
        if tokens:
            parts.append("(" + " <-> ".join(tokens) + ")")
    return " | ".join(p for p in parts if p) or None


def _found_ids(shape, keyword_parts, texts, source, vocab, **values):
    """The ids of the records that share the source's rarest keywords or that its texts
    find, in one query.

    ``keyword_parts``: (a function of ``values`` giving keyword-table rows, the owner
    field) pairs; for each, the ``MAX_CANDIDATES`` owners whose shared keywords are
    rarest (their rarity summed). ``texts``: a function of ``values`` giving the
    records whose texts are searched (None: none are), of which the ``TEXT_CANDIDATES``
    best come back: on PostgreSQL by ``ts_rank`` on the stored, stemmed
    ``search_vector`` (GIN index); elsewhere any of the words in any field that vector
    is made of (case-insensitive), by id. ``shape`` and ``values`` as for ``_select``."""
    keywords = sorted(vocab.search_keywords) if keyword_parts else []
    query = _text_query(source, vocab) if texts is not None and source is not None else None
    if not keywords and query is None:
        return set()

    by_keywords, by_text = bool(keywords), query is not None

    def build(keywords, query, **values):
        parts = [
            rows(**values)
            .filter(_in("keyword_id", keywords))
            .annotate(part=Value(n), tag=F("keyword_id"))
            .values_list("part", owner, "tag")
            for n, (rows, owner) in enumerate(keyword_parts if by_keywords else ())
        ]
        if by_text:
            found = texts(**values)
            if connection.vendor == "postgresql":
                query = SearchQuery(query, search_type="raw", config=search.CONFIG)
                found = (
                    found.filter(search_vector=query)
                    .annotate(rank=SearchRank(F("search_vector"), query))
                    .order_by("-rank", "pk")
                )
            else:
                found = found.filter(search.portable_any(found.model, query)).order_by("pk")
            parts.append(
                found.annotate(part=Value(-1), tag=Value(0)).values_list("part", "pk", "tag")[
                    :TEXT_CANDIDATES
                ]
            )
        if len(parts) == 1:
            return parts[0]
        if not connection.features.supports_slicing_ordering_in_compound:
            return [row for part in parts for row in part]  # (not compiled: not PostgreSQL)
        return parts[0].union(*parts[1:], all=True)

    shares = defaultdict(lambda: defaultdict(float))
    ids = set()
    rows = _select((shape, by_keywords, by_text), build, keywords=keywords, query=query, **values)
    for part, pk, keyword_id in rows:
        if part < 0:
            ids.add(pk)
        else:
            shares[part][pk] += vocab.keyword_weights[keyword_id]
    for weights in shares.values():
        ids.update(sorted(weights, key=lambda pk: (-weights[pk], pk))[:MAX_CANDIDATES])
    return ids


_compiled = {}  # {shape: (SQL, its parameters, with a _Slot where a value goes)}


@dataclasses.dataclass(frozen=True)
class _Slot:
    name: str


def _marker(n, value):
    """A stand-in for a value while its query is compiled, that no real value equals."""
    if isinstance(value, str):
        return f"\x1fvalue {n}\x1f"
    if isinstance(value, int):
        return -1_000_000_000 - n
    return [-1_000_000_000 - n]  # ids, for _in


def _parameter(value):
    """A value as its query's parameter: ids (for _in) as one array's text."""
    if isinstance(value, list | tuple | set | frozenset):
        return "{" + ",".join(str(int(pk)) for pk in value) + "}"
    return value


def _select(shape, build, **values):
    """The rows (tuples) of the values_list queryset ``build(**values)``; ids among the
    values are filtered by with ``_in``, and each value is an id list, an int or a str.

    On PostgreSQL the queryset is built and compiled once per process for each
    ``shape`` (what, besides the values, decides its SQL: the caller's name for it and
    any choice it makes) and that SQL is run again with each call's values: building,
    compiling and iterating ORM queries of a few hundred rows cost several times what
    PostgreSQL took to answer them, for the queries every match runs. Elsewhere, the
    queryset itself."""
    if connection.vendor != "postgresql":
        return list(build(**values))
    compiled = _compiled.get(shape)
    if compiled is None:
        markers = {
            name: None if value is None else _marker(n, value)
            for n, (name, value) in enumerate(values.items())
        }
        sql, params = build(**markers).query.sql_with_params()
        slots = {_parameter(marker): _Slot(name) for name, marker in markers.items()}
        params = [slots.get(p, p) if isinstance(p, str | int) else p for p in params]
        compiled = _compiled[shape] = (sql, params)
    sql, params = compiled
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [_parameter(values[p.name]) if isinstance(p, _Slot) else p for p in params]
        )
        return cursor.fetchall()


def _tags(ids, names, *parts, focal_area_names=None):
    """The keywords and focal areas of the records ``ids``, from (kind, rows of a keyword
    or focal-area table, owner field) parts, in one query: {kind: {owner id: {keyword or
    focal area id}}}, noting keyword names in ``names`` (and focal area names in
    ``focal_area_names``, if given). Focal areas are the kind "focal"."""

    def tag_rows(ids):
        querysets = []
        for kind, rows, owner in parts:
            if kind == "focal":
                tag_id = F("focalarea_id")
                if focal_area_names is None:
                    name = Value("", output_field=CharField())
                else:
                    name = F("focalarea__name")
            else:
                tag_id, name = F("keyword_id"), F("keyword__name")
            querysets.append(
                rows.filter(_in(owner, ids))
                .annotate(
                    tag_kind=Value(kind, output_field=CharField()), tag_id=tag_id, tag_name=name
                )
                .values_list("tag_kind", owner, "tag_id", "tag_name")
            )
        return querysets[0].union(*querysets[1:], all=True)

    # A kind's rows always come from the same table and filter, so the parts' kinds,
    # tables and owner fields decide the SQL.
    shape = ("tags", *((kind, rows.model, owner) for kind, rows, owner in parts))
    found = defaultdict(lambda: defaultdict(set))
    for kind, owner_id, tag_id, name in _select(
        (*shape, focal_area_names is None), tag_rows, ids=ids
    ):
        found[kind][owner_id].add(tag_id)
        if kind != "focal":
            names[tag_id] = name
        elif focal_area_names is not None:
            focal_area_names[tag_id] = name
    return found


def _open_requests():
    return Opportunity.keywords.through.objects.filter(
        opportunity__status=Opportunity.Status.PUBLISHED, opportunity__kind__in=NEED_KINDS
    )


def _candidate(key, name, analysis, **fields):
    terms, words, concepts = analysis
    return engine.Candidate(
        key=key, name=name, terms=terms, words=words, concepts=concepts, **fields
    )


def opportunity_candidate(opportunity, thesaurus=None):
    keywords, focal_areas = {}, {}
    _tags(
        [opportunity.pk],
        keywords,
        ("keywords", Opportunity.keywords.through.objects.all(), "opportunity_id"),
        ("focal", Opportunity.focal_areas.through.objects.all(), "opportunity_id"),
        focal_area_names=focal_areas,
    )
    offers, seeks = sides(opportunity.kind, keywords)
    texts = (
        opportunity.title,
        opportunity.summary,
        opportunity.description,
        *sorted(keywords.values()),
    )
    return _candidate(
        ("opportunity", opportunity.pk),
        opportunity.title,
        _analyse(thesaurus, *texts),
        focal_areas=frozenset(focal_areas),
        focal_area_names=focal_areas,
        offers=offers,
        seeks=seeks,
        # An anonymous poster's town could name it: never use it in a reason.
        town="" if opportunity.is_anonymous else opportunity.organisation.town,
        published_at=opportunity.published_at,
        is_request=opportunity.kind in NEED_KINDS,
        keyword_names=keywords,
    )


def _keyword_names(ids):
    return dict(Keyword.objects.filter(pk__in=list(ids)).values_list("pk", "name"))


def organisation_candidates(vocab, exclude_ids=(), ids=None, with_needs=True, source=None):
    """Organisations whose capabilities, open requests, name or description relate to
    the source: the rarest shared keywords, and full-text on their stored vectors."""
    if ids is None:
        ids = _found_ids(
            ("organisations", with_needs),
            [
                (Organisation.capabilities.through.objects.all, "organisation_id"),
                *([(_open_requests, "opportunity__organisation_id")] if with_needs else []),
            ],
            Organisation.objects.all,
            source,
            vocab,
        )
    ids = set(ids) - set(exclude_ids)
    names = {}
    tags = _tags(
        ids,
        names,
        ("offers", Organisation.capabilities.through.objects.all(), "organisation_id"),
        ("focal", Organisation.focal_areas.through.objects.all(), "organisation_id"),
        *([("seeks", _open_requests(), "opportunity__organisation_id")] if with_needs else []),
    )
    offers, seeks, focal = tags["offers"], tags["seeks"], tags["focal"]
    rows = _select(
        "organisations",
        lambda ids: (
            Organisation.objects.filter(_in("pk", ids))
            .order_by()
            .values_list("pk", "name", "description", "town", *READING)
        ),
        ids=ids,
    )
    readings = _readings(
        "organisation",
        [
            (pk, (name, description, *sorted(names.get(k, "") for k in offers[pk])), *stored)
            for pk, name, description, _, *stored in rows
        ],
        vocab.thesaurus,
    )
    return [
        _candidate(
            ("organisation", pk),
            name,
            readings[pk],
            focal_areas=frozenset(focal[pk]),
            offers=frozenset(offers[pk]),
            seeks=frozenset(seeks[pk]),
            town=town,
            keyword_names={k: names[k] for k in offers[pk]},
        )
        for pk, name, _, town, *_ in rows
    ]


_asset_cache = {}


def asset_candidates(vocab, ids=None, source=None, state=None):
    """Published assets: there are few, so all of them are considered. The whole list is
    kept in memory until an asset or its capabilities change, indexed by keyword, word
    and thesaurus set, so that with a ``source`` only those that may fit it (sharing a
    keyword, a thesaurus set or a word that is not common: ``_may_fit``) come back."""
    if ids is not None:
        return _asset_candidates(vocab, ids)
    version = (id(vocab.thesaurus), *(state or _state()).assets)
    if _asset_cache.get("version") != version:
        candidates = _asset_candidates(vocab, None)
        index = defaultdict(set)
        for position, candidate in enumerate(candidates):
            for name in [
                *(("keyword", k) for k in candidate.offers | candidate.seeks),
                *(("term", t) for t in candidate.terms),
                *(("set", key) for key, _ in candidate.concepts),
            ]:
                index[name].add(position)
        _asset_cache.update(version=version, candidates=candidates, index=index)
    candidates = _asset_cache["candidates"]
    if source is None:
        return candidates
    index = _asset_cache["index"]
    floor = max(engine.TERM_FLOOR, vocab.text_floor)
    positions = set().union(
        *(index.get(("keyword", k), ()) for k in source.offers | source.seeks),
        *(index.get(("term", t), ()) for t in source.terms if vocab.term_weight(t) >= floor),
        *(index.get(("set", key), ()) for key, _ in source.concepts),
    )
    return [candidates[i] for i in sorted(positions)]


def _asset_candidates(vocab, ids):
    queryset = Asset.objects.filter(status=Asset.Status.PUBLISHED)
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    rows = list(
        queryset.values_list(
            "pk", "name", "summary", "description", "town", "host_id", "host__name", *READING
        )
    )
    ids = [row[0] for row in rows]
    names = {}
    tags = _tags(
        ids,
        names,
        ("offers", Asset.capabilities.through.objects.all(), "asset_id"),
        ("focal", Asset.focal_areas.through.objects.all(), "asset_id"),
    )
    offers, focal = tags["offers"], tags["focal"]
    readings = _readings(
        "asset",
        [
            (
                pk,
                (name, summary, description, *sorted(names.get(k, "") for k in offers[pk])),
                *stored,
            )
            for pk, name, summary, description, _, _, _, *stored in rows
        ],
        vocab.thesaurus,
    )
    return [
        _candidate(
            ("asset", pk),
            name,
            readings[pk],
            focal_areas=frozenset(focal[pk]),
            offers=frozenset(offers[pk]),
            town=town,
            keyword_names={k: names[k] for k in offers[pk]},
            host=host,
            host_name=host_name,
        )
        for pk, name, _, _, town, host, host_name, *_ in rows
    ]


def opportunity_candidates(vocab, kinds, exclude_organisation_id=None, source=None, ids=None):
    """Published opportunities of the given kinds sharing the rarest keywords or related
    by text (full-text on their stored vectors)."""
    if ids is None:
        kinds = sorted(kinds)
        everyone = exclude_organisation_id is None

        def keyword_rows(exclude=None):
            rows = Opportunity.keywords.through.objects.filter(
                opportunity__status=Opportunity.Status.PUBLISHED, opportunity__kind__in=kinds
            )
            return rows if everyone else rows.exclude(opportunity__organisation_id=exclude)

        def published(exclude=None):
            rows = Opportunity.objects.filter(status=Opportunity.Status.PUBLISHED, kind__in=kinds)
            return rows if everyone else rows.exclude(organisation_id=exclude)

        ids = _found_ids(
            ("opportunities", *kinds, everyone),
            [(keyword_rows, "opportunity_id")],
            published,
            source,
            vocab,
            exclude=exclude_organisation_id,
        )
    names = {}
    tags = _tags(
        ids,
        names,
        ("keywords", Opportunity.keywords.through.objects.all(), "opportunity_id"),
        ("focal", Opportunity.focal_areas.through.objects.all(), "opportunity_id"),
    )
    keywords, focal = tags["keywords"], tags["focal"]
    rows = _select(
        "opportunities",
        lambda ids: (
            Opportunity.objects.filter(_in("pk", ids))
            .order_by()
            .values_list(
                "pk",
                "title",
                "summary",
                "description",
                "kind",
                "published_at",
                "organisation__town",
                "is_anonymous",
                *READING,
            )
        ),
        ids=ids,
    )
    readings = _readings(
        "opportunity",
        [
            (
                pk,
                (title, summary, description, *sorted(names.get(k, "") for k in keywords[pk])),
                digest,
                reading,
            )
            for pk, title, summary, description, *_, digest, reading in rows
        ],
        vocab.thesaurus,
    )
    candidates = []
    for pk, title, _, _, kind, published_at, town, anonymous, *_ in rows:
        offers, seeks = sides(kind, keywords[pk])
        candidates.append(
            _candidate(
                ("opportunity", pk),
                title,
                readings[pk],
                focal_areas=frozenset(focal[pk]),
                offers=offers,
                seeks=seeks,
                town="" if anonymous else town,
                published_at=published_at,
                is_request=kind in NEED_KINDS,
                keyword_names={k: names[k] for k in keywords[pk]},
            )
        )
    return candidates


def _with_vocabulary(source, candidates_of, thesaurus=None, state=None):
    """Build the vocabulary for a source and its candidates: keyword names and stems for
    every keyword the candidates carry, and term weights for every word a score can
    use: the source's words and thesaurus phrases (shared words are always the
    source's), the thesaurus phrases related to them, the words of keywords related to
    the source's, and the words of the candidates' keywords that contain one of the
    source's (the only ones whose weight a keyword pair reads)."""
    state = state or _state()
    thesaurus = thesaurus or current_thesaurus(state.thesaurus)
    keyword_names = related_keywords(source.offers | source.seeks, source.keyword_names)
    phrases = [*thesaurus.expansion(source.concepts), *map(thesaurus.phrase, source.concepts)]
    vocab = vocabulary(
        keyword_names,
        source.terms,
        thesaurus,
        keyword_names=keyword_names,
        more_terms=set().union(*map(wording.phrase_key, phrases)),
        focal_area_names=source.focal_area_names,
        state=state,
    )
    candidates = candidates_of(vocab)
    carried, names = set(), {}
    for group in candidates.values():
        for c in group:
            carried |= c.offers | c.seeks
            names.update(c.keyword_names)
    missing = carried - set(vocab.keyword_names) - set(names)
    names.update(_keyword_names(missing) if missing else {})
    names = {k: v for k, v in names.items() if k not in vocab.keyword_names}
    stems = {pk: wording.phrase_key(name) for pk, name in names.items()}
    own = [vocab.stem_set(k) for k in source.offers | source.seeks]
    own = [key for key in own if key]
    needed = set()
    for key in stems.values():
        key = frozenset(key)
        if any(mine <= key for mine in own):
            needed |= key
    needed -= set(vocab.term_weights)
    full = dataclasses.replace(
        vocab,
        keyword_names={**vocab.keyword_names, **names},
        keyword_stems={**vocab.keyword_stems, **stems},
        term_weights={
            **term_weights(needed, vocab.records, first=False, state=state),
            **vocab.term_weights,
        },
    )
    return full, candidates


def _may_fit(source, candidates, vocab):
    """A cheap test before scoring: candidates with no keyword, no thesaurus set and no
    word that is not common (see ``text_floor``) in common with the source are left out."""
    floor = max(engine.TERM_FLOOR, vocab.text_floor)
    words = frozenset(t for t in source.terms if vocab.term_weight(t) >= floor)
    keywords = source.offers | source.seeks
    sets = {key for key, _ in source.concepts}
    return [
        c
        for c in candidates
        if not words.isdisjoint(c.terms)
        or not keywords.isdisjoint(c.offers)
        or not keywords.isdisjoint(c.seeks)
        or any(key in sets for key, _ in c.concepts)
    ]


def keyword_suggestions(text, limit=8):
    """Keywords already in the directory and thesaurus phrases that complete the last
    comma-separated part of ``text`` ("coatings, addit" -> "additive manufacturing"),
    those starting with it first."""
    part = text.rsplit(",", 1)[-1].strip().lower()
    if len(part) < 2:
        return []
    found = list(
        Keyword.objects.filter(name__icontains=part)
        .annotate(starts=Case(When(name__istartswith=part, then=0), default=1))
        .order_by("starts", "name")
        .values_list("name", flat=True)[:limit]
    )
    phrases = {p for s in current_thesaurus().sets.values() for p in s.phrases if part in p}
    taken = {f.lower() for f in found}
    for phrase in sorted(phrases, key=lambda p: (not p.startswith(part), p)):
        if len(found) >= limit:
            break
        if phrase not in taken:
            found.append(engine.display(phrase))
    return found


def opportunity_suggestions(opportunity):
    """Ranked suggestions for an opportunity, by target type: {type: [Scored, ...]}.

    Every open opportunity gets suggestions if anything fits, keywords or not."""
    state = _state()
    thesaurus = current_thesaurus(state.thesaurus)
    source = opportunity_candidate(opportunity, thesaurus)
    complement = OFFER_KINDS if opportunity.kind in NEED_KINDS else NEED_KINDS

    def candidates_of(vocab):
        return {
            # What other organisations seek matters only to an offer looking for takers.
            "organisation": organisation_candidates(
                vocab,
                exclude_ids=[opportunity.organisation_id],
                with_needs=opportunity.kind not in NEED_KINDS,
                source=source,
            ),
            # An offer is suggested facilities too: a pilot plant to trial it, a venue
            # or a facility's experts for an event.
            "asset": asset_candidates(vocab, source=source, state=state),
            "opportunity": opportunity_candidates(
                vocab, complement, opportunity.organisation_id, source=source
            ),
        }

    vocab, candidates = _with_vocabulary(source, candidates_of, thesaurus, state)
    candidates = {kind: _may_fit(source, group, vocab) for kind, group in candidates.items()}
    now = timezone.now()
    ranked = {
        kind: engine.rank(
            source, group, vocab, limit=LIMITS[kind], now=now if kind == "opportunity" else None
        )
        for kind, group in candidates.items()
    }
    # The organisations that run the fitting facilities fit too (not the poster's own).
    hosts = {
        s.candidate.host: engine.Candidate(
            key=("organisation", s.candidate.host), name=s.candidate.host_name
        )
        for s in ranked["asset"]
        if s.candidate.host not in (None, opportunity.organisation_id)
    }
    ranked["organisation"] = engine.with_hosts(
        ranked["organisation"], ranked["asset"], hosts, limit=LIMITS["organisation"]
    )
    return ranked


@transaction.atomic
def opportunity_match(*, opportunity):
    """Recompute and store an opportunity's matches. Returns the Match rows it created.

    Safe to run twice, and at once: the opportunity's row is locked while its matches
    are rewritten; rows are updated in place, new ones created, ones that no longer
    qualify deleted. An opportunity that is not open has no matches.
    """
    still_open = Opportunity.objects.still_open().filter(pk=OuterRef("pk"))
    opportunity = (
        Opportunity.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .annotate(is_open=Exists(still_open))
        .get(pk=opportunity.pk)
    )
    existing = {
        (m.target_type, getattr(m, TARGET_FIELDS[m.target_type])): m
        for m in opportunity.matches.all()
    }
    wanted = {}
    if opportunity.is_open:
        for target_type, results in opportunity_suggestions(opportunity).items():
            for scored in results:
                wanted[(target_type, scored.candidate.key[1])] = scored
    else:
        # Nor is it suggested to other opportunities.
        Match.objects.filter(target_opportunity=opportunity).delete()
    created, changed = [], []
    for key, scored in wanted.items():
        match = existing.get(key)
        fields = {
            "score": scored.score,
            "reasons": list(scored.reasons),
            "target_reasons": list(scored.target_reasons),
            "features": list(scored.features),
        }
        if match is None:
            target_type, target_id = key
            created.append(
                Match(
                    opportunity=opportunity,
                    target_type=target_type,
                    target_key=Match.key_for(target_type, target_id),
                    **fields,
                    **{TARGET_FIELDS[target_type]: target_id},
                )
            )
        elif any(getattr(match, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(match, name, value)
            match.updated_at = timezone.now()
            changed.append(match)
    if changed:
        Match.objects.bulk_update(
            changed, ["score", "reasons", "target_reasons", "features", "updated_at"]
        )
    stale = [m.pk for key, m in existing.items() if key not in wanted]
    if stale:
        Match.objects.filter(pk__in=stale).delete()
    return Match.objects.insert(created)


def _store_pairs(pairs, target_type):
    """Upsert or delete the Match rows for (opportunity id, target id, Scored or None)."""
    field = TARGET_FIELDS[target_type]
    for opportunity_id, target_id, scored in pairs:
        lookup = {"opportunity_id": opportunity_id, field: target_id}
        if scored is None:
            Match.objects.filter(**lookup).delete()
        else:
            Match.objects.update_or_create(
                **lookup,
                defaults={
                    "target_type": target_type,
                    "score": scored.score,
                    "reasons": list(scored.reasons),
                    "target_reasons": list(scored.target_reasons),
                    "features": list(scored.features),
                },
            )


def _fits_as_target(target, target_type, kinds, exclude_organisation_id=None):
    """{opportunity id: Scored} for the open opportunities of ``kinds`` that could fit
    ``target``, each scored with the opportunity as the source."""

    def candidates_of(vocab):
        found = opportunity_candidates(vocab, kinds, exclude_organisation_id, source=target)
        return {"opportunity": [c for c in found if c.key != target.key]}

    vocab, candidates = _with_vocabulary(target, candidates_of)
    # A request is scored against what an organisation offers, not what it also seeks.
    offers_only = dataclasses.replace(target, seeks=frozenset())
    fits = {}
    for candidate in candidates["opportunity"]:
        seen_as = offers_only if candidate.seeks and target_type == "organisation" else target
        fits[candidate.key[1]] = engine.score(candidate, seen_as, vocab)
    return fits


def _places_taken(opportunity_ids, target_type, target_id):
    """{opportunity id: the lowest score still in its top list}, for opportunities whose
    list of this target type is full without ``target_id``."""
    limit = LIMITS[target_type]
    scores = defaultdict(list)
    rows = (
        Match.objects.filter(opportunity_id__in=opportunity_ids, target_type=target_type)
        .exclude(**{TARGET_FIELDS[target_type]: target_id})
        .values_list("opportunity_id", "score")
    )
    for opportunity_id, score in rows:
        scores[opportunity_id].append(score)
    return {
        pk: sorted(values, reverse=True)[limit - 1]
        for pk, values in scores.items()
        if len(values) >= limit
    }


def _rematch_target(target, target_type, kinds, exclude_organisation_id=None, facilities=()):
    """Re-score one organisation, asset or opportunity against the open opportunities it
    could fit (found by keywords and by text), exactly as ``opportunity_match`` would
    score it, within each opportunity's limit. An organisation's ``facilities`` (the
    published assets it runs) lend it their fit, as ``engine.with_hosts`` does."""
    field = TARGET_FIELDS[target_type]
    fits = _fits_as_target(target, target_type, kinds, exclude_organisation_id)
    for facility in facilities:
        found = _fits_as_target(facility, "asset", kinds, exclude_organisation_id)
        for opportunity_id, scored in found.items():
            own = fits.get(opportunity_id)
            if scored.score >= engine.THRESHOLD:
                through = engine.hosted(target, scored)
                if own is None or through.score > own.score:
                    fits[opportunity_id] = through
    # Lock the opportunities in a fixed order, as opportunity_match locks its own row.
    ids = sorted(fits)
    list(Opportunity.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))
    full = _places_taken(ids, target_type, target.key[1])
    pairs = []
    for opportunity_id in ids:
        result = fits[opportunity_id]
        keep = result.score >= engine.THRESHOLD and result.score > full.get(opportunity_id, 0)
        pairs.append((opportunity_id, target.key[1], result if keep else None))
    previously = set(
        Match.objects.filter(**{field: target.key[1]}).values_list("opportunity_id", flat=True)
    )
    pairs += [(pk, target.key[1], None) for pk in previously - set(ids)]
    _store_pairs(pairs, target_type)
    return sum(1 for _, _, result in pairs if result is not None)


@transaction.atomic
def opportunity_rematch_as_target(*, opportunity):
    """Both sides fresh: re-score an opportunity as a *target* of the open opportunities
    it complements, so an offer posted before a request shows the request, and a
    request's page shows an offer posted after it. Returns how many lists it is now in.

    A separate transaction from ``opportunity_match`` (which locks only its own row), so
    the rows locked here, in id order, cannot deadlock with it."""
    if not Opportunity.objects.still_open().filter(pk=opportunity.pk).exists():
        Match.objects.filter(target_opportunity=opportunity).delete()
        return 0
    return _rematch_target(
        opportunity_candidate(opportunity, current_thesaurus()),
        "opportunity",
        OFFER_KINDS if opportunity.kind in NEED_KINDS else NEED_KINDS,
        exclude_organisation_id=opportunity.organisation_id,
    )


@transaction.atomic
def organisation_rematch(*, organisation):
    """Re-score an organisation against the open opportunities it could answer, itself
    and through the facilities it runs.

    Run when its profile or one of its facilities changes. Returns how many matches it
    now has.
    """
    thesaurus = current_thesaurus()
    vocab = engine.Vocabulary(keyword_weights={}, thesaurus=thesaurus)
    candidate = organisation_candidates(vocab, ids=[organisation.pk])[0]
    # Through the facilities it runs, too (the first few by name: a host of hundreds is
    # still seen through all of them by each new opportunity).
    facilities = [a for a in asset_candidates(vocab) if a.host == organisation.pk]
    facilities = sorted(facilities, key=lambda a: (a.name, a.key))[:MAX_HOSTED_FACILITIES]
    return _rematch_target(
        candidate,
        "organisation",
        NEED_KINDS | OFFER_KINDS,
        exclude_organisation_id=organisation.pk,
        facilities=facilities,
    )


@transaction.atomic
def asset_rematch(*, asset):
    """Re-score an asset against the open opportunities it could serve (when it
    changes)."""
    if asset.status != Asset.Status.PUBLISHED:
        Match.objects.filter(target_asset=asset).delete()
        return 0
    vocab = engine.Vocabulary(thesaurus=current_thesaurus())
    candidate = asset_candidates(vocab, ids=[asset.pk])[0]
    return _rematch_target(candidate, "asset", NEED_KINDS | OFFER_KINDS)


def match_feedback_give(*, match, user, verdict):
    """Record what someone thinks of a match; "not relevant" hides it from them."""
    feedback, _ = MatchFeedback.objects.update_or_create(
        user=user,
        opportunity_id=match.opportunity_id,
        target_key=match.target_key,
        defaults={
            "match": match,
            "verdict": verdict,
            "score": match.score,
            "reasons": match.reasons,
        },
    )
    return feedback


def match_alerts_send(*, frequency):
    """Email each member whose preference is ``frequency`` one message listing all their
    matches not yet sent to them. Never sends the same match to a person twice; safe to
    run twice. Returns how many emails were queued."""
    if frequency == MatchAlerts.OFF:
        return 0
    sent = 0
    users = User.objects.filter(match_alerts=frequency, is_active=True).order_by("pk")
    for user_id in users.values_list("pk", flat=True):
        sent += _member_alert(user_id)
    return sent


@transaction.atomic
def _member_alert(user_id):
    # Lock the person so two runs at once cannot both email the same matches.
    user = User.objects.select_for_update().get(pk=user_id)
    alerted = MatchAlert.objects.filter(user=user).values_list("opportunity_id", "target_key")
    alerted = set(alerted)
    new = [
        match
        for match in matches_for_member(user).select_related(
            "opportunity__organisation",
            "target_organisation",
            "target_asset",
            "target_opportunity",
        )
        if (match.opportunity_id, match.target_key) not in alerted
    ]
    if not new:
        return 0
    MatchAlert.objects.bulk_create(
        [
            MatchAlert(user=user, opportunity_id=m.opportunity_id, target_key=m.target_key)
            for m in new
        ],
        ignore_conflicts=True,
    )
    organisation_ids = set(Organisation.objects.of_member(user).values_list("pk", flat=True))
    recommended = [m for m in new if m.target_organisation_id in organisation_ids]
    for_yours = [m for m in new if m.opportunity.organisation_id in organisation_ids]
    email_queue(
        name="match_alert",
        to=[user.email],
        context={
            "user": user,
            "recommended": recommended,
            "for_yours": for_yours,
            "count": len(new),
        },
    )
    return 1
