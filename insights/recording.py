"""Recording searches: the term normalised, the filters used and whether anything was found.

Nothing about who searched is stored: no user, no IP address, no session, no time of day.
Counts are kept per day, so one search is one row updated, not one row added.
"""

import logging
import re

from django.db import DatabaseError, connection
from django.utils import timezone

logger = logging.getLogger(__name__)

# The filters worth counting on each browse page; anything else in the URL is ignored.
FILTERS = {
    "assets": ["focal_area", "kind", "access_model", "town", "host", "featured"],
    "opportunities": [
        "kind",
        "focal_area",
        "organisation_kind",
        "closing",
        "asset",
        "posted_since",
    ],
}

UPSERT = """
INSERT INTO insights_searchday
    (day, area, term, filters, searches, zero_results, last_result_count, is_demo)
VALUES (%s, %s, %s, %s, 1, %s, %s, FALSE)
ON CONFLICT (day, area, term, filters) DO UPDATE SET
    searches = insights_searchday.searches + 1,
    zero_results = insights_searchday.zero_results + EXCLUDED.zero_results,
    last_result_count = EXCLUDED.last_result_count
"""


def normalise_term(term):
    """'  Cryo-EM   Microscopy! ' -> 'cryo-em microscopy'."""
    term = re.sub(r"[^\w\s\-&+.']", " ", (term or "").lower())
    return " ".join(term.split())[:100]


def normalise_filters(area, params):
    """The allowed filters with a value, sorted, as one short string."""
    pairs = []
    for name in FILTERS.get(area, []):
        value = str(params.get(name) or "").strip()[:40]
        if value:
            pairs.append(f"{name}={value}")
    return "&".join(pairs)[:255]


def record_search(*, area, params, result_count):
    """Count one search (a term or a filter, first page only); plain browsing is not one."""
    if area not in FILTERS or str(params.get("page") or "1") != "1":
        return
    term = normalise_term(params.get("q"))
    filters = normalise_filters(area, params)
    if not term and not filters:
        return
    day = timezone.localdate()
    try:
        with connection.cursor() as cursor:
            cursor.execute(UPSERT, [day, area, term, filters, int(result_count == 0), result_count])
    except DatabaseError:
        # A lost count must never cost a visitor the page (views run in autocommit, so
        # a failed statement here leaves no transaction broken behind it).
        logger.exception("Could not record a search")
