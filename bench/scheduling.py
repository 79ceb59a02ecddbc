"""Brokerage scheduling: 600 participants, 4,000 accepted requests with a popularity
skew, two sessions of 12 slots, 60 tables (DESIGN.md target: the proven maximum, never
fewer than greedy first-fit, in at most 5 s). Pure: no database."""

import random
import time

from brokerage import scheduling

PARTICIPANTS = 600
REQUESTS = 4_000
SESSIONS = 2
SLOTS_PER_SESSION = 12
TABLES = 60


def generate(rng):
    """A realistic event: a few participants are very popular (Zipf-like), most people
    can attend both sessions, some only one."""
    people = list(range(PARTICIPANTS))
    popularity = [1 / (rank + 1) ** 0.8 for rank in range(PARTICIPANTS)]
    rng.shuffle(popularity)
    availability = {}
    for person in people:
        draw = rng.random()
        availability[person] = [0, 1] if draw < 0.7 else [0] if draw < 0.85 else [1]
    pairs = set()
    while len(pairs) < REQUESTS:
        requester = rng.choice(people)
        target = rng.choices(people, weights=popularity)[0]
        if requester != target and (target, requester) not in pairs:
            pairs.add((requester, target))
    slots = [
        scheduling.Slot(session, index)
        for session in range(SESSIONS)
        for index in range(SLOTS_PER_SESSION)
    ]
    meetings = [scheduling.Meeting(key=i, a=a, b=b) for i, (a, b) in enumerate(sorted(pairs))]
    return scheduling.Problem(
        slots=slots, tables=TABLES, availability=availability, meetings=meetings
    )


def run():
    problem = generate(random.Random(17))
    bound = scheduling.upper_bound(problem)
    first_fit = scheduling.greedy(problem)
    greedy = len(first_fit)
    greedy_gaps = scheduling._count_gaps(problem, {k: (s, 1) for k, s in first_fit.items()})
    start = time.perf_counter()
    result = scheduling.schedule(problem, time_limit=4.5)
    elapsed = (time.perf_counter() - start) * 1000
    percent = 100 * result.count / bound if bound else 100.0
    line = (
        f"scheduling: {len(problem.meetings)} requests, placed {result.count} of {bound} "
        f"({percent:.1f}%), greedy placed {greedy}, {elapsed:.0f} ms"
    )
    print(line)
    return "\n".join(
        [
            "## Scheduling",
            "",
            f"`brokerage/scheduling.py` (OR-Tools CP-SAT) on {PARTICIPANTS} participants, "
            f"{REQUESTS:,} accepted requests (Zipf-like popularity; 70% can attend both "
            f"sessions), {SESSIONS} sessions of {SLOTS_PER_SESSION} slots, {TABLES} tables. "
            "The upper bound is computed without the solver (free tables across the slots, "
            "and half the participants' slot capacity). Target: placed equals the bound or "
            "the solver's proven maximum, at least greedy, in at most 5 s. Here the tables "
            "(60 x 24 = 1,440) bind, so first-fit also reaches the maximum; the rest of "
            "the time goes to removing idle gaps (by swapping slots and meetings).",
            "",
            "```",
            line,
            f"proven optimal: {result.optimal}, idle gaps: {result.gaps} "
            f"(greedy's: {greedy_gaps}), unplaced: {len(result.unplaced)}",
            "```",
            "",
        ]
    )
