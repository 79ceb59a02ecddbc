"""Full-text search over assets, opportunities and organisations: one module, one API.

A model is searchable when it declares what its text is made of, most important first, and
has a ``search_vector`` field (a ``SearchVectorField`` with a GIN index on PostgreSQL)::

    search_document = SearchDocument(("name", "A"), ("capabilities", "B"), ("summary", "C"))

A many-to-many field among them (capabilities, keywords) contributes the names of its
related rows. Then, for a queryset of that model:

- ``search_filter(queryset, text)``: the rows matching ``text``;
- ``search_rank(queryset, text)``: annotates ``rank``, higher is better;
- ``search_refresh(model=..., ids=...)``: rewrites stored vectors (after a bulk change);
- ``search_refresh_keyword(keyword_id=...)``: rewrites the vector of every row of every
  searchable model whose keywords include it (``Keyword.save`` calls it on a rename).

What a search looks for (``SearchTerms.parse``): every word, as a stemmed prefix
("insect" finds "insectary", "formulating" finds "formulate"); a "quoted phrase", its words
in that order; and a -word the rows must not contain. Only runs of letters and digits reach
the database, deduplicated, lower-cased and capped at MAX_WORDS, so no input can make a
syntax error and repeated or extra words cost nothing more (``a a a a a a a a`` is one
word). A text with nothing to look for ("-", "?", "++") finds nothing.

PostgreSQL: the stored, weighted ``tsvector`` (English stemming) matched with a raw
``tsquery`` through the GIN index and ranked with ``ts_rank``. The vector is rewritten after
a save or a change of its keywords (portal's ``AppConfig.ready()`` connects the receivers
for every searchable model: saves come from forms, the admin, services, imports and
factories alike); keywords are a many-to-many relation, so a generated column cannot hold
them.

Anywhere else (SQLite, the embedded default): every word must appear, case-insensitively,
in one of the fields (a keyword through a subquery, never a join per word); the rank adds
up, for each word, the weight of the most important field it is in (A 8, B 4, C 2, D 1).

The browse views also report each search here (``search_made``); whoever records searches
(``insights``) registers itself from its ``AppConfig.ready()``, so the dependency points up.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed, post_save

CONFIG = "english"
MAX_WORDS = 8
WEIGHTS = {"A": 8, "B": 4, "C": 2, "D": 1}  # the portable rank's points per field weight
WORD = re.compile(r"[^\W_]+")


class SearchDocument:
    """What a searchable model's text is made of: (field, weight) pairs, weight A to D."""

    def __init__(self, *fields):
        self.fields = fields


def _document(model):
    return model.search_document


def _many_to_many(model, name):
    field = model._meta.get_field(name)
    return field if field.many_to_many else None


def searchable_models():
    """Every installed model that declares a ``search_document``."""
    from django.apps import apps

    return [model for model in apps.get_models() if hasattr(model, "search_document")]


def uses_postgres(queryset_or_alias="default"):
    alias = getattr(queryset_or_alias, "db", queryset_or_alias)
    return connections[alias].vendor == "postgresql"


# --- What a text asks for ---------------------------------------------------------


@dataclass(frozen=True)
class SearchTerms:
    """The words, phrases and excluded words of a search text, capped at MAX_WORDS."""

    words: tuple = ()
    phrases: tuple = ()  # each a tuple of words
    excluded: tuple = ()

    PIECES = re.compile(r'"([^"]*)"?|(?:(?<=\s)|^)-(\S+)|(\S+)')

    @classmethod
    def parse(cls, text):
        words, phrases, excluded, budget = [], [], [], MAX_WORDS
        for phrase, minus, plain in cls.PIECES.findall(text or ""):
            if budget <= 0:
                break
            found = [word.lower() for word in WORD.findall(phrase or minus or plain)]
            if phrase and len(found) > 1:
                found = found[:budget]
                if tuple(found) not in phrases:
                    phrases.append(tuple(found))
                    budget -= len(found)
                continue
            target = excluded if minus else words
            for word in found:
                if budget > 0 and word not in words and word not in excluded:
                    target.append(word)
                    budget -= 1
        return cls(tuple(words), tuple(phrases), tuple(excluded))

    def __bool__(self):
        return bool(self.words or self.phrases or self.excluded)

    def tsquery(self):
        """The raw ``tsquery``: only letters and digits, so never a syntax error."""
        parts = [f"{word}:*" for word in self.words]
        parts += ["(" + " <-> ".join(phrase) + ")" for phrase in self.phrases]
        parts += [f"!{word}" for word in self.excluded]
        return SearchQuery(" & ".join(parts), search_type="raw", config=CONFIG)


