"""Timing a page through Django's test client, as the page benchmarks report it."""

import statistics
import time

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from portal import pagecache

ALL_AREAS = sorted({area for areas in pagecache.CACHED_PAGES.values() for area in areas})


def time_page(client, url, requests):
    """(median ms, p95 ms, queries) of ``requests`` sequential GETs after one warm-up."""
    client.get(url)  # warm up
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], len(queries)


def time_first_request(client, url):
    """(ms, queries) of the first GET after a write: every content area's generation is
    bumped first, as a write does, so nothing the page cache or the kept counts
    (portal.pagecache) hold is used. One request before it loads the page's code and
    templates, as a running server has them."""
    client.get(url)
    pagecache.bump(ALL_AREAS)
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(queries)


def signed_in_client():
    """A test client signed in as a plain user: the anonymous page cache never answers
    it, so what is timed is the view (with its kept counts) and the templates."""
    from django.test import Client

    from accounts.models import User

    user, _ = User.objects.get_or_create(email="bench-browser@example.com")
    client = Client()
    client.force_login(user)
    return client
