"""Full-text search over assets.

PostgreSQL: a stored, weighted ``tsvector`` (name A, capabilities B, summary C,
description D) with a GIN index, matched with every word as a stemmed prefix and ranked
with ``ts_rank``. Capabilities are a many-to-many relation, so a generated column cannot hold
them; ``asset_refresh_search`` rewrites the vector after an asset or its capabilities
change (see assets.signals).

SQLite: every word must appear (case-insensitively) in the name, a capability, the
summary or the description; results are ordered by where the words were found, in the
same order of weight.
"""

import re

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

from portal.models import Keyword

CONFIG = "english"


def is_postgres(queryset_or_alias="default"):
    alias = getattr(queryset_or_alias, "db", queryset_or_alias)
    return connections[alias].vendor == "postgresql"


def search_vector_expression():
    """The weighted vector of one asset row, for an UPDATE."""
    capabilities = (
        Keyword.objects.filter(assets=OuterRef("pk"))
        .order_by()
        .values("assets")
        .annotate(names=StringAgg("name", delimiter=" "))
        .values("names")
    )
    return (
        SearchVector("name", weight="A", config=CONFIG)
        + SearchVector(
            Coalesce(Subquery(capabilities), Value(""), output_field=TextField()),
            weight="B",
            config=CONFIG,
        )
        + SearchVector("summary", weight="C", config=CONFIG)
        + SearchVector("description", weight="D", config=CONFIG)
    )


def asset_refresh_search(*, asset_ids):
    """Rewrite the stored search vector of the given assets (PostgreSQL only)."""
    from assets.models import Asset

    asset_ids = [pk for pk in asset_ids if pk is not None]
    if not asset_ids or not is_postgres():
        return 0
    return Asset.objects.filter(pk__in=asset_ids).update(search_vector=search_vector_expression())


def words(text):
    return [word for word in re.split(r"\s+", text.strip()) if word][:10]


def terms(text):
    """The runs of letters and digits in ``text``: what a search can look for."""
    return re.findall(r"[^\W_]+", text)[:10]


def search_filter(queryset, text):
    """Assets matching ``text``: full-text on PostgreSQL, substring matching elsewhere.

    A query with no letter or digit in it ("-", "?", "++") finds nothing.
    """
    text = text.strip()
    if not text:
        return queryset
    if not terms(text):
        return queryset.none()
    if is_postgres(queryset):
        return fulltext_filter(queryset, text)
    return portable_filter(queryset, text)


def order_by_relevance(queryset, text):
    """Best matches first, then by name."""
    if is_postgres(queryset):
        return fulltext_order(queryset, text)
    return portable_order(queryset, text)


# --- PostgreSQL: the stored vector ------------------------------------------------


def _query(text):
    """Every word, each also as a prefix ("insect" finds "insectary"), stemmed in English.

    Only letters and digits reach the raw tsquery, so no input can make it a syntax
    error; None when there is nothing to look for.
    """
    found = terms(text)
    if not found:
        return None
    return SearchQuery(" & ".join(f"{term}:*" for term in found), search_type="raw", config=CONFIG)


def fulltext_filter(queryset, text):
    query = _query(text)
    if query is None:
        return queryset.none()
    return queryset.filter(search_vector=query)


def fulltext_order(queryset, text):
    query = _query(text)
    if query is None:
        return queryset.order_by("name")
    rank = SearchRank(F("search_vector"), query)
    return queryset.annotate(rank=rank).order_by("-rank", "name")


# --- Anywhere: a portable fallback ------------------------------------------------


def _capability_matches(word):
    return Exists(Keyword.objects.filter(assets=OuterRef("pk"), name__icontains=word))


def portable_filter(queryset, text):
    """Every word somewhere in the name, a capability, the summary or the description."""
    for word in words(text):
        queryset = queryset.filter(
            Q(name__icontains=word)
            | Q(summary__icontains=word)
            | Q(description__icontains=word)
            | _capability_matches(word)
        )
    return queryset


def portable_order(queryset, text):
    """Score each word by the weightiest field it is in (name 8, capability 4, summary 2,
    description 1), add the scores up, best first."""
    score = Value(0)
    for word in words(text):
        score = score + Case(
            When(name__icontains=word, then=Value(8)),
            When(_capability_matches(word), then=Value(4)),
            When(summary__icontains=word, then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
    return queryset.annotate(rank=score).order_by("-rank", "name")