def search_words(text):
    """The distinct words of ``text`` a search looks for, lower-cased, at most MAX_WORDS."""
    terms = SearchTerms.parse(text)
    return [*terms.words, *(word for phrase in terms.phrases for word in phrase)]


# --- Searching ----------------------------------------------------------------------


def search_filter(queryset, text):
    """The rows of ``queryset`` matching ``text``; all of them for a blank text, none
    when the text has nothing to look for (no letter or digit)."""
    if not (text or "").strip():
        return queryset
    terms = SearchTerms.parse(text)
    if not terms:
        return queryset.none()
    if uses_postgres(queryset):
        return queryset.filter(search_vector=terms.tsquery())
    return portable_filter(queryset, terms)


def search_rank(queryset, text):
    """``queryset`` annotated with ``rank`` for ``text`` (higher first): ``ts_rank`` of the
    stored vector on PostgreSQL, field weights elsewhere."""
    terms = SearchTerms.parse(text)
    if not terms:
        return queryset.annotate(rank=Value(0, output_field=IntegerField()))
    if uses_postgres(queryset):
        return queryset.annotate(rank=SearchRank(F("search_vector"), terms.tsquery()))
    return portable_rank(queryset, terms)


def search_ranked(queryset, text):
    """``search_filter`` then ``search_rank``: the matches, each with its ``rank``."""
    return search_rank(search_filter(queryset, text), text)


# --- PostgreSQL: the stored vector --------------------------------------------------


def search_vector(model):
    """The weighted vector of one row of ``model``, for an UPDATE."""
    vector = None
    for name, weight in _document(model).fields:
        relation = _many_to_many(model, name)
        if relation is None:
            source = name
        else:
            related_name = relation.related_query_name()
            names = (
                relation.related_model.objects.filter(**{related_name: OuterRef("pk")})
                .order_by()
                .values(related_name)
                .annotate(names=StringAgg("name", delimiter=" "))
                .values("names")
            )
            source = Coalesce(Subquery(names), Value(""), output_field=TextField())
        part = SearchVector(source, weight=weight, config=CONFIG)
        vector = part if vector is None else vector + part
    return vector


def search_refresh(*, model, ids):
    """Rewrite the stored search vector of these rows of ``model`` (PostgreSQL only)."""
    ids = [pk for pk in ids if pk is not None]
    queryset = model._default_manager.filter(pk__in=ids)
    if not ids or not uses_postgres(queryset):
        return 0
    return queryset.update(search_vector=search_vector(model))


def search_refresh_keyword(*, keyword_id):
    """Rewrite the vector of every searchable row whose keywords include this one, so a
    renamed keyword is found under its new name and no longer under the old."""
    refreshed = 0
    for model in searchable_models():
        for name, _weight in _document(model).fields:
            relation = _many_to_many(model, name)
            if relation is None or relation.related_model._meta.label != "portal.Keyword":
                continue
            ids = model._default_manager.filter(**{name: keyword_id}).values_list("pk", flat=True)
            refreshed += search_refresh(model=model, ids=list(ids))
    return refreshed


# --- Anywhere: the portable fallback ------------------------------------------------


def _contains(model, name, word):
    """``word`` in this field of the row (in one of its keywords for a relation)."""
    relation = _many_to_many(model, name)
    if relation is None:
        return Q(**{f"{name}__icontains": word})
    related = relation.related_model.objects.filter(
        **{relation.related_query_name(): OuterRef("pk"), "name__icontains": word}
    )
    return Q(Exists(related))


def _anywhere(model, word):
    condition = Q()
    for name, _weight in _document(model).fields:
        condition |= _contains(model, name, word)
    return condition


