"""/insights/ over two years of roll-ups: the page reads small tables whatever the traffic.

Two years of activity (100,000 searches, 20,000 enquiries of which 70% were marked
answered, 50,000 expressions of interest, a brokerage event a month with its
registrations, requests, meetings and outcomes) are generated in bulk, rolled up by the
roll-up's own ``rollup_range`` (what a catch-up after an outage runs: one grouped query
per source for the whole range, the same rows as day by day), and the curators' page is
timed for the last 12 months and for the whole two years.
"""

import os
import random
import time
from collections import Counter
from contextlib import contextmanager
from datetime import time as clock
from datetime import timedelta

from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.models import Membership, Organisation, User
from accounts.tests.factories import curator_user
from assets.models import Asset, Enquiry
from bench.db import analyze
from bench.timing import time_page
from brokerage.models import Matchmaking, Meeting, Outcome, Participant, Session, Slot
from insights.models import Rollup, SearchDay
from insights.rollups import rollup_range
from insights.tests.conftest import with_mfa_session
from opportunities.models import ExpressionOfInterest, Opportunity

DAYS = 730
SEARCHES, ENQUIRIES, INTERESTS = 100_000, 20_000, 50_000
ANSWERED = 0.7
EVENTS, PARTICIPANTS, REQUESTS_PER_EVENT = 24, 60, 120
REQUESTS = 100
PAGES = ["/insights/?period=12m", "/insights/?period=custom&start={start}&end={end}"]


@contextmanager
def timestamps_as_given(*models):
    """Let bulk_create keep the ``created_at`` it is given (auto_now_add would set it to
    now), so two years of history is written in one pass rather than updated after."""
    fields = [model._meta.get_field("created_at") for model in models]
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


