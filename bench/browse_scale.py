"""Browse pages at ten times the data (issue 19, target 5): 100,000 opportunities from
50,000 organisations, 2,000 keywords; /opportunities/ and /organisations/, plain, filtered
and searched, with one client."""

import os
import random
import time
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from accounts.models import Organisation
from bench.db import analyze
from bench.timing import signed_in_client, time_first_request, time_page
from opportunities.models import Opportunity
from portal import pagecache
from portal.models import FocalArea, Keyword, Sector
from portal.search import search_vector

ORGANISATIONS = int(os.environ.get("BENCH_ORGANISATIONS", 50_000))
OPPORTUNITIES = int(os.environ.get("BENCH_OPPORTUNITIES", 100_000))
KEYWORDS = 2_000
REQUESTS = 50
WORDS = ["laser", "polymer", "genomics", "robotics", "sensor", "coating", "turbine", "vaccine"]
TOWNS = ["Liverpool", "Halton", "Wirral", "St Helens", "Knowsley", "Sefton"]


def make_data():
    random.seed(19)
    now = timezone.now()
    areas = list(FocalArea.objects.order_by("pk"))
    sectors = list(Sector.objects.order_by("pk")) or [None]
    Keyword.objects.bulk_create(
        [Keyword(name=f"scale keyword {i}", slug=f"scale-keyword-{i}") for i in range(KEYWORDS)],
        batch_size=2000,
    )
    keyword_ids = list(
        Keyword.objects.filter(slug__startswith="scale-keyword-").values_list("pk", flat=True)
    )
    kinds = [k for k, _ in Organisation.Kind.choices]
    Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Scale {WORDS[i % len(WORDS)]} company {i}",
                slug=f"scale-company-{i}",
                kind=kinds[i % len(kinds)],
                sector=sectors[i % len(sectors)],
                town=TOWNS[i % len(TOWNS)],
                description=f"A generated {WORDS[(i * 3) % len(WORDS)]} business.",
            )
            for i in range(ORGANISATIONS)
        ],
        batch_size=2000,
    )
    organisation_ids = list(
        Organisation.objects.filter(slug__startswith="scale-company-").values_list("pk", flat=True)
    )
    # One organisation carries a rare word.
    Organisation.objects.filter(slug="scale-company-4242").update(description="Cryomicroscopy.")
    through = Organisation.capabilities.through
    through.objects.bulk_create(
        [
            through(organisation_id=pk, keyword_id=random.choice(keyword_ids))
            for pk in organisation_ids
        ],
        batch_size=5000,
        ignore_conflicts=True,
    )
    through = Organisation.focal_areas.through
    through.objects.bulk_create(
        [
            through(organisation_id=pk, focalarea_id=areas[n % len(areas)].pk)
            for n, pk in enumerate(organisation_ids)
            if n % 2
        ],
        batch_size=5000,
    )
    opportunity_kinds = [k for k, _ in Opportunity.Kind.choices]
    Opportunity.objects.bulk_create(
        [
            Opportunity(
                title=f"Scale {WORDS[i % len(WORDS)]} opportunity {i}",
                slug=f"scale-opportunity-{i}",
                kind=(kind := opportunity_kinds[i % len(opportunity_kinds)]),
                organisation_id=organisation_ids[i % len(organisation_ids)],
                summary=f"A generated {WORDS[(i * 7) % len(WORDS)]} opportunity.",
                status=Opportunity.Status.PUBLISHED,
                published_at=now - timedelta(minutes=i),
                deadline=None if kind == "event" else now + timedelta(days=1 + i % 90),
                starts_at=now + timedelta(days=1 + i % 60) if kind == "event" else None,
                ends_at=now + timedelta(days=1 + i % 60, hours=3) if kind == "event" else None,
            )
            for i in range(OPPORTUNITIES)
        ],
        batch_size=2000,
    )
    Opportunity.objects.filter(slug="scale-opportunity-4242").update(
        summary="A unique cryomicroscope."
    )
    opportunity_ids = list(
        Opportunity.objects.filter(slug__startswith="scale-opportunity-").values_list(
            "pk", flat=True
        )
    )
    through = Opportunity.keywords.through
    through.objects.bulk_create(
        [
            through(opportunity_id=pk, keyword_id=random.choice(keyword_ids))
            for pk in opportunity_ids
        ],
        batch_size=5000,
        ignore_conflicts=True,
    )
    through = Opportunity.focal_areas.through
    through.objects.bulk_create(
        [
            through(opportunity_id=pk, focalarea_id=areas[n % len(areas)].pk)
            for n, pk in enumerate(opportunity_ids)
        ],
        batch_size=5000,
    )
    if connection.vendor == "postgresql":
        Organisation.objects.update(search_vector=search_vector(Organisation))
        Opportunity.objects.update(search_vector=search_vector(Opportunity))
    analyze(vacuum=True)


def run():
    started = time.perf_counter()
    make_data()
    print(f"  data made in {time.perf_counter() - started:.0f} s")
    area = FocalArea.objects.order_by("pk").first()
    pages = [
        "/opportunities/",
        f"/opportunities/?kind=partner_search&focal_area={area.slug}",
        "/opportunities/?q=laser&kind=partner_search",
        "/opportunities/?q=cryomicroscope",
        "/opportunities/?sort=closing",
        "/organisations/",
        f"/organisations/?kind=sme&focal_area={area.slug}",
        "/organisations/?q=robotics&kind=sme",
        "/organisations/?q=cryomicroscopy",
    ]
    client = signed_in_client()
    load_before = os.getloadavg()
    kept = "on" if pagecache.enabled() else "off (no Redis: every request counts)"
    rows = [
        "## Browse at ten times the data",
        "",
        f"{OPPORTUNITIES:,} published opportunities from {ORGANISATIONS:,} organisations "
        f"({KEYWORDS:,} keywords, one per record; every opportunity in a focal area, half "
        f"the organisations) in a database of their own; one client through "
        "Django's test client, signed in (so the anonymous page cache never answers and "
        "the view runs every time). *First* is the first request after a write (every "
        "page-cache generation bumped: the paginator counts); then "
        f"{REQUESTS} sequential requests, with the count kept in the cache (kept counts: "
        f"{kept}).",
        "Target (issue 19): at most 8 queries and a median of at most 20 ms.",
        "",
        "| page | first ms | first queries | median ms | p95 ms | queries |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for url in pages:
        first, first_queries = time_first_request(client, url)
        median, p95, queries = time_page(client, url, REQUESTS)
        rows.append(
            f"| `{url}` | {first:.1f} | {first_queries} | {median:.1f} | {p95:.1f} | {queries} |"
        )
        print(
            f"  {url}: first {first:.1f} ms ({first_queries} queries), "
            f"then median {median:.1f} ms, p95 {p95:.1f} ms, {queries} queries"
        )
    load_after = os.getloadavg()
    rows += [
        "",
        "Machine load average (1, 5, 15 min) before and after: "
        + ", ".join(f"{x:.1f}" for x in load_before)
        + "; "
        + ", ".join(f"{x:.1f}" for x in load_after)
        + ".",
        "",
    ]
    return "\n".join(rows)