def portable_any(model, words):
    """Rows with any of these words or phrases in any field of their document, keywords
    included (the fallback's answer to a tsquery of alternatives); any database."""
    condition = Q()
    for word in words:
        condition |= _anywhere(model, word)
    return condition


def portable_filter(queryset, terms):
    """The fallback's matches (``terms``: a text or ``SearchTerms``); any database."""
    if isinstance(terms, str):
        if not terms.strip():
            return queryset
        terms = SearchTerms.parse(terms)
        if not terms:
            return queryset.none()
    model = queryset.model
    for word in terms.words:
        queryset = queryset.filter(_anywhere(model, word))
    for phrase in terms.phrases:
        queryset = queryset.filter(_anywhere(model, " ".join(phrase)))
    for word in terms.excluded:
        queryset = queryset.exclude(_anywhere(model, word))
    return queryset


def portable_rank(queryset, terms):
    """The fallback's ``rank``: each word scores the weight of the most important field
    it is in (``terms``: a text or ``SearchTerms``); any database."""
    if isinstance(terms, str):
        terms = SearchTerms.parse(terms)
    model = queryset.model
    fields = sorted(_document(model).fields, key=lambda field: field[1])
    score = Value(0)
    for word in [*terms.words, *(" ".join(phrase) for phrase in terms.phrases)]:
        score = score + Case(
            *[
                When(_contains(model, name, word), then=Value(WEIGHTS[weight]))
                for name, weight in fields
            ],
            default=Value(0),
            output_field=IntegerField(),
        )
    return queryset.annotate(rank=score)


# --- Keeping stored vectors current -------------------------------------------------


def connect_receivers():
    """Refresh a searchable row's vector after it is saved or its keywords change.

    Called once from portal's ``AppConfig.ready()``, for every searchable model.
    """
    for model in searchable_models():
        post_save.connect(
            _refresh_after_save, sender=model, dispatch_uid=f"search_saved_{model._meta.label}"
        )
        for name, _weight in _document(model).fields:
            relation = _many_to_many(model, name)
            if relation is not None:
                m2m_changed.connect(
                    _refresh_after_relation_change,
                    sender=relation.remote_field.through,
                    dispatch_uid=f"search_relation_{model._meta.label}_{name}",
                )


def _refresh_after_save(sender, instance, raw=False, **kwargs):
    if not raw:
        search_refresh(model=sender, ids=[instance.pk])


def _refresh_after_relation_change(sender, instance, action, reverse, model, pk_set, **kwargs):
    """``record.keywords.add(...)`` (forward: ``instance`` is the record) or
    ``keyword.assets.add(...)`` (reverse: ``pk_set`` holds the records)."""
    if not reverse:
        if action in {"post_add", "post_remove", "post_clear"}:
            search_refresh(model=type(instance), ids=[instance.pk])
        return
    searchable = model  # the other side of the relation: the searchable model
    marker = f"_search_losing_{searchable._meta.label}"
    if action == "pre_clear":
        # keyword.assets.clear(): remember which records lose the keyword.
        field = _through_field(sender, searchable)
        ids = sender.objects.filter(**{_through_field(sender, type(instance)): instance.pk})
        setattr(instance, marker, list(ids.values_list(field, flat=True)))
    elif action == "post_clear":
        search_refresh(model=searchable, ids=getattr(instance, marker, []))
    elif action in {"post_add", "post_remove"}:
        search_refresh(model=searchable, ids=list(pk_set or []))


def _through_field(through, model):
    """The through table's column pointing at ``model``."""
    for field in through._meta.fields:
        if field.is_relation and field.related_model is model:
            return field.attname
    raise LookupError(f"{through} has no column for {model}")


# --- Reporting searches -------------------------------------------------------------

_recorders = []


def register_search_recorder(recorder):
    """``recorder(area=..., params=..., result_count=...)`` hears of every browse search."""
    if recorder not in _recorders:
        _recorders.append(recorder)


def search_made(*, area, params, result_count):
    """A search on ``area`` ("assets", "opportunities") with these query parameters."""
    for recorder in _recorders:
        recorder(area=area, params=params, result_count=result_count)