def make_activity(rng):
    today = timezone.localdate()
    now = timezone.now()

    def moment():
        return now - timedelta(days=rng.randrange(1, DAYS), minutes=rng.randrange(1440))

    terms = [f"term {i}" for i in range(3000)]
    filters = ["", "kind=facility", "focal_area=infection", "focal_area=materials-chemistry"]
    counted = Counter()
    zero = Counter()
    for _ in range(SEARCHES):
        key = (
            today - timedelta(days=rng.randrange(1, DAYS)),
            rng.choice(["assets", "opportunities"]),
            rng.choice(terms),
            rng.choice(filters),
        )
        counted[key] += 1
        zero[key] += rng.random() < 0.2
    SearchDay.objects.bulk_create(
        [
            SearchDay(day=d, area=a, term=t, filters=f, searches=n, zero_results=zero[(d, a, t, f)])
            for (d, a, t, f), n in counted.items()
        ],
        batch_size=5000,
    )
    users = User.objects.bulk_create([User(email=f"bench{i}@example.com") for i in range(1000)])
    organisations = Organisation.objects.bulk_create(
        [Organisation(name=f"Bench org {i}", slug=f"bench-org-{i}", kind="sme") for i in range(500)]
    )
    assets = list(Asset.objects.all())
    enquiries = []
    for _ in range(ENQUIRIES):
        created_at = moment()
        answered_at = None
        if rng.random() < ANSWERED:
            answered_at = min(created_at + timedelta(hours=rng.expovariate(1 / 40)), now)
        enquiries.append(
            Enquiry(
                user=rng.choice(users),
                asset=rng.choice(assets),
                need="Bench",
                timescale="Soon",
                recipient="x@example.com",
                created_at=created_at,
                answered_at=answered_at,
                status="answered" if answered_at else "sent",
            )
        )
    Enquiry.objects.bulk_create(enquiries, batch_size=5000)
    opportunities = Opportunity.objects.bulk_create(
        [
            Opportunity(
                title=f"Bench opportunity {i}",
                slug=f"bench-opportunity-{i}",
                kind=rng.choice(Opportunity.Kind.values),
                organisation=rng.choice(organisations),
                summary="Bench",
                status=Opportunity.Status.PUBLISHED,
                submitted_at=(published := moment()),
                published_at=published,
            )
            for i in range(2000)
        ]
    )
    interests = []
    # One interest per organisation and opportunity, as the database insists.
    for pair in rng.sample(range(len(opportunities) * len(organisations)), INTERESTS):
        status = rng.choice(["pending", "accepted", "declined"])
        created_at = moment()
        interests.append(
            ExpressionOfInterest(
                opportunity=opportunities[pair // len(organisations)],
                organisation=organisations[pair % len(organisations)],
                who_we_are="Bench",
                what_we_bring="Bench",
                what_we_want="Bench",
                status=status,
                created_at=created_at,
                decided_at=None
                if status == "pending"
                else created_at + timedelta(hours=rng.randrange(1, 400)),
            )
        )
    with timestamps_as_given(ExpressionOfInterest):
        ExpressionOfInterest.objects.bulk_create(interests, batch_size=5000)
    make_brokerage(rng, users, organisations)


def make_brokerage(rng, users, organisations):
    """A brokerage event a month: registrations and requests in the three weeks before it,
    answers a day later, two thirds of the accepted requests held, outcomes on most."""
    now = timezone.now()
    members = Membership.objects.bulk_create(
        [Membership(user=user, organisation=rng.choice(organisations)) for user in users]
    )
    organisation_of = {m.user_id: m.organisation_id for m in members}
    for e in range(EVENTS):
        day = now - timedelta(days=DAYS - 15 - e * 30)
        event = Opportunity.objects.create(
            title=f"Bench brokerage {e}",
            slug=f"bench-brokerage-{e}",
            kind=Opportunity.Kind.EVENT,
            organisation=rng.choice(organisations),
            summary="Bench",
            status=Opportunity.Status.PUBLISHED,
            starts_at=day,
            ends_at=day + timedelta(hours=8),
        )
        matchmaking = Matchmaking.objects.create(
            event=event,
            registration_opens_at=day - timedelta(days=30),
            registration_closes_at=day - timedelta(days=1),
            booking_opens_at=day - timedelta(days=30),
            booking_closes_at=day - timedelta(hours=12),
        )
        session = Session.objects.create(
            matchmaking=matchmaking,
            title="Meetings",
            date=timezone.localtime(day).date(),
            starts=clock(9),
            ends=clock(17),
            tables=REQUESTS_PER_EVENT,
        )
        slots = Slot.objects.bulk_create(
            [
                Slot(
                    session=session,
                    index=i,
                    starts_at=day + timedelta(minutes=20 * i),
                    ends_at=day + timedelta(minutes=20 * i + 20),
                )  # fmt: skip
                for i in range(24)
            ]
        )
        with timestamps_as_given(Participant):
            people = Participant.objects.bulk_create(
                [
                    Participant(
                        matchmaking=matchmaking,
                        user=user,
                        organisation_id=organisation_of[user.pk],
                        offer="Bench",
                        seek="Bench",
                        status=Participant.Status.VALIDATED,
                        created_at=day - timedelta(days=rng.randrange(1, 21)),
                    )  # fmt: skip
                    for user in rng.sample(users, PARTICIPANTS)
                ]
            )
        pairs = rng.sample(
            [(a, b) for a in range(PARTICIPANTS) for b in range(a + 1, PARTICIPANTS)],
            REQUESTS_PER_EVENT,
        )
        meetings = []
        for table, (a, b) in enumerate(pairs, start=1):
            status = rng.choice(["accepted", "accepted", "declined", "pending"])
            slot = rng.choice(slots) if status == "accepted" and rng.random() < 0.66 else None
            created_at = day - timedelta(days=rng.randrange(1, 21), hours=rng.randrange(8))
            decided_at = None
            if status != "pending":
                decided_at = created_at + timedelta(hours=rng.randrange(1, 30))
            meetings.append(
                Meeting(
                    matchmaking=matchmaking,
                    requester=people[a],
                    recipient=people[b],
                    reason="Bench",
                    status=status,
                    slot=slot,
                    table=table if slot else None,
                    created_at=created_at,
                    decided_at=decided_at,
                )  # fmt: skip
            )
        with timestamps_as_given(Meeting):
            meetings = Meeting.objects.bulk_create(meetings)
        Outcome.objects.bulk_create(
            [
                Outcome(
                    meeting=meeting,
                    participant=side,
                    result=rng.choice(["none", "follow_up", "follow_up", "collaboration"]),
                )  # fmt: skip
                for meeting in meetings
                if meeting.slot
                for side in (meeting.requester, meeting.recipient)
                if rng.random() < 0.7
            ]
        )


def run():
    rng = random.Random(18)
    setup_started = time.perf_counter()
    call_command("seed_lcr", verbosity=0)
    make_activity(rng)
    generate_seconds = time.perf_counter() - setup_started
    today = timezone.localdate()
    started = time.perf_counter()
    rollup_range(today - timedelta(days=DAYS), today - timedelta(days=1))
    rollup_seconds = time.perf_counter() - started
    analyze(vacuum=True)  # as autovacuum would after the bulk inserts (index-only scans)
    setup_seconds = time.perf_counter() - setup_started
    client = with_mfa_session(Client(), curator_user(email="bench-curator@example.com"))
    start = today - timedelta(days=DAYS)
    rows = [
        "## Insights",
        "",
        f"`/insights/` over {Rollup.objects.count():,} roll-up rows: two years of activity "
        f"({SEARCHES:,} searches in {SearchDay.objects.count():,} daily rows, {ENQUIRIES:,} "
        f"enquiries ({ANSWERED:.0%} marked answered), {INTERESTS:,} expressions of interest, "
        f"{EVENTS} brokerage events of {PARTICIPANTS} participants and {REQUESTS_PER_EVENT} "
        f"meeting requests with outcomes) rolled up by `rollup_range` over the {DAYS} days "
        f"in {rollup_seconds:.1f} s. Setup in all: {setup_seconds:.0f} s ({generate_seconds:.0f} s "
        f"to seed and generate the source rows in bulk). A signed-in curator, {REQUESTS} "
        "sequential requests per period through Django's test client; CPU ms is this "
        "process's CPU time per request (Python, not the database server).",
        "Target: median at most 100 ms, at most 10 queries.",
        "",
        "| page | median ms | p95 ms | CPU ms | queries |",
        "|---|---:|---:|---:|---:|",
    ]
    for url in PAGES:
        url = url.format(start=start, end=today)
        cpu = time.process_time()
        median, p95, queries = time_page(client, url, REQUESTS)
        # time_page makes REQUESTS + 2 requests (a warm-up and one counting queries).
        cpu_ms = (time.process_time() - cpu) * 1000 / (REQUESTS + 2)
        rows.append(f"| `{url}` | {median:.1f} | {p95:.1f} | {cpu_ms:.1f} | {queries} |")
        print(
            f"  {url}: median {median:.1f} ms, p95 {p95:.1f} ms, CPU {cpu_ms:.1f} ms, "
            f"{queries} queries"
        )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    rows += [
        "",
        f"Load average (1, 5, 15 min) at the end of the run: {load} on {os.cpu_count()} cores.",
        "",
    ]
    return "\n".join(rows)
