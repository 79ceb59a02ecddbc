"""Search over the organisation directory.

PostgreSQL: a stored, weighted ``tsvector`` (name A, capabilities B, town C, description
D) with a GIN index, every word matched as a stemmed prefix. Capabilities are a
many-to-many relation, so a generated column cannot hold them; ``accounts.signals``
rewrites the vector after an organisation or its capabilities change.

SQLite: every word must appear (case-insensitively) in the name, the description, the
town or a capability, each word a subquery rather than a join.

Either way the words are deduplicated and capped at MAX_WORDS, so a query's cost does not
grow with repeated or extra words.
"""

import re

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connections
from django.db.models import Exists, OuterRef, Q, Subquery, TextField, Value
from django.db.models.functions import Coalesce

from portal.models import Keyword

CONFIG = "english"
MAX_WORDS = 8


def search_words(text):
    """The distinct runs of letters and digits in ``text``, lower-cased, at most MAX_WORDS."""
    return list(dict.fromkeys(word.lower() for word in re.findall(r"[^\W_]+", text)))[:MAX_WORDS]


def uses_postgres(queryset):
    return connections[queryset.db].vendor == "postgresql"


def search_vector_expression():
    """The weighted vector of one organisation row, for an UPDATE."""
    capabilities = (
        Keyword.objects.filter(organisations=OuterRef("pk"))
        .order_by()
        .values("organisations")
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
        + SearchVector("town", weight="C", config=CONFIG)
        + SearchVector("description", weight="D", config=CONFIG)
    )


def organisation_refresh_search(*, organisation_ids):
    """Rewrite the stored search vector of the given organisations (PostgreSQL only)."""
    from accounts.models import Organisation

    queryset = Organisation.objects.filter(pk__in=[pk for pk in organisation_ids if pk])
    if not uses_postgres(queryset):
        return 0
    return queryset.update(search_vector=search_vector_expression())


def organisation_search(queryset, text):
    """Organisations matching every word of ``text``; none when it has no letter or digit."""
    if not text.strip():
        return queryset
    words = search_words(text)
    if not words:
        return queryset.none()
    if uses_postgres(queryset):
        query = " & ".join(f"{word}:*" for word in words)
        return queryset.filter(search_vector=SearchQuery(query, search_type="raw", config=CONFIG))
    return portable_search(queryset, text)


def portable_search(queryset, text):
    """Every word in the name, the description, the town or a capability."""
    words = search_words(text)
    if not words:
        return queryset.none()
    for word in words:
        queryset = queryset.filter(
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(town__icontains=word)
            | Exists(Keyword.objects.filter(organisations=OuterRef("pk"), name__icontains=word))
        )
    return queryset
