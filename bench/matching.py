"""Matching speed: one new opportunity against 10,000 organisations, 20,000 opportunities
and 500 assets (DESIGN.md target: at most 50 ms median on PostgreSQL).

The machine may be shared, so besides the wall time each match's CPU time in this
process (``time.process_time``: Python, the ORM, the driver) is reported, with the load
average; the database's own time shows only in the wall time."""

import os
import random
import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Organisation
from assets.models import Asset
from bench.db import analyze
from matching import services as match_services
from opportunities.models import Opportunity
from portal.models import FocalArea, Keyword

ORGANISATIONS = 10_000
OPPORTUNITIES = 20_000
ASSETS = 500
KEYWORDS = 2_000
WORDS = 3_000  # a synthetic vocabulary for descriptions, Zipf-like as real text
RUNS = 30


def describe(rng, n=12):
    """A generated description: a few words from a Zipf-like vocabulary."""
    return " ".join(
        f"word{min(int(rng.paretovariate(1.0)) - 1, WORDS - 1)}x{rng.randrange(40)}"
        for _ in range(n)
    )


def index_texts():
    """Fill the stored search vectors that bulk_create left empty (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE accounts_organisation SET search_vector =
                setweight(to_tsvector('english', name), 'A')
                || setweight(to_tsvector('english', description), 'B')
            """
        )
        cursor.execute(
            """
            UPDATE opportunities_opportunity SET search_vector =
                setweight(to_tsvector('english', title), 'A')
                || setweight(to_tsvector('english', summary), 'B')
            """
        )


def bulk_m2m(field, pairs):
    through = field.remote_field.through
    owner, target = field.m2m_field_name() + "_id", field.m2m_reverse_field_name() + "_id"
    through.objects.bulk_create(
        [through(**{owner: a, target: b}) for a, b in pairs], batch_size=5000
    )


def generate(rng):
    areas = list(FocalArea.objects.values_list("pk", flat=True))
    Keyword.objects.bulk_create(
        [Keyword(name=f"capability {i}", slug=f"capability-{i}") for i in range(KEYWORDS)],
        batch_size=2000,
    )
    keywords = list(
        Keyword.objects.filter(slug__startswith="capability-").values_list("pk", flat=True)
    )
    # A few keywords are common, most are rare, as in real directories.
    weights = [1 / (rank + 1) for rank in range(len(keywords))]

    def pick(n):
        return set(rng.choices(keywords, weights=weights, k=n))

    Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Bench organisation {i}",
                slug=f"bench-organisation-{i}",
                kind="sme",
                town=rng.choice(["Liverpool", "Wirral", "St Helens", "Halton", "Sefton"]),
                description="A generated organisation. " + describe(rng),
            )
            for i in range(ORGANISATIONS)
        ],
        batch_size=2000,
    )
    organisations = list(
        Organisation.objects.filter(slug__startswith="bench-organisation-").values_list(
            "pk", flat=True
        )
    )
    bulk_m2m(Organisation.capabilities.field, [(o, k) for o in organisations for k in pick(5)])
    bulk_m2m(Organisation.focal_areas.field, [(o, rng.choice(areas)) for o in organisations])

    Asset.objects.bulk_create(
        [
            Asset(
                name=f"Bench asset {i}",
                slug=f"bench-asset-{i}",
                kind="facility",
                host_id=rng.choice(organisations),
                summary="A generated facility. " + describe(rng),
                status=Asset.Status.PUBLISHED,
            )
            for i in range(ASSETS)
        ],
        batch_size=500,
    )
    assets = list(
        Asset.objects.filter(slug__startswith="bench-asset-").values_list("pk", flat=True)
    )
    bulk_m2m(Asset.capabilities.field, [(a, k) for a in assets for k in pick(6)])

    kinds = list(Opportunity.Kind.values)
    now = timezone.now()
    Opportunity.objects.bulk_create(
        [
            Opportunity(
                title=f"Bench opportunity {i}",
                slug=f"bench-opportunity-{i}",
                kind=rng.choice(kinds),
                organisation_id=rng.choice(organisations),
                summary="A generated opportunity. " + describe(rng),
                status=Opportunity.Status.PUBLISHED,
                published_at=now,
            )
            for i in range(OPPORTUNITIES)
        ],
        batch_size=2000,
    )
    opportunities = list(
        Opportunity.objects.filter(slug__startswith="bench-opportunity-").values_list(
            "pk", flat=True
        )
    )
    bulk_m2m(Opportunity.keywords.field, [(o, k) for o in opportunities for k in pick(4)])
    return organisations, keywords, pick


def run():
    rng = random.Random(42)
    organisations, keywords, pick = generate(rng)
    # New opportunities saved without signals, so each is matched for the first time
    # inside the measured call, as the task does after a real post.
    probes = Opportunity.objects.bulk_create(
        [
            Opportunity(
                title=f"New partner search {i}",
                slug=f"new-partner-search-{i}",
                kind=Opportunity.Kind.PARTNER_SEARCH,
                organisation_id=rng.choice(organisations),
                summary="We need a partner. " + describe(rng),
                status=Opportunity.Status.PUBLISHED,
                published_at=timezone.now(),
            )
            for i in range(RUNS + 1)
        ]
    )
    bulk_m2m(Opportunity.keywords.field, [(p.pk, k) for p in probes for k in pick(4)])
    index_texts()
    # As the nightly beat task has: word weights, and every record's texts read and stored.
    match_services.term_weights_refresh()
    match_services.text_analyses_refresh()
    analyze(vacuum=True)
    match_services.opportunity_match(opportunity=probes.pop(0))  # warm up
    load_before = os.getloadavg()
    timings, cpu, counts, queries = [], [], [], []
    for probe in probes:
        with CaptureQueriesContext(connection) as captured:
            start, start_cpu = time.perf_counter(), time.process_time()
            created = match_services.opportunity_match(opportunity=probe)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        counts.append(len(created))
        queries.append(len(captured))
    load = ", ".join(f"{a:.1f}" for a in os.getloadavg())
    timings.sort()
    median = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"  matching: median {median:.1f} ms, p95 {p95:.1f} ms, "
        f"CPU median {statistics.median(cpu):.1f} ms, load {load}"
    )
    return "\n".join(
        [
            "## Matching",
            "",
            f"One new partner search (4 keywords, a 12-word description) matched by "
            f"keywords and full text and stored against "
            f"{ORGANISATIONS:,} organisations, {OPPORTUNITIES:,} opportunities and "
            f"{ASSETS} assets ({KEYWORDS:,} keywords, Zipf-like popularity), "
            f"{RUNS} runs. Target: at most 50 ms median on PostgreSQL. CPU ms is this "
            "process's CPU time per match (Python, ORM, driver; not the database's), "
            "less disturbed than wall time when the machine is shared.",
            "",
            "| median ms | p95 ms | CPU ms (median) | queries per match "
            "| matches stored per opportunity (median) | load average (1, 5, 15 min) |",
            "|---:|---:|---:|---:|---:|---|",
            f"| {median:.1f} | {p95:.1f} | {statistics.median(cpu):.1f} "
            f"| {statistics.median(queries):.0f} | {statistics.median(counts):.0f} "
            f"| before {', '.join(f'{a:.1f}' for a in load_before)}; after {load} |",
            "",
        ]
    )
