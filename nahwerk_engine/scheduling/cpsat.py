"""The exact scheduler: OR-Tools CP-SAT in two stages (value, then idle gaps and moves).

Only CP-SAT is imported here: loading HiGHS (highspy) into the same process crashes.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping

from ortools.sat.python import cp_model

from nahwerk_engine.scheduling.greedy import greedy_board
from nahwerk_engine.scheduling.model import Instance, Schedule
from nahwerk_engine.scheduling.placement import (
    Board,
    Prepared,
    build_schedule,
    cheap_bound,
    idle_gaps,
    prepare,
)

__all__ = ["solve"]

# Shares of the time limit (greedy, reserve for the result) and of the time left at the
# start of a stage that the stage may use; whatever the value stages leave goes to idle gaps.
GREEDY_SHARE = 0.15
RESERVE = 0.05
SELECT_SHARE = 0.3
REALISE_SHARE = 0.4
VALUE_SHARE = 0.6
LOCAL_SHARE = 0.3
MIN_SECONDS = 0.05


class _Model:
    """x[r, s] = request r meets in slot s; tables are assigned afterwards.

    ``requests`` are the free requests the model may place; with ``exact`` each of them
    must be placed (the value is then fixed and only gaps and moves are left).
    """

    def __init__(self, prep: Prepared, requests: Iterable[int], *, exact: bool = False) -> None:
        self.prep = prep
        instance = prep.instance
        T, K = instance.slots, instance.tables
        model = self.model = cp_model.CpModel()
        self.x: dict[tuple[int, int], cp_model.IntVar] = {}
        for rid in requests:
            for s in prep.candidates[rid]:
                self.x[rid, s] = model.new_bool_var(f"x{rid}_{s}")
        by_request: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        by_slot: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        self.by_person_slot: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
        self.placed_requests: set[int] = set(prep.pinned)
        for (rid, s), var in self.x.items():
            r = prep.requests[rid]
            self.placed_requests.add(rid)
            by_request[rid].append(var)
            by_slot[s].append(var)
            self.by_person_slot[r.a, s].append(var)
            self.by_person_slot[r.b, s].append(var)
        for variables in by_request.values():
            if exact:
                model.add_exactly_one(variables)
            elif len(variables) > 1:
                model.add_at_most_one(variables)
        for variables in self.by_person_slot.values():
            if len(variables) > 1:
                model.add_at_most_one(variables)
        for s, variables in by_slot.items():
            room = K - prep.pinned_count[s]
            if len(variables) > room:
                model.add(sum(variables) <= room)
        self.value = sum(prep.requests[rid].priority * var for (rid, _), var in self.x.items())
        self.fixed_value = sum(prep.requests[rid].priority for rid in prep.pinned)
        self.slots = T
        self.span: dict[int, tuple[cp_model.IntVar, cp_model.IntVar]] = {}
        self.move_terms: list[cp_model.LinearExprT] = []

    def add_span_model(self) -> cp_model.LinearExpr:
        """Idle gaps of a fixed set of meetings, as an expression to minimise.

        Number p's available slots 0, 1, 2, ... (``rank``). With n meetings, first at rank
        f and last at rank l, p has l - f + 1 - n idle gaps. With the meetings fixed (the
        polish stage), n is a constant, so it is enough to minimise the spans l - f; each
        meeting x[r, s] forces f <= rank(s) <= l. Far smaller than one variable per
        participant and slot, and it propagates like precedences.
        """
        prep, model = self.prep, self.model
        meetings: dict[int, list[tuple[int, cp_model.IntVar | None]]] = defaultdict(list)
        for (rid, s), var in self.x.items():
            r = prep.requests[rid]
            meetings[r.a].append((s, var))
            meetings[r.b].append((s, var))
        for rid, (s, _) in prep.pinned.items():
            r = prep.requests[rid]
            meetings[r.a].append((s, None))
            meetings[r.b].append((s, None))
        total: list[cp_model.LinearExprT] = []
        for p, options in sorted(meetings.items()):
            count = len({rid for rid in prep.by_person[p] if rid in self.placed_requests})
            if count < 2:
                continue
            rank = self._ranks(p)
            lo = min(rank[s] for s, _ in options)
            hi = max(rank[s] for s, _ in options)
            first = model.new_int_var(lo, hi, f"f{p}")
            last = model.new_int_var(lo, hi, f"l{p}")
            for s, option in options:
                if option is None:
                    model.add(first <= rank[s])
                    model.add(last >= rank[s])
                else:
                    model.add(first <= rank[s]).only_enforce_if(option)
                    model.add(last >= rank[s]).only_enforce_if(option)
            # each meeting takes its own available slot: no negative gaps (gives a bound)
            model.add(last - first >= count - 1)
            self.span[p] = (first, last)
            total.append(last - first + 1 - count)
        return cp_model.LinearExpr.sum(total)

    def _ranks(self, person: int) -> dict[int, int]:
        instance = self.prep.instance
        available = [s for s in range(instance.slots) if instance.available(person, s)]
        return {s: i for i, s in enumerate(available)}

    def add_move_terms(self) -> None:
        """A published meeting (moves allowed) that leaves its slot counts as one move."""
        prep = self.prep
        for rid, (s, _) in prep.instance.published.items():
            if rid not in prep.requests or rid in prep.pinned or rid in prep.conflicts:
                continue
            var = self.x.get((rid, s))
            self.move_terms.append(1 if var is None else 1 - var)

    def hint(self, slot_of: Mapping[int, int]) -> None:
        self.model.clear_hints()
        for (rid, s), var in self.x.items():
            self.model.add_hint(var, slot_of.get(rid) == s)
        requests = self.prep.requests
        slots: dict[int, list[int]] = defaultdict(list)
        for rid, s in slot_of.items():
            slots[requests[rid].a].append(s)
            slots[requests[rid].b].append(s)
        for p, (first, last) in self.span.items():
            rank = self._ranks(p)
            taken = [rank[s] for s in slots[p] if s in rank]
            if taken:
                self.model.add_hint(first, min(taken))
                self.model.add_hint(last, max(taken))

    def read(self, solver: cp_model.CpSolver) -> dict[int, int]:
        slot_of = {rid: s for rid, (s, _) in self.prep.pinned.items()}
        for (rid, s), var in self.x.items():
            if solver.boolean_value(var):
                slot_of[rid] = s
        return slot_of


def _run(
    model: cp_model.CpModel, deadline: float, workers: int, seed: int, share: float = 1.0
) -> tuple[cp_model.CpSolver, cp_model.CpSolverStatus]:
    """Solve with ``share`` of the time left before ``deadline`` (measured after building)."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(
        (deadline - time.perf_counter()) * share, MIN_SECONDS
    )
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    # CP-SAT's presolve expands the degree and capacity constraints into tens of thousands
    # of clauses and took seconds on 2 cores before the search even started; without it
    # the selection and the realisation of P = 500, M = 2,000 finish in about a second.
    solver.parameters.cp_model_presolve = False
    status = solver.solve(model)
    return solver, status


