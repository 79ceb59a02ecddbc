"""Place accepted meeting requests into slots and tables: pure, no database.

The problem
-----------
A brokerage event has sessions; each session is a run of equal slots, and each slot
has the same number of tables. A *meeting* (an accepted request between two
participants) needs one slot in which both participants are available and free, and one
table. So, for every slot:

- a participant is in at most one meeting;
- at most ``tables`` meetings take place.

Meetings already *fixed* (published agendas people have seen) keep their slot and
table; the rest are placed around them.

Goals, in order:

1. place as many meetings as the constraints allow (the maximum, not a first-fit);
2. among the schedules that place that many, leave each participant as few idle gaps
   as possible (a gap is a run of free slots between two of their meetings in a
   session: a participant whose meetings are back-to-back has none).

Why a solver
------------
Goal 1 is an edge-colouring problem in disguise (each slot's meetings form a matching
in the "who meets whom" graph), which is NP-hard in general, so no polynomial
algorithm such as max-flow is exact for it. We state it as a small integer program
and hand it to OR-Tools' CP-SAT, a maintained, well-tested solver that proves
optimality: one boolean per (meeting, slot) it could use, "at most one slot per
meeting", "at most one meeting per participant per slot", "at most ``tables`` per
slot". Phase one maximises the number placed (seeded with the greedy schedule, so it
is never worse than greedy); phase two keeps that number and minimises the number of
blocks of back-to-back meetings per participant (one block and no gaps is best), for
whatever time is left of the budget.

Tables within a slot are interchangeable, so they are numbered after solving: fixed
meetings keep theirs, new ones take the lowest free table.

Every meeting left out is listed with its reason: the two sides share no available slot,
or all of their common slots are taken (by their other meetings or by full tables).

``upper_bound()`` is an independent bound, computed without the solver, that the
benchmark compares the solver's result against.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations

NO_COMMON_SLOT = "no common slot: the two sides are never available at the same time"
GAP_MODEL_LIMIT = 20_000
NO_ROOM = "no room: every slot both sides can attend is taken by their other meetings or full"


@dataclass(frozen=True)
class Slot:
    """One meeting slot: ``index`` orders slots within a ``session``."""

    session: Hashable
    index: int


@dataclass(frozen=True)
class Meeting:
    """An accepted request between participants ``a`` and ``b``.

    ``slot`` and ``table`` are set for a fixed (published) meeting, else None.
    """

    key: Hashable
    a: Hashable
    b: Hashable
    slot: Slot | None = None
    table: int | None = None


@dataclass
class Problem:
    """Sessions' slots, tables per slot, who can attend which session, and the meetings."""

    slots: list[Slot]
    tables: int
    # participant -> the sessions they can attend (missing: all sessions)
    availability: Mapping[Hashable, Iterable[Hashable]]
    meetings: list[Meeting]


@dataclass
class Result:
    """Where each meeting goes, what could not be placed and why, and how well it did."""

    placed: dict = field(default_factory=dict)  # meeting key -> (Slot, table)
    unplaced: dict = field(default_factory=dict)  # meeting key -> reason
    optimal: bool = False  # the number placed is proven to be the maximum
    gaps: int = 0  # idle gaps summed over participants

    @property
    def count(self):
        return len(self.placed)


def _sessions(problem):
    sessions = {}
    for slot in problem.slots:
        sessions.setdefault(slot.session, []).append(slot)
    return sessions


def _available_slots(problem, participant):
    sessions = problem.availability.get(participant)
    if sessions is None:
        return set(problem.slots)
    sessions = set(sessions)
    return {slot for slot in problem.slots if slot.session in sessions}


def _prepare(problem):
    """Fixed meetings, the meetings still to place, and the slots each could use."""
    fixed = [m for m in problem.meetings if m.slot is not None]
    busy = defaultdict(set)  # participant -> slots taken by fixed meetings
    used_tables = defaultdict(set)  # slot -> tables taken by fixed meetings
    for meeting in fixed:
        busy[meeting.a].add(meeting.slot)
        busy[meeting.b].add(meeting.slot)
        used_tables[meeting.slot].add(meeting.table)
    order = {slot: position for position, slot in enumerate(problem.slots)}  # time order
    free = {}
    for p in {p for m in problem.meetings for p in (m.a, m.b)}:
        free[p] = _available_slots(problem, p)
    options = {}
    common = {}
    for meeting in problem.meetings:
        if meeting.slot is not None:
            continue
        both = free[meeting.a] & free[meeting.b]
        common[meeting.key] = both
        options[meeting.key] = sorted(both - busy[meeting.a] - busy[meeting.b], key=order.get)
    capacity = {s: problem.tables - len(used_tables[s]) for s in problem.slots}
    return fixed, options, common, capacity, used_tables


