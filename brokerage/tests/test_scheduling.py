"""The scheduler: known optima (greedy wrong), no violations, fixed meetings kept."""

import itertools
import random
from collections import Counter

import pytest

from brokerage.scheduling import (
    NO_COMMON_SLOT,
    NO_ROOM,
    Meeting,
    Problem,
    Slot,
    greedy,
    schedule,
    upper_bound,
)

MORNING, AFTERNOON = "morning", "afternoon"


def slots(session, n):
    return [Slot(session, i) for i in range(n)]


def assert_valid(problem, result):
    """No participant twice in a slot, no table twice, no slot over its tables, and every
    meeting in a slot both sides can attend."""
    people, tables = Counter(), Counter()
    meetings = {m.key: m for m in problem.meetings}
    for key, (slot, table) in result.placed.items():
        meeting = meetings[key]
        for person in (meeting.a, meeting.b):
            people[person, slot] += 1
            allowed = problem.availability.get(person)
            assert allowed is None or slot.session in allowed
        tables[slot, table] += 1
        assert 1 <= table <= problem.tables
    assert max(people.values(), default=0) <= 1
    assert max(tables.values(), default=0) <= 1
    assert set(result.placed) | set(result.unplaced) == set(meetings)


def test_places_both_meetings_where_first_fit_places_one():
    # A-B could meet in either session; A-C only in the morning. First-fit puts A-B in
    # the morning and strands A-C; the optimum moves A-B to the afternoon.
    problem = Problem(
        slots=slots(MORNING, 1) + slots(AFTERNOON, 1),
        tables=5,
        availability={"C": [MORNING]},
        meetings=[Meeting(1, "A", "B"), Meeting(2, "A", "C")],
    )
    assert len(greedy(problem)) == 1
    result = schedule(problem)
    assert result.count == 2 and result.optimal
    assert result.placed[1][0] == Slot(AFTERNOON, 0)
    assert_valid(problem, result)


def test_tables_limit_a_slot_and_the_rest_are_listed_with_a_reason():
    problem = Problem(
        slots=slots(MORNING, 1),
        tables=2,
        availability={"Z": [AFTERNOON]},
        meetings=[Meeting(1, "A", "B"), Meeting(2, "C", "D"), Meeting(3, "E", "F")]
        + [Meeting(4, "A", "Z")],
    )
    result = schedule(problem)
    assert result.count == 2
    assert result.unplaced[4] == NO_COMMON_SLOT
    assert list(result.unplaced.values()).count(NO_ROOM) == 1
    assert upper_bound(problem) == 2
    assert_valid(problem, result)


def test_back_to_back_meetings_leave_no_idle_gap():
    # One table. First-fit gives A the first and last slots (an idle gap between);
    # the better schedule puts C-D first and A's two meetings back to back.
    problem = Problem(
        slots=slots(MORNING, 3),
        tables=1,
        availability={},
        meetings=[Meeting(1, "A", "B"), Meeting(2, "C", "D"), Meeting(3, "A", "E")],
    )
    first_fit = greedy(problem)
    assert first_fit[1] == Slot(MORNING, 0) and first_fit[3] == Slot(MORNING, 2)
    result = schedule(problem)
    assert result.count == 3
    assert result.gaps == 0
    assert_valid(problem, result)


def test_rescheduling_keeps_published_meetings_and_changes_nothing():
    problem = Problem(
        slots=slots(MORNING, 4),
        tables=2,
        availability={},
        meetings=[Meeting(i, a, b) for i, (a, b) in enumerate(itertools.combinations("ABCD", 2))],
    )
    first = schedule(problem)
    fixed = [
        Meeting(m.key, m.a, m.b, *first.placed[m.key]) if m.key in first.placed else m
        for m in problem.meetings
    ]
    again = schedule(Problem(problem.slots, problem.tables, {}, fixed))
    assert again.placed == first.placed


def test_new_meetings_fit_around_fixed_ones():
    published = Meeting(1, "A", "B", Slot(MORNING, 0), 1)
    problem = Problem(
        slots=slots(MORNING, 2),
        tables=1,
        availability={},
        meetings=[published, Meeting(2, "A", "C"), Meeting(3, "D", "E")],
    )
    result = schedule(problem)
    assert result.placed[1] == (Slot(MORNING, 0), 1)
    assert result.count == 2  # one table: slot 0 is taken, one of 2 and 3 fits slot 1
    assert_valid(problem, result)


def brute_force(problem):
    """The true maximum by trying every assignment (tiny problems only)."""
    choices = [[None, *problem.slots] for _ in problem.meetings]
    best = 0
    for assignment in itertools.product(*choices):
        people, per_slot = set(), Counter()
        ok = True
        for meeting, slot in zip(problem.meetings, assignment, strict=True):
            if slot is None:
                continue
            for person in (meeting.a, meeting.b):
                allowed = problem.availability.get(person)
                if (person, slot) in people or (
                    allowed is not None and slot.session not in allowed
                ):
                    ok = False
                people.add((person, slot))
            per_slot[slot] += 1
        if ok and max(per_slot.values(), default=0) <= problem.tables:
            best = max(best, sum(s is not None for s in assignment))
    return best


@pytest.mark.parametrize("seed", range(12))
def test_random_small_events_reach_the_true_maximum_and_never_break_a_rule(seed):
    rng = random.Random(seed)
    people = "ABCDE"
    pairs = rng.sample(list(itertools.combinations(people, 2)), 6)
    problem = Problem(
        slots=slots(MORNING, 2) + slots(AFTERNOON, 1),
        tables=rng.choice([1, 2]),
        availability={
            p: rng.choice([[MORNING], [AFTERNOON], [MORNING, AFTERNOON]]) for p in people
        },
        meetings=[Meeting(i, a, b) for i, (a, b) in enumerate(pairs)],
    )
    result = schedule(problem)
    assert_valid(problem, result)
    assert result.count == brute_force(problem)
    assert result.count >= len(greedy(problem))
    assert result.count <= upper_bound(problem)


def test_large_events_remove_gaps_by_local_moves_without_breaking_a_rule(monkeypatch):
    # Past the exact gap model's size, whole slots and pairs of meetings are swapped
    # while that removes idle gaps; the count stays the maximum and every rule holds.
    from brokerage import scheduling

    monkeypatch.setattr(scheduling, "GAP_MODEL_LIMIT", 0)
    rng = random.Random(3)
    people = [f"P{i}" for i in range(40)]
    pairs = set()
    while len(pairs) < 150:
        a, b = rng.sample(people, 2)
        pairs.add((min(a, b), max(a, b)))
    problem = Problem(
        slots=slots(MORNING, 8) + slots(AFTERNOON, 8),
        tables=6,
        availability={p: [MORNING] for p in people[:5]},
        meetings=[Meeting(i, a, b) for i, (a, b) in enumerate(sorted(pairs))],
    )
    first_fit = greedy(problem)
    before = scheduling._count_gaps(problem, {k: (s, 1) for k, s in first_fit.items()})
    result = schedule(problem, time_limit=3)
    assert_valid(problem, result)
    assert result.count >= len(first_fit)
    assert result.gaps < before