def _found(status: cp_model.CpSolverStatus) -> bool:
    return status in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def _select(
    prep: Prepared, hint: Board, deadline: float, workers: int, seed: int
) -> tuple[int | None, list[int]]:
    """The degree relaxation: pick requests so nobody has more meetings than free slots.

    Forgets which slot each meeting takes (it only counts meetings per participant, per
    single-slot group and over the event), so its optimum bounds the real one. On every
    event tried the selection could also be placed, so it is the set to realise.
    Returns (proven bound on the value of the free requests or None, selected requests).
    """
    model = cp_model.CpModel()
    chosen = {rid: model.new_bool_var(f"y{rid}") for rid in prep.free if prep.candidates[rid]}
    slots: dict[int, set[int]] = defaultdict(set)
    degree: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    per_slot: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for rid, var in chosen.items():
        r = prep.requests[rid]
        for p in (r.a, r.b):
            slots[p].update(prep.candidates[rid])
            degree[p].append(var)
        if len(prep.candidates[rid]) == 1:
            per_slot[prep.candidates[rid][0]].append(var)
    for p, variables in degree.items():
        if len(variables) > len(slots[p]):
            model.add(sum(variables) <= len(slots[p]))
    K = prep.instance.tables
    for s, variables in per_slot.items():
        if len(variables) > K - prep.pinned_count[s]:
            model.add(sum(variables) <= K - prep.pinned_count[s])
    model.add(sum(chosen.values()) <= sum(K - c for c in prep.pinned_count))
    model.maximize(sum(prep.requests[rid].priority * var for rid, var in chosen.items()))
    for rid, var in chosen.items():
        model.add_hint(var, rid in hint.slot_of)
    solver, status = _run(model, deadline, workers, seed, SELECT_SHARE)
    if not _found(status):
        return None, []
    bound = math.floor(solver.best_objective_bound + 1e-6)
    return bound, [rid for rid, var in chosen.items() if solver.boolean_value(var)]


def _board(prep: Prepared, slot_of: Mapping[int, int]) -> Board:
    board = Board(prep)
    for rid, s in slot_of.items():
        if rid not in prep.pinned:
            board.place(rid, s)
    return board


def _realise(
    prep: Prepared, selected: list[int], hint: Board, deadline: float, workers: int, seed: int
) -> dict[int, int] | None:
    """Place every selected request (a feasibility problem, quick for CP-SAT), or None."""
    m = _Model(prep, selected, exact=True)
    m.hint(hint.slot_of)
    solver, status = _run(m.model, deadline, workers, seed, REALISE_SHARE)
    return m.read(solver) if _found(status) else None


def _maximise(
    prep: Prepared, hint: Board, deadline: float, workers: int, seed: int
) -> tuple[dict[int, int] | None, int | None, bool]:
    """The full value model over every free request: (request -> slot, bound, optimal).

    Only used when the selection could not be placed: its LP relaxation is large, and on
    2 workers CP-SAT rarely improves much on the hint.
    """
    m = _Model(prep, prep.free)
    m.model.maximize(m.value)
    m.hint(hint.slot_of)
    solver, status = _run(m.model, deadline, workers, seed, VALUE_SHARE)
    if not _found(status):
        return None, None, False
    bound = m.fixed_value + math.floor(solver.best_objective_bound + 1e-6)
    return m.read(solver), bound, status == cp_model.OPTIMAL


def _polish(
    prep: Prepared, slot_of: dict[int, int], deadline: float, workers: int, seed: int
) -> tuple[dict[int, int] | None, bool]:
    """Same meetings, other slots: fewer moves of published meetings, then fewer idle gaps.

    Returns (request -> slot or None if nothing was found, proven minimal).
    """
    meetings = [rid for rid in slot_of if rid not in prep.pinned]
    m = _Model(prep, meetings, exact=True)
    gaps = m.add_span_model()
    m.add_move_terms()
    if not m.span and not m.move_terms:
        return slot_of, True  # nothing to minimise: the schedule as it is
    # a move costs more than all idle gaps together, so moves come first
    move_weight = len(prep.by_person) * prep.instance.slots + 1
    moves = cp_model.LinearExpr.sum(m.move_terms)
    m.model.minimize(moves * move_weight + gaps)
    m.hint(slot_of)
    solver, status = _run(m.model, deadline, workers, seed)
    if not _found(status):
        return None, False
    return m.read(solver), status == cp_model.OPTIMAL


