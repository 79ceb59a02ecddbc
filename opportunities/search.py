"""Full-text search over opportunities.

PostgreSQL: a stored, weighted ``tsvector`` (title and keywords A, summary B,
description C) with a GIN index, ranked by ``ts_rank``. The vector is rebuilt by
``opportunity_index`` whenever an opportunity or its keywords change (keywords are a
many-to-many relation, so a generated column cannot hold them).

SQLite (the embedded default): every word must appear, case-insensitively, in the
title, summary, description or a keyword; a title match ranks above the rest.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When

from opportunities.models import Opportunity

CONFIG = "english"


def uses_postgres():
    return connection.vendor == "postgresql"


def opportunity_index(*, opportunity_id):
    """Rebuild one opportunity's stored search vector (a no-op on SQLite)."""
    if not uses_postgres():
        return
    keywords = " ".join(
        Opportunity.keywords.through.objects.filter(opportunity_id=opportunity_id).values_list(
            "keyword__name", flat=True
        )
    )
    Opportunity.objects.filter(pk=opportunity_id).update(
        search_vector=(
            SearchVector("title", weight="A", config=CONFIG)
            + SearchVector(Value(keywords), weight="A", config=CONFIG)
            + SearchVector("summary", weight="B", config=CONFIG)
            + SearchVector("description", weight="C", config=CONFIG)
        )
    )


def search(queryset, text):
    """Filter ``queryset`` to matches for ``text`` and annotate ``rank`` (higher first).

    A query with no letter or digit in it ("-", "?", "++") finds nothing.
    """
    text = " ".join(text.split())
    if not text:
        return queryset
    if not re.search(r"[^\W_]", text):
        return queryset.none()
    if uses_postgres():
        query = SearchQuery(text, search_type="websearch", config=CONFIG)
        return queryset.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query)
        )
    return search_portable(queryset, text)


def search_portable(queryset, text):
    """The fallback for databases without full-text search: every word must appear."""
    text = " ".join(text.split())
    if not text:
        return queryset
    keyword_matches = Opportunity.keywords.through.objects.values("opportunity_id")
    for word in text.split():
        word_matches = (
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(description__icontains=word)
            | Q(pk__in=keyword_matches.filter(keyword__name__icontains=word))
        )
        queryset = queryset.filter(word_matches)
    first = text.split()[0]
    return queryset.annotate(
        rank=Case(
            When(title__icontains=text, then=Value(3)),
            When(title__icontains=first, then=Value(2)),
            When(summary__icontains=first, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )
