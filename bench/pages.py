"""Page throughput: median and 95th-percentile time of the main pages with one client."""

from datetime import timedelta

from django.core.management import call_command
from django.db import reset_queries
from django.test import Client
from django.utils import timezone

from accounts.models import Organisation
from bench.db import analyze
from bench.timing import signed_in_client, time_page
from opportunities.models import Opportunity

OPPORTUNITIES = 10_000
REQUESTS = 200
PAGES = [
    "/",
    "/assets/",
    "/assets/?q=mass+spectrometry&focal_area=materials-chemistry",
    "/assets/map/",
    "/assets/materials-innovation-factory/",
    "/opportunities/",
    "/events/",
]


def make_opportunities(n):
    organisation = Organisation.objects.create(name="Benchmark Ltd", kind="sme")
    now = timezone.now()
    Opportunity.objects.bulk_create(
        [
            Opportunity(
                title=f"Benchmark opportunity {i}",
                slug=f"benchmark-opportunity-{i}",
                kind=Opportunity.Kind.PARTNER_SEARCH if i % 5 else Opportunity.Kind.EVENT,
                organisation=organisation,
                summary="A generated opportunity for the page benchmark.",
                status=Opportunity.Status.PUBLISHED,
                published_at=now - timedelta(minutes=i),
                starts_at=now + timedelta(days=i % 60),
                ends_at=now + timedelta(days=i % 60, hours=3),
            )
            for i in range(n)
        ],
        batch_size=1000,
    )


def run():
    call_command("seed_lcr", "--demo", verbosity=0)
    make_opportunities(OPPORTUNITIES)
    analyze()
    reset_queries()
    visitor, member = Client(), signed_in_client()
    rows = [
        "## Pages",
        "",
        f"One client, {REQUESTS} sequential requests per page through Django's test client "
        f"(no network), with the LCR+ dataset and {OPPORTUNITIES:,} published opportunities: "
        "a visitor (answered by the anonymous page cache after the first request) and a "
        "signed-in member (every page rendered: the view, its queries and the template).",
        "Target: list pages at most 20 ms median, at most 8 queries (rendered).",
        "",
        "| page | visitor median ms (page cache) | signed in: median ms | p95 ms | queries |",
        "|---|---:|---:|---:|---:|",
    ]
    for url in PAGES:
        cached, _, _ = time_page(visitor, url, REQUESTS)
        median, p95, queries = time_page(member, url, REQUESTS)
        rows.append(f"| `{url}` | {cached:.1f} | {median:.1f} | {p95:.1f} | {queries} |")
        print(
            f"  {url}: visitor {cached:.1f} ms; signed in median {median:.1f} ms, "
            f"p95 {p95:.1f} ms, {queries} queries"
        )
    rows.append("")
    return "\n".join(rows)
