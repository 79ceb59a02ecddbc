"""Timing a page through Django's test client, as the page benchmarks report it."""

import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext


def time_page(client, url, requests):
    """(median ms, p95 ms, queries) of ``requests`` sequential GETs after one warm-up."""
    client.get(url)  # warm up
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], len(queries)