def solve(
    instance: Instance, *, time_limit: float = 10.0, workers: int = 2, seed: int = 0
) -> Schedule:
    """Schedule with CP-SAT within ``time_limit`` seconds (wall clock, greedy included).

    1. Greedy schedule (the hint and the fallback) and a cheap bound.
    2. Selection: CP-SAT picks the most valuable set of requests such that nobody has
       more meetings than free slots and the tables suffice overall. This relaxation's
       proven bound is the schedule's ``upper_bound``.
    3. Realisation: CP-SAT places every selected request; then the value equals the bound
       and is optimal. If that fails, the full value model runs in part of the time left.
    4. Polish: a local search (move or swap meetings) removes idle gaps, then CP-SAT
       re-slots the same meetings to minimise moves of published meetings (when moves
       are allowed), then idle gaps, in the time left.

    If CP-SAT finds nothing in time or fails, the greedy schedule is returned with method
    ``"greedy-fallback"``. The result never has a lower value than the greedy one; when
    the solver stopped early, requests that still fit are added greedily.
    """
    started = time.perf_counter()
    # keep a little time for tables, reasons and the result
    deadline = started + time_limit * (1 - RESERVE)
    prep = prepare(instance)
    fallback = greedy_board(prep, deadline=started + time_limit * GREEDY_SHARE)
    bound = cheap_bound(prep)
    fixed = sum(prep.requests[rid].priority for rid in prep.pinned)

    def finish(board: Board, method: str, upper: int, optimal: bool, note: str = "") -> Schedule:
        board.fill(prep.order)
        return build_schedule(
            prep,
            board,
            method=method,
            upper_bound=max(upper, board.value),
            optimal=optimal,
            seconds=time.perf_counter() - started,
            note=note,
        )

    if (
        fallback.value == bound
        and idle_gaps(instance, fallback.slot_of) == 0
        and not (instance.allow_moves and instance.published)
    ):
        # nothing to improve: every placeable meeting is in, and nobody waits
        return finish(fallback, "cp-sat", bound, True)
    solved = False  # a CP-SAT stage produced or proved the schedule that is returned
    try:
        best = fallback
        value_optimal = fallback.value >= bound
        if not value_optimal:
            selection_bound, selected = _select(prep, fallback, deadline, workers, seed)
            if selection_bound is not None:
                bound = min(bound, fixed + selection_bound)
            value_optimal = solved = fallback.value >= bound
            if not value_optimal and selected:
                slot_of = _realise(prep, selected, fallback, deadline, workers, seed)
                if slot_of is not None:
                    best, solved = _board(prep, slot_of), True
                else:
                    # not all of them fit (or not in time): the greedy, told what to take
                    guided = greedy_board(prep, first=selected, deadline=deadline)
                    if guided.value > best.value:
                        best = guided
                value_optimal = best.value >= bound
            if not value_optimal:
                slot_of, full_bound, proven = _maximise(prep, best, deadline, workers, seed)
                if full_bound is not None:
                    bound = min(bound, full_bound)
                if slot_of is not None:
                    candidate = _board(prep, slot_of)
                    if candidate.value > best.value:
                        best, solved = candidate, True
                value_optimal = proven or best.value >= bound
        best.fill(prep.order)
        # the local search gives CP-SAT a far better start than the greedy placement
        now = time.perf_counter()
        best.reduce_gaps(deadline=now + (deadline - now) * LOCAL_SHARE)
        polished, gaps_optimal = None, False
        if deadline - time.perf_counter() > MIN_SECONDS:
            polished, gaps_optimal = _polish(prep, dict(best.slot_of), deadline, workers, seed)
        if polished is not None:
            candidate = _board(prep, polished)
            candidate.reduce_gaps(deadline=started + time_limit * (1 - RESERVE / 2))
            if candidate.cost() <= best.cost():
                best, solved = candidate, True
        method = "cp-sat" if solved else "greedy-fallback"
        if not gaps_optimal and idle_gaps(instance, best.slot_of) == 0:
            gaps_optimal = not (instance.allow_moves and instance.published)
        return finish(best, method, bound, value_optimal and gaps_optimal)
    except Exception as error:  # any solver failure falls back to the greedy schedule
        return finish(fallback, "greedy-fallback", bound, False, note=repr(error))