def greedy(problem: Problem) -> dict:
    """First-fit: each meeting in turn takes the earliest slot free for both sides and a
    table. The baseline the solver must never fall below (and its starting hint)."""
    fixed, options, _, capacity, _ = _prepare(problem)
    taken = defaultdict(set)
    for m in fixed:
        taken[m.a].add(m.slot)
        taken[m.b].add(m.slot)
    capacity = dict(capacity)
    chosen = {}
    for meeting in problem.meetings:
        if meeting.slot is not None:
            continue
        for slot in options[meeting.key]:
            if capacity[slot] > 0 and slot not in taken[meeting.a] and slot not in taken[meeting.b]:
                chosen[meeting.key] = slot
                capacity[slot] -= 1
                taken[meeting.a].add(slot)
                taken[meeting.b].add(slot)
                break
    return chosen


def upper_bound(problem: Problem) -> int:
    """A bound on the meetings any schedule can hold, computed without the solver.

    The smaller of: the fixed meetings plus free tables across the slots; and half the
    sum over participants of min(their meetings, the slots they can attend) (each
    meeting uses two participant-slots), counting only meetings with a common slot.
    """
    fixed, options, common, capacity, _ = _prepare(problem)
    tables = len(fixed) + sum(max(0, c) for c in capacity.values())
    degree = defaultdict(int)
    for meeting in problem.meetings:
        if meeting.slot is not None or common[meeting.key]:
            degree[meeting.a] += 1
            degree[meeting.b] += 1
    people = sum(min(d, len(_available_slots(problem, p))) for p, d in degree.items())
    return min(tables, people // 2)


def _count_gaps(problem, placed):
    """Idle gaps: per participant and session, runs of free slots between meetings."""
    by_person = defaultdict(set)
    for meeting in problem.meetings:
        slot = meeting.slot if meeting.slot is not None else placed.get(meeting.key, (None,))[0]
        if slot is None:
            continue
        by_person[meeting.a].add(slot)
        by_person[meeting.b].add(slot)
    gaps = 0
    for slots in by_person.values():
        sessions = defaultdict(list)
        for slot in slots:
            sessions[slot.session].append(slot.index)
        for indexes in sessions.values():
            indexes.sort()
            gaps += sum(1 for x, y in zip(indexes, indexes[1:], strict=False) if y > x + 1)
    return gaps


def _build(problem, options, capacity):
    """The CP-SAT model: one boolean per (meeting, usable slot) and the three limits."""
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    x = {}  # (meeting key, slot) -> bool
    per_slot = defaultdict(list)
    per_person_slot = defaultdict(list)  # (participant, slot) -> meeting keys
    by_meeting = defaultdict(list)
    meeting_by_key = {m.key: m for m in problem.meetings}
    for key, slots in options.items():
        meeting = meeting_by_key[key]
        for slot in slots:
            if capacity[slot] <= 0:
                continue
            var = model.new_bool_var("")
            x[key, slot] = var
            per_slot[slot].append(var)
            by_meeting[key].append(var)
            per_person_slot[meeting.a, slot].append(key)
            per_person_slot[meeting.b, slot].append(key)
    for variables in by_meeting.values():
        model.add_at_most_one(variables)
    for (_, slot), keys in per_person_slot.items():
        if len(keys) > 1:
            model.add_at_most_one(x[key, slot] for key in keys)
    for slot, variables in per_slot.items():
        if len(variables) > capacity[slot]:
            model.add(sum(variables) <= capacity[slot])
    return model, x, per_person_slot


def _solve(model, time_limit, workers):
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    status = solver.solve(model)
    return solver, status in (cp_model.OPTIMAL, cp_model.FEASIBLE), status == cp_model.OPTIMAL


def schedule(problem: Problem, *, time_limit: float = 4.0, workers: int = 2) -> Result:
    """The schedule that places the most meetings, then leaves the fewest idle gaps.

    Fixed meetings keep their slot and table. ``time_limit`` (seconds) bounds the whole
    search; if the proof of the maximum does not finish in time, the best schedule
    found is returned with ``optimal`` False (it still places at least the greedy count).
    """
    started = time.monotonic()
    fixed, options, common, capacity, used_tables = _prepare(problem)
    hint = greedy(problem)

    bound = upper_bound(problem)

    # Phase one: the most meetings. When first-fit already reaches the independent
    # bound it is the maximum, and the solver has nothing to prove.
    chosen, optimal, build = hint, len(hint) == bound, 0.0
    if not optimal:
        model, x, _ = _build(problem, options, capacity)
        for (key, slot), var in x.items():
            model.add_hint(var, hint.get(key) == slot)
        model.maximize(sum(x.values()))
        build = time.monotonic() - started
        solver, found, optimal = _solve(model, time_limit - build, workers)
        if found:
            solved = {key: slot for (key, slot), var in x.items() if solver.boolean_value(var)}
            if len(solved) >= len(hint):  # never worse than first-fit
                chosen = solved
        optimal = optimal or len(chosen) == bound

    # Phase two: the same number of meetings, the fewest blocks per participant. This
    # model is much harder than the first; past GAP_MODEL_LIMIT variables CP-SAT finds
    # nothing better within seconds, so large events improve phase one's schedule by
    # reordering whole slots instead (which keeps every constraint true).
    variables = sum(1 for slots in options.values() for slot in slots if capacity[slot] > 0)
    remaining = time_limit - (time.monotonic() - started) - max(build, 0.5)
    if chosen and remaining > 0.2 and variables <= GAP_MODEL_LIMIT:
        better = _fewer_gaps(problem, options, capacity, fixed, chosen, remaining, workers)
        if better is not None and len(better) == len(chosen):
            chosen = better
    elif chosen:
        deadline = started + time_limit
        chosen = _reorder_slots(problem, fixed, chosen, deadline)

    result = Result(optimal=optimal)
    tables_taken = {slot: set(t) for slot, t in used_tables.items()}
    for meeting in problem.meetings:
        if meeting.slot is not None:
            result.placed[meeting.key] = (meeting.slot, meeting.table)
    for meeting in problem.meetings:
        if meeting.slot is not None:
            continue
        slot = chosen.get(meeting.key)
        if slot is None:
            result.unplaced[meeting.key] = NO_ROOM if common[meeting.key] else NO_COMMON_SLOT
            continue
        taken = tables_taken.setdefault(slot, set())
        table = next(t for t in range(1, problem.tables + 1) if t not in taken)
        taken.add(table)
        result.placed[meeting.key] = (slot, table)
    result.gaps = _count_gaps(problem, result.placed)
    return result


def _runs(indexes):
    """Blocks of back-to-back slots in a sorted list of slot indexes."""
    return sum(1 for i, x in enumerate(indexes) if i == 0 or indexes[i - 1] != x - 1)


def _reorder_slots(problem, fixed, chosen, deadline):
    """Swap whole slots within a session while that removes idle gaps.

    Moving every meeting of slot i to slot j and back keeps all the rules: the same
    people are busy once per slot, the tables per slot are the same and availability
    is per session. Slots holding fixed meetings stay where they are.
    """
    meetings = {m.key: m for m in problem.meetings}
    column = defaultdict(set)  # slot first chosen -> people of its movable meetings
    for key, slot in chosen.items():
        column[slot] |= {meetings[key].a, meetings[key].b}
    pinned = {m.slot for m in fixed}
    busy = defaultdict(set)  # (person, session) -> slot indexes
    for m in fixed:
        for p in (m.a, m.b):
            busy[p, m.slot.session].add(m.slot.index)
    for slot, people in column.items():
        for p in people:
            busy[p, slot.session].add(slot.index)
    position = {}  # original slot -> where its meetings are now
    for session, slots in _sessions(problem).items():
        movable = [slot for slot in slots if slot not in pinned]
        where = {slot: slot for slot in movable}  # position -> slot first chosen there
        improved = True
        while improved and time.monotonic() < deadline:
            improved = False
            for x, y in combinations(movable, 2):
                px, py = column[where[x]], column[where[y]]  # who is at x and at y now
                people = px ^ py
                if not people:
                    continue
                before = sum(_runs(sorted(busy[p, session])) for p in people)
                after = 0
                for p in people:
                    moved = set(busy[p, session])
                    old, new = (x.index, y.index) if p in px else (y.index, x.index)
                    moved.discard(old)
                    moved.add(new)
                    after += _runs(sorted(moved))
                if after < before:
                    for p in people:
                        old, new = (x.index, y.index) if p in px else (y.index, x.index)
                        busy[p, session].discard(old)
                        busy[p, session].add(new)
                    where[x], where[y] = where[y], where[x]
                    improved = True
        position |= {where[slot]: slot for slot in movable}
    chosen = {key: position.get(slot, slot) for key, slot in chosen.items()}
    return _swap_meetings(problem, fixed, chosen, deadline)


def _swap_meetings(problem, fixed, chosen, deadline, seed=0):
    """Swap the slots of two meetings in the same session when all four people are
    free in the other's slot and their idle gaps go down (a seeded random search)."""
    rng = random.Random(seed)
    meetings = {m.key: m for m in problem.meetings}
    busy = defaultdict(set)  # (person, session) -> slot indexes
    for m in fixed:
        for p in (m.a, m.b):
            busy[p, m.slot.session].add(m.slot.index)
    by_session = defaultdict(list)
    for key, slot in chosen.items():
        for p in (meetings[key].a, meetings[key].b):
            busy[p, slot.session].add(slot.index)
        by_session[slot.session].append(key)
    chosen = dict(chosen)
    sessions = [keys for keys in by_session.values() if len(keys) > 1]
    tries = 0
    while sessions and (tries % 256 or time.monotonic() < deadline):
        tries += 1
        if tries > 200_000:
            break
        keys = rng.choice(sessions)
        k1, k2 = rng.sample(keys, 2)
        s1, s2 = chosen[k1], chosen[k2]
        if s1 == s2:
            continue
        m1, m2 = meetings[k1], meetings[k2]
        p1, p2 = {m1.a, m1.b}, {m2.a, m2.b}
        if p1 & p2:
            continue
        session = s1.session
        if any(s2.index in busy[p, session] for p in p1) or any(
            s1.index in busy[p, session] for p in p2
        ):
            continue
        before = sum(_runs(sorted(busy[p, session])) for p in p1 | p2)
        after = sum(
            _runs(sorted((busy[p, session] - {old}) | {new}))
            for people, old, new in ((p1, s1.index, s2.index), (p2, s2.index, s1.index))
            for p in people
        )
        if after < before:
            for people, old, new in ((p1, s1.index, s2.index), (p2, s2.index, s1.index)):
                for p in people:
                    busy[p, session].discard(old)
                    busy[p, session].add(new)
            chosen[k1], chosen[k2] = s2, s1
    return chosen


def _fewer_gaps(problem, options, capacity, fixed, chosen, time_limit, workers):
    """Re-solve with the count fixed, minimising the blocks of back-to-back meetings
    (a block starts in a slot where a participant is busy and was not in the slot
    before); each block after a participant's first in a session is one idle gap."""
    model, x, per_person_slot = _build(problem, options, capacity)
    model.add(sum(x.values()) == len(chosen))
    for (key, slot), var in x.items():
        model.add_hint(var, chosen.get(key) == slot)
    fixed_busy = {(p, m.slot) for m in fixed for p in (m.a, m.b)}
    people = {p for p, _ in per_person_slot} | {p for p, _ in fixed_busy}
    starts = []
    for person in people:
        for slots in _sessions(problem).values():
            previous = None  # None: certainly free
            for slot in slots:
                if (person, slot) in fixed_busy:
                    occupied = 1
                elif per_person_slot.get((person, slot)):
                    occupied = sum(x[key, slot] for key in per_person_slot[person, slot])
                else:
                    previous = None
                    continue
                start = model.new_bool_var("")
                model.add(start >= occupied - (0 if previous is None else previous))
                starts.append(start)
                previous = occupied
    model.minimize(sum(starts))
    solver, found, _ = _solve(model, time_limit, workers)
    if not found:
        return None
    return {key: slot for (key, slot), var in x.items() if solver.boolean_value(var)}
