"""A year of made-up activity for ``seed_lcr --demo``, so the charts show something.

Every row is marked ``is_demo`` and the pages say so; the nightly roll-up replaces a
day's rows (demo or not) with the real counts, and running this again replaces the demo
rows only.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from insights import sources
from insights.models import Rollup, SearchDay

TERMS = [
    ("nmr", 6),
    ("mass spectrometry", 5),
    ("hpc", 8),
    ("cryo-em", 0),
    ("electron microscopy", 4),
    ("pilot plant", 3),
    ("insectary", 2),
    ("quantum computing", 2),
    ("clean room", 0),
    ("battery testing", 0),
    ("tidal data", 1),
    ("3d printing metals", 0),
]
FILTERS = [
    "focal_area=infection",
    "focal_area=materials-chemistry",
    "kind=facility",
    "access_model=open-access",
    "",
]


# Hours to a first reply: quick, middling and slow hosts.
REPLY_HOURS = [[1, 2, 3, 4, 18], [4, 18, 24, 36, 72], [36, 72, 96, 168, 240]]  # steps
# Made-up past brokerage events: (key, title, days ago, participants, requests).
EVENTS = [
    ("demo-bk-1", "Demo: Infection innovation meet-up", 300, 34, 60),
    ("demo-bk-2", "Demo: Materials chemistry brokerage", 170, 52, 95),
    ("demo-bk-3", "Demo: HPC and AI for SMEs", 45, 41, 70),
]


def _brokerage_day(back, add, rng):
    """Registrations and requests in the three weeks before each demo event, answers a day
    or two later, meetings and their outcomes on the day."""
    for key, title, ago, people, requests in EVENTS:
        label = f"{title} ({timezone.localdate() - timedelta(days=ago):%-d %b %Y})"
        before = back - ago  # days before the event
        if 0 < before <= 21:
            registered = people // 21 + int(rng.random() < (people % 21) / 21)
            asked = requests // 21 + int(rng.random() < (requests % 21) / 21)
            add("bk_registered", key, registered, label)
            add("public_bk_registered", "", registered)
            add("bk_requested", key, asked, label)
            accepted = sum(rng.random() < 0.7 for _ in range(asked))
            add("bk_accepted", key, accepted, label)
            add("bk_declined", key, asked - accepted, label)
        elif before == 0:
            held = int(requests * 0.62)
            add("bk_held", key, held, label)
            add("public_bk_held", "", held)
            add("public_bk_events", "", 1)
            for result, share in (("follow_up", 0.35), ("collaboration", 0.1), ("none", 0.3)):
                n = int(held * 2 * share)
                add("bk_outcome", f"{key}:{result}", n, label)
                add("public_bk_outcome", result, n)


def seed_demo_activity(*, stdout=None, days=365, seed=18):
    rng = random.Random(seed)
    today = timezone.localdate()
    Asset, Opportunity, Organisation = (
        sources.Asset(),
        sources.Opportunity(),
        sources.Organisation(),
    )
    assets = list(Asset.objects.filter(status=Asset.Status.PUBLISHED).select_related("host")[:12])
    areas = list(sources.FocalArea().objects.values_list("slug", "name"))
    real_days = set(Rollup.objects.filter(is_demo=False).values_list("day", flat=True))
    rollups, labels, searches = {}, {}, []
    kinds = dict(Opportunity.Kind.choices)
    org_kinds = dict(Organisation.Kind.choices)
    active = 120
    for back in range(days, 0, -1):
        day = today - timedelta(days=back)
        if day in real_days:
            continue
        weekday = day.weekday() < 5
        growth = 1 + (days - back) / days  # busier as the year goes on

        def add(metric, key, value, label="", day=day):
            if value:
                rollups[(day, metric, str(key))] = rollups.get((day, metric, str(key)), 0) + value
                labels[(day, metric, str(key))] = label

        for term, results in TERMS:
            n = rng.randint(0, 3 if weekday else 1)
            if n:
                area = "opportunities" if term in ("battery testing",) else "assets"
                zero = n if results == 0 else 0
                searches.append(
                    SearchDay(
                        day=day,
                        area=area,
                        term=term,
                        filters=rng.choice(FILTERS),
                        searches=n,
                        zero_results=zero,
                        last_result_count=results,
                        is_demo=True,
                    )
                )
                add("searches", area, n)
                add("zero_searches", area, zero)
        for name in ("focal_area", "kind", "access_model", "town"):
            add("filter", f"assets:{name}", rng.randint(0, 6), f"Assets: {name.replace('_', ' ')}")
        add("filter", "opportunities:kind", rng.randint(0, 4), "Opportunities: kind")
        add("filter", "opportunities:focal_area", rng.randint(0, 3), "Opportunities: focal area")
        total = 0
        for i, asset in enumerate(assets):
            n = int(rng.random() < 0.12 * growth * (1.5 if weekday else 0.3))
            total += n
            add("enquiry_asset", asset.pk, n, asset.name)
            add("enquiry_host", asset.host_id, n, asset.host.name)
            if n and rng.random() < 0.8:  # most enquiries marked answered, some hosts slower
                hours = rng.choice(REPLY_HOURS[i % len(REPLY_HOURS)])
                add("enquiry_answered", "", 1)
                add("reply_hours_asset", f"{asset.pk}:{hours}", 1, asset.name)
                add("reply_hours_host", f"{asset.host_id}:{hours}", 1, asset.host.name)
        add("enquiries", "", total)
        _brokerage_day(back, add, rng)
        for kind, label in kinds.items():
            posted = int(rng.random() < 0.15 * growth)
            add("opp_posted", kind, posted, label)
            add("opp_published", kind, posted, label)
            add("public_published", kind, posted, label)
            add("opp_expired", kind, int(rng.random() < 0.08), label)
        for slug, name in areas:
            add("demand_area", slug, int(rng.random() < 0.06), name)
            add("supply_area", slug, int(rng.random() < 0.04), name)
        sent = rng.randint(0, 4 if weekday else 1)
        add("eoi_sent", "", sent)
        for _ in range(rng.randint(0, sent)):
            status = "accepted" if rng.random() < 0.6 else "declined"
            add(f"eoi_{status}", "", 1)
            add("eoi_answer_hours", rng.choice([2, 5, 20, 30, 72, 96, 168]), 1)
        add("match_shown", "organisation", rng.randint(0, 12))
        add("match_feedback", "useful", rng.randint(0, 2))
        add("match_feedback", "not_relevant", int(rng.random() < 0.3))
        add("signups", "", rng.randint(0, 3 if weekday else 1))
        add("orgs_created", "", int(rng.random() < 0.2))
        active += rng.randint(0, 2)
        add("subscribers", "active", active, "Active")
        add("subscribers", "unsubscribed", (days - back) // 9, "Unsubscribed")
        add("subscribers", "bounced", (days - back) // 30, "Bounced")
        if day.weekday() == 0:
            label = f"{day:%d %b %Y}: Demo weekly digest"
            key = f"demo-{day:%Y%m%d}"
            add("digest_sent", key, active - rng.randint(0, 3), label)
            add("digest_failed", key, rng.randint(0, 2), label)
            add("digest_bounced", key, int(rng.random() < 0.3), label)
            add("digest_unsubscribed", key, rng.randint(0, 3), label)
        # Stocks, as the rest of the portal is now.
        for slug, name in areas:
            add(
                "assets_area",
                slug,
                Asset.objects.filter(status=Asset.Status.PUBLISHED, focal_areas__slug=slug).count()
                if back == 1
                else 0,
                name,
            )
        for kind, label in org_kinds.items():
            add("orgs_kind", kind, 3 + (days - back) // 60 + len(label) % 3, label)
        for town in ("Liverpool", "Warrington", "Birkenhead", "St Helens", "Runcorn"):
            add("orgs_town", town.lower(), 2 + (days - back) // 90 + len(town) % 4, town)
        add("orgs_verified", "verified", 10 + (days - back) // 40)
        add("orgs_verified", "not_verified", 6 + (days - back) // 50)
    with transaction.atomic():
        Rollup.objects.filter(is_demo=True).delete()
        SearchDay.objects.filter(is_demo=True).delete()
        Rollup.objects.bulk_create(
            (
                Rollup(day=d, metric=m, key=k, label=labels[(d, m, k)], value=v, is_demo=True)
                for (d, m, k), v in rollups.items()
            ),
            batch_size=2000,
        )
        SearchDay.objects.bulk_create(searches, batch_size=2000, ignore_conflicts=True)
    if stdout is not None:
        stdout.write(f"Insights: {len(rollups)} demo counters over {days} days (marked demo).")
