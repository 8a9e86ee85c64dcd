"""What every scheduler shares: published meetings, candidate slots, tables, reasons, bounds."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from nahwerk_engine.scheduling.model import (
    Assignment,
    Instance,
    Request,
    Schedule,
    Unplaced,
    UnplacedReason,
)

__all__ = [
    "Board",
    "Prepared",
    "build_schedule",
    "cheap_bound",
    "idle_gaps",
    "person_idle_gaps",
    "prepare",
]


def _slots(slots: Iterable[int]) -> str:
    ordered = sorted(slots)
    label = "slot" if len(ordered) == 1 else "slots"
    return f"{label} {', '.join(str(s) for s in ordered)}" if ordered else "no slot"


@dataclass
class Prepared:
    """An instance digested for the schedulers.

    ``pinned`` are published meetings that stay where they are (moves not allowed, still
    valid); ``conflicts`` published meetings that cannot stay (moves not allowed), with
    the reason. All other requests are ``free``: ``candidates`` lists the slots both
    participants can attend, minus slots taken by pinned meetings and full slots.
    """

    instance: Instance
    requests: dict[int, Request]
    common: dict[int, tuple[int, ...]]
    pinned: dict[int, tuple[int, int]]
    conflicts: dict[int, str]
    kept: dict[int, tuple[int, int]]
    free: list[int]
    candidates: dict[int, tuple[int, ...]]
    pinned_count: list[int]
    by_person: dict[int, list[int]]

    @property
    def order(self) -> list[int]:
        """Free requests, most valuable and least flexible first (the greedy order)."""
        return sorted(
            self.free,
            key=lambda r: (-self.requests[r].priority, len(self.candidates[r]), r),
        )


def prepare(instance: Instance) -> Prepared:
    T, K = instance.slots, instance.tables
    requests = {r.id: r for r in instance.requests}
    common = {
        r.id: tuple(
            s for s in range(T) if instance.available(r.a, s) and instance.available(r.b, s)
        )
        for r in instance.requests
    }
    pinned: dict[int, tuple[int, int]] = {}
    kept: dict[int, tuple[int, int]] = {}
    conflicts: dict[int, str] = {}
    busy: dict[tuple[int, int], int] = {}
    taken: dict[tuple[int, int], int] = {}
    published = sorted(
        (rid for rid in instance.published if rid in requests),
        key=lambda rid: (-requests[rid].priority, rid),
    )
    # Published meetings are checked most valuable first, so when two of them collide the
    # more valuable one stays.
    for rid in published:
        request, (s, k) = requests[rid], instance.published[rid]
        problem = ""
        if not 0 <= s < T:
            problem = f"slot {s} no longer exists (the event has {T} slots)"
        elif not 0 <= k < K:
            problem = f"table {k} no longer exists (the event has {K} tables)"
        else:
            for person in (request.a, request.b):
                if not instance.available(person, s):
                    problem = f"participant {person} is no longer available in slot {s}"
                elif (person, s) in busy:
                    problem = (
                        f"participant {person} has another published meeting "
                        f"(request {busy[person, s]}) in slot {s}"
                    )
                if problem:
                    break
            if not problem and (s, k) in taken:
                problem = f"table {k} in slot {s} is published for request {taken[s, k]} too"
        if problem:
            if not instance.allow_moves:
                conflicts[rid] = f"published at slot {s}, table {k}, but {problem}"
            continue
        (kept if instance.allow_moves else pinned)[rid] = (s, k)
        busy[request.a, s] = busy[request.b, s] = rid
        taken[s, k] = rid
    pinned_count = [0] * T
    pinned_busy: set[tuple[int, int]] = set()
    for rid, (s, _) in pinned.items():
        pinned_count[s] += 1
        pinned_busy.update({(requests[rid].a, s), (requests[rid].b, s)})
    free = [r.id for r in instance.requests if r.id not in pinned and r.id not in conflicts]
    candidates = {
        rid: tuple(
            s
            for s in common[rid]
            if pinned_count[s] < K
            and (requests[rid].a, s) not in pinned_busy
            and (requests[rid].b, s) not in pinned_busy
        )
        for rid in free
    }
    by_person: dict[int, list[int]] = defaultdict(list)
    for r in instance.requests:
        by_person[r.a].append(r.id)
        by_person[r.b].append(r.id)
    return Prepared(
        instance=instance,
        requests=requests,
        common=common,
        pinned=pinned,
        conflicts=conflicts,
        kept=kept,
        free=free,
        candidates=candidates,
        pinned_count=pinned_count,
        by_person=dict(by_person),
    )


def person_idle_gaps(instance: Instance, person: int, slots: Iterable[int]) -> int:
    """Slots strictly between the first and last meeting that are available and empty."""
    taken = set(slots)
    if len(taken) < 2:
        return 0
    return sum(
        1
        for s in range(min(taken) + 1, max(taken))
        if s not in taken and instance.available(person, s)
    )


def idle_gaps(instance: Instance, slot_of: Mapping[int, int]) -> int:
    """Total idle gaps of a schedule given as request id -> slot."""
    requests = {r.id: r for r in instance.requests}
    slots: dict[int, list[int]] = defaultdict(list)
    for rid, s in slot_of.items():
        slots[requests[rid].a].append(s)
        slots[requests[rid].b].append(s)
    return sum(person_idle_gaps(instance, p, taken) for p, taken in slots.items())


class Board:
    """A partial schedule (request -> slot) with the occupancy needed to extend it fast."""

    def __init__(self, prep: Prepared) -> None:
        self.prep = prep
        self.slot_of: dict[int, int] = {}
        self.at: dict[tuple[int, int], int] = {}  # (person, slot) -> request
        self.count = [0] * prep.instance.slots
        self.slots_of: dict[int, set[int]] = defaultdict(set)
        for rid, (s, _) in prep.pinned.items():
            self.place(rid, s)

    def fits(self, rid: int, s: int) -> bool:
        r = self.prep.requests[rid]
        return (
            self.count[s] < self.prep.instance.tables
            and (r.a, s) not in self.at
            and (r.b, s) not in self.at
        )

    def place(self, rid: int, s: int) -> None:
        r = self.prep.requests[rid]
        self.slot_of[rid] = s
        self.at[r.a, s] = self.at[r.b, s] = rid
        self.count[s] += 1
        self.slots_of[r.a].add(s)
        self.slots_of[r.b].add(s)

    def remove(self, rid: int) -> int:
        r = self.prep.requests[rid]
        s = self.slot_of.pop(rid)
        del self.at[r.a, s], self.at[r.b, s]
        self.count[s] -= 1
        self.slots_of[r.a].discard(s)
        self.slots_of[r.b].discard(s)
        return s

    def gap_delta(self, rid: int, s: int) -> int:
        """How many idle gaps placing ``rid`` in ``s`` adds (negative: it fills some)."""
        r = self.prep.requests[rid]
        instance = self.prep.instance
        delta = 0
        for p in (r.a, r.b):
            now = self.slots_of[p]
            delta += person_idle_gaps(instance, p, now | {s}) - person_idle_gaps(instance, p, now)
        return delta

    def best_slot(self, rid: int, exclude: int = -1) -> int | None:
        """The fitting candidate slot that adds the fewest idle gaps (then the emptiest)."""
        best: tuple[int, int, int] | None = None
        for s in self.prep.candidates[rid]:
            if s != exclude and self.fits(rid, s):
                key = (self.gap_delta(rid, s), self.count[s], s)
                if best is None or key < best:
                    best = key
        return None if best is None else best[2]

    def fill(self, order: Iterable[int]) -> None:
        """Place every request of ``order`` that still fits somewhere, in that order."""
        for rid in order:
            if rid not in self.slot_of:
                s = self.best_slot(rid)
                if s is not None:
                    self.place(rid, s)

    @property
    def moves(self) -> int:
        """Published meetings (moves allowed) that are not in their published slot."""
        return sum(1 for rid, (s, _) in self.prep.kept.items() if self.slot_of.get(rid) != s)

    def cost(self) -> tuple[int, int]:
        """What the polish minimises, in order: moves, then idle gaps."""
        return self.moves, idle_gaps(self.prep.instance, self.slot_of)

    @property
    def value(self) -> int:
        return sum(self.prep.requests[rid].priority for rid in self.slot_of)

    def _gaps(self, people: Iterable[int]) -> int:
        instance = self.prep.instance
        return sum(person_idle_gaps(instance, p, self.slots_of[p]) for p in people)

    def _people(self, *rids: int) -> set[int]:
        requests = self.prep.requests
        return {p for rid in rids for p in (requests[rid].a, requests[rid].b)}

    def _movable(self, rid: int) -> bool:
        if rid in self.prep.pinned:
            return False
        # with moves allowed, a published meeting that is still in place stays there
        kept = self.prep.kept.get(rid)
        return kept is None or self.slot_of.get(rid) != kept[0]

    def _relocate(self, rid: int) -> bool:
        s = self.slot_of[rid]
        people = self._people(rid)
        before = self._gaps(people)
        self.remove(rid)
        best, best_gaps = s, before
        for t in self.prep.candidates[rid]:
            if t != s and self.fits(rid, t):
                self.place(rid, t)
                gaps = self._gaps(people)
                self.remove(rid)
                if gaps < best_gaps:
                    best, best_gaps = t, gaps
        self.place(rid, best)
        return best != s

    def _swap(self, first: int, second: int) -> bool:
        s, t = self.slot_of[first], self.slot_of[second]
        if s == t or t not in self.prep.candidates[first] or s not in self.prep.candidates[second]:
            return False
        people = self._people(first, second)
        before = self._gaps(people)
        self.remove(first)
        self.remove(second)
        if self.fits(first, t):
            self.place(first, t)
            if self.fits(second, s):
                self.place(second, s)
                if self._gaps(people) < before:
                    return True
                self.remove(second)
            self.remove(first)
        self.place(first, s)
        self.place(second, t)
        return False

    def reduce_gaps(self, deadline: float | None = None) -> None:
        """Move one meeting, or swap two meetings of one participant, while gaps shrink.

        A local search on the slots of the placed meetings; the set of meetings (and so
        the value) stays the same.
        """
        improved = True
        while improved:
            improved = False
            for rid in sorted(self.slot_of):
                if deadline is not None and time.perf_counter() > deadline:
                    return
                if self._movable(rid) and self._relocate(rid):
                    improved = True
            for p, slots in list(self.slots_of.items()):
                if deadline is not None and time.perf_counter() > deadline:
                    return
                if person_idle_gaps(self.prep.instance, p, slots) == 0:
                    continue
                mine = [rid for rid in self.prep.by_person.get(p, ()) if rid in self.slot_of]
                for i, first in enumerate(mine):
                    for second in mine[i + 1 :]:
                        if (
                            self._movable(first)
                            and self._movable(second)
                            and self._swap(first, second)
                        ):
                            improved = True


def _assign_tables(prep: Prepared, slot_of: Mapping[int, int]) -> list[Assignment]:
    """Concrete tables: published meetings keep theirs when still in the same slot."""
    K = prep.instance.tables
    by_slot: dict[int, list[int]] = defaultdict(list)
    for rid, s in slot_of.items():
        by_slot[s].append(rid)
    wanted = {**prep.kept, **prep.pinned}
    assignments: list[Assignment] = []
    for s, rids in sorted(by_slot.items()):
        rids.sort(key=lambda r: (r not in prep.pinned, -prep.requests[r].priority, r))
        used: set[int] = set()
        table_of: dict[int, int] = {}
        for rid in rids:
            place = wanted.get(rid) or prep.instance.published.get(rid)
            if place is not None and place[0] == s and 0 <= place[1] < K and place[1] not in used:
                table_of[rid] = place[1]
                used.add(place[1])
        free_tables = iter(k for k in range(K) if k not in used)
        for rid in rids:
            if rid not in table_of:
                table_of[rid] = next(free_tables)
        assignments.extend(Assignment(rid, s, table_of[rid]) for rid in rids)
    assignments.sort(key=lambda a: (a.slot, a.table))
    return assignments


def _explain(prep: Prepared, board: Board, rid: int) -> Unplaced:
    instance = prep.instance
    r = prep.requests[rid]
    if rid in prep.conflicts:
        return Unplaced(rid, UnplacedReason.PUBLISHED_CONFLICT, prep.conflicts[rid])
    absent = [
        p for p in (r.a, r.b) if not any(instance.available(p, s) for s in range(instance.slots))
    ]
    if absent:
        who = " and ".join(f"participant {p}" for p in absent)
        return Unplaced(
            rid, UnplacedReason.PARTICIPANT_UNAVAILABLE, f"{who} cannot attend any slot"
        )
    common = prep.common[rid]
    if not common:
        a_slots = [s for s in range(instance.slots) if instance.available(r.a, s)]
        b_slots = [s for s in range(instance.slots) if instance.available(r.b, s)]
        return Unplaced(
            rid,
            UnplacedReason.NO_COMMON_SLOT,
            f"participants {r.a} and {r.b} have no slot in common "
            f"({r.a} can attend {_slots(a_slots)}; {r.b} can attend {_slots(b_slots)})",
        )
    busy: dict[int, list[int]] = {r.a: [], r.b: []}
    open_slots = []
    for s in common:
        blocked = False
        for p in (r.a, r.b):
            if (p, s) in board.at:
                busy[p].append(s)
                blocked = True
        if not blocked:
            open_slots.append(s)
    if not open_slots:
        parts = [f"{p} in {_slots(slots)}" for p, slots in busy.items() if slots]
        return Unplaced(
            rid,
            UnplacedReason.PARTICIPANT_FULL,
            f"in every slot both {r.a} and {r.b} can attend ({_slots(common)}), one of them "
            f"already has another meeting: {'; '.join(parts)}",
        )
    T, K = instance.slots, instance.tables
    if K == 0:
        detail = "the event has no tables"
    else:
        noun = "table is" if K == 1 else f"{K} tables are"
        detail = (
            f"all {'the ' if K > 1 else ''}{noun} taken in {_slots(open_slots)}, "
            f"where both {r.a} and {r.b} are free"
        )
    if len(instance.requests) > T * K:
        detail += (
            f" ({len(instance.requests)} meetings accepted for {T} slots x {K} tables = "
            f"{T * K} places)"
        )
    return Unplaced(rid, UnplacedReason.CAPACITY, detail)


def cheap_bound(prep: Prepared) -> int:
    """A valid upper bound on the value, without a solver.

    The minimum of three relaxations: every request that has a candidate slot is
    scheduled; only as many meetings as there are places (tables, and pairs of free
    participants, per slot); every participant meets only as often as they have free
    slots (each meeting counted from both sides, so halved).
    """
    instance = prep.instance
    fixed = sum(prep.requests[rid].priority for rid in prep.pinned)
    placeable = [rid for rid in prep.free if prep.candidates[rid]]
    priorities = sorted((prep.requests[rid].priority for rid in placeable), reverse=True)
    everything = sum(priorities)
    per_slot_people: dict[int, set[int]] = defaultdict(set)
    per_slot_requests = [0] * instance.slots
    for rid in placeable:
        r = prep.requests[rid]
        for s in prep.candidates[rid]:
            per_slot_people[s].update((r.a, r.b))
            per_slot_requests[s] += 1
    places = sum(
        min(
            instance.tables - prep.pinned_count[s],
            len(per_slot_people[s]) // 2,
            per_slot_requests[s],
        )
        for s in range(instance.slots)
    )
    by_places = sum(priorities[:places])
    person_slots: dict[int, set[int]] = defaultdict(set)
    person_values: dict[int, list[int]] = defaultdict(list)
    for rid in placeable:
        r = prep.requests[rid]
        for p in (r.a, r.b):
            person_slots[p].update(prep.candidates[rid])
            person_values[p].append(r.priority)
    doubled = 0
    for p, values in person_values.items():
        values.sort(reverse=True)
        doubled += sum(values[: len(person_slots[p])])
    return fixed + min(everything, by_places, doubled // 2)


def build_schedule(
    prep: Prepared,
    board: Board,
    *,
    method: str,
    upper_bound: int,
    optimal: bool,
    seconds: float,
    note: str = "",
) -> Schedule:
    instance = prep.instance
    assignments = _assign_tables(prep, board.slot_of)
    placed = {a.request_id: (a.slot, a.table) for a in assignments}
    value = sum(prep.requests[rid].priority for rid in placed)
    unplaced = tuple(_explain(prep, board, r.id) for r in instance.requests if r.id not in placed)
    moved = sum(
        1
        for rid, place in instance.published.items()
        if rid in prep.requests and placed.get(rid) != place and rid not in prep.conflicts
    )
    return Schedule(
        assignments=tuple(assignments),
        unplaced=unplaced,
        value=value,
        upper_bound=upper_bound,
        gap=(upper_bound - value) / upper_bound if upper_bound else 0.0,
        idle_gaps=idle_gaps(instance, board.slot_of),
        method=method,
        optimal=optimal,
        seconds=seconds,
        moved=moved,
        note=note,
    )
