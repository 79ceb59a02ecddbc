"""Asset search and browse at scale (10,000 then 100,000 assets): a rare term, and the
browse page with its facet counts."""

import os
import statistics
import time

from django.db import connection

from accounts.models import Organisation
from assets.models import AccessModel, Asset
from bench.db import analyze
from bench.timing import signed_in_client, time_first_request, time_page
from portal import pagecache
from portal.models import FocalArea
from portal.search import search_filter, search_vector

SIZES = [10_000, 100_000]
REQUESTS = 50
PAGE_REQUESTS = 20
WORDS = ["laser", "polymer", "genomics", "robotics", "sensor", "coating", "turbine", "vaccine"]


def make_assets(start, stop):
    host, _ = Organisation.objects.get_or_create(
        slug="benchmark-university", defaults={"name": "Benchmark University", "kind": "university"}
    )
    area = FocalArea.objects.order_by("pk").first()
    Asset.objects.bulk_create(
        [
            Asset(
                name=f"Benchmark {WORDS[i % len(WORDS)]} lab {i}",
                slug=f"benchmark-lab-{i}",
                kind=Asset.Kind.FACILITY,
                host=host,
                summary=f"A generated {WORDS[(i * 7) % len(WORDS)]} facility.",
                description="Generated for the asset search benchmark.",
                town=["Liverpool", "Halton", "Wirral", "St Helens"][i % 4],
                status=Asset.Status.PUBLISHED,
            )
            for i in range(start, stop)
        ],
        batch_size=2000,
    )
    # One asset carries a rare word.
    Asset.objects.filter(slug="benchmark-lab-4242").update(summary="A unique cryomicroscope.")
    new = list(
        Asset.objects.filter(slug__startswith="benchmark-lab-")
        .order_by("pk")
        .values_list("pk", flat=True)[start:stop]
    )
    # Every third asset in the first focal area; every other one has an access model.
    Asset.focal_areas.through.objects.bulk_create(
        [
            Asset.focal_areas.through(asset_id=pk, focalarea_id=area.pk)
            for n, pk in enumerate(new, start)
            if n % 3 == 0
        ],
        batch_size=5000,
    )
    access = [
        AccessModel.objects.get_or_create(
            slug=f"benchmark-access-{n}",
            defaults={"name": f"Benchmark access {n}", "order": 100 + n, "explanation": "-"},
        )[0]
        for n in range(3)
    ]
    Asset.access_models.through.objects.bulk_create(
        [
            Asset.access_models.through(asset_id=pk, accessmodel_id=access[n % 3].pk)
            for n, pk in enumerate(new, start)
            if n % 2 == 0
        ],
        batch_size=5000,
    )
    if connection.vendor == "postgresql":
        Asset.objects.filter(pk__in=new).update(search_vector=search_vector(Asset))
    analyze(vacuum=True)


def timed(fn, repeat=REQUESTS):
    fn()
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def run():
    kept = "on" if pagecache.enabled() else "off (no Redis: every request counts)"
    rows = [
        "## Asset search and browse",
        "",
        f"Generated published assets (the LCR+ directory holds 25); {REQUESTS} sequential runs "
        f"of the search query. Each page: *first*, the first request after a write (every "
        f"page-cache generation bumped, so the facet counts are counted), then "
        f"{PAGE_REQUESTS} sequential requests with the counts kept in the cache (kept "
        f"counts: {kept}); one client through Django's test client, signed in (so the "
        "anonymous page cache never answers and the view runs every time).",
        "Every third asset is in a focal area and every other one has one of three access "
        "models. Target: a rare term at 100k rows in at most 5 ms (stored vector with GIN "
        "on PostgreSQL); browse pages at most 8 queries; at 100,000 assets `/assets/` and "
        "a filtered, searched browse at a median of at most 50 ms (issue 19), with exact "
        "facet counts.",
        "",
        "| assets | what | first ms | first queries | median ms | p95 ms | queries |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    search = search_filter
    client = signed_in_client()
    area = FocalArea.objects.order_by("pk").first()
    made = 0
    for size in SIZES:
        make_assets(made, size)
        made = size
        queryset = Asset.objects.published()
        median, p95 = timed(lambda qs=queryset: list(search(qs, "cryomicroscope").values("pk")))
        rows.append(f"| {size:,} | search query, rare term | | | {median:.1f} | {p95:.1f} | 1 |")
        print(f"  {size:,} assets, rare term query: median {median:.1f} ms, p95 {p95:.1f} ms")
        for url in [
            "/assets/?q=cryomicroscope",
            f"/assets/?q=laser&focal_area={area.slug}",
            "/assets/",
        ]:
            first, first_queries = time_first_request(client, url)
            median, p95, queries = time_page(client, url, PAGE_REQUESTS)
            rows.append(
                f"| {size:,} | `{url}` | {first:.1f} | {first_queries} | {median:.1f} "
                f"| {p95:.1f} | {queries} |"
            )
            print(
                f"  {url}: first {first:.1f} ms ({first_queries} queries), "
                f"then median {median:.1f} ms, p95 {p95:.1f} ms, {queries} queries"
            )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    rows += ["", f"Machine load average (1, 5, 15 min) at the end: {load}.", ""]
    return "\n".join(rows)
