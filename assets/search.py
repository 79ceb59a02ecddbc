"""Full-text search over assets.

PostgreSQL: a stored, weighted ``tsvector`` (name A, capabilities B, summary C,
description D) with a GIN index, matched with ``websearch_to_tsquery`` and ranked with
``ts_rank``. Capabilities are a many-to-many relation, so a generated column cannot hold
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


def search_filter(queryset, text):
    """Assets matching ``text``: full-text on PostgreSQL, substring matching elsewhere."""
    text = text.strip()
    if not text:
        return queryset
    if is_postgres(queryset):
        return queryset.filter(
            search_vector=SearchQuery(text, search_type="websearch", config=CONFIG)
        )
    for word in words(text):
        queryset = queryset.filter(_word_matches(word))
    return queryset


def _capability_matches(word):
    return Exists(Keyword.objects.filter(assets=OuterRef("pk"), name__icontains=word))


def _word_matches(word):
    return (
        Q(name__icontains=word)
        | Q(summary__icontains=word)
        | Q(description__icontains=word)
        | _capability_matches(word)
    )


def order_by_relevance(queryset, text):
    """Best matches first, then by name."""
    if is_postgres(queryset):
        query = SearchQuery(text.strip(), search_type="websearch", config=CONFIG)
        return queryset.annotate(rank=SearchRank(F("search_vector"), query)).order_by(
            "-rank", "name"
        )
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
