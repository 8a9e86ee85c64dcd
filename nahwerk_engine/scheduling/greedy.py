"""The fast scheduler: place requests one by one, then repair by moving blocking meetings."""

from __future__ import annotations

import time

from nahwerk_engine.scheduling.model import Instance, Schedule
from nahwerk_engine.scheduling.placement import (
    Board,
    Prepared,
    build_schedule,
    cheap_bound,
    prepare,
)

__all__ = ["greedy", "greedy_board"]

# time the greedy scheduler spends at most on removing idle gaps
GAPS_SECONDS = 1.0


def _try_insert(board: Board, rid: int) -> bool:
    """Place ``rid`` by moving (or, if that pays, dropping) the meetings in its way.

    For each candidate slot, the meetings that block it (the participants' other
    meetings there, or one meeting of a full slot) are taken out, ``rid`` goes in, and
    the blockers are re-placed elsewhere. Kept when the value grows; undone otherwise.
    """
    prep = board.prep
    requests = prep.requests
    r = requests[rid]
    gain_needed = r.priority
    for s in prep.candidates[rid]:
        blockers = {board.at[p, s] for p in (r.a, r.b) if (p, s) in board.at}
        if any(b in prep.pinned for b in blockers):
            continue
        if board.count[s] - len(blockers) >= prep.instance.tables:
            # the slot is full even without the blockers: try to free one table
            movable = [
                q
                for q, qs in board.slot_of.items()
                if qs == s and q not in prep.pinned and q not in blockers
            ]
            moved = False
            for q in movable:
                target = board.best_slot(q, exclude=s)
                if target is not None:
                    board.remove(q)
                    board.place(q, target)
                    moved = True
                    break
            if not moved:
                continue
        for b in blockers:
            board.remove(b)
        board.place(rid, s)
        lost = 0
        replaced: list[int] = []
        for b in sorted(blockers, key=lambda q: -requests[q].priority):
            target = board.best_slot(b, exclude=s)
            if target is None:
                lost += requests[b].priority
            else:
                board.place(b, target)
                replaced.append(b)
        if lost < gain_needed:
            return True
        # undo: value would not grow
        board.remove(rid)
        for b in replaced:
            board.remove(b)
        for b in blockers:
            board.place(b, s)
    return False


def greedy_board(
    prep: Prepared, *, first: list[int] | None = None, deadline: float | None = None
) -> Board:
    """The greedy placement as a board (used on its own and as the solver's hint).

    ``first``: requests to place before all others (the solver's selection).
    """
    board = Board(prep)
    order = prep.order
    # with moves allowed, published meetings that can stay go back to their slots first
    for rid in sorted(prep.kept, key=lambda r: (-prep.requests[r].priority, r)):
        slot = prep.kept[rid][0]
        if slot in prep.candidates[rid] and board.fits(rid, slot):
            board.place(rid, slot)
    if first is not None:
        chosen = set(first)
        order = [r for r in order if r in chosen] + [r for r in order if r not in chosen]
    board.fill(order)
    improved = True
    rounds = 0
    while improved and rounds < 3:
        improved = False
        rounds += 1
        for rid in order:
            if deadline is not None and time.perf_counter() > deadline:
                return board
            if rid not in board.slot_of and prep.candidates[rid] and _try_insert(board, rid):
                improved = True
        board.fill(order)
    return board


def greedy(instance: Instance) -> Schedule:
    """Schedule with the greedy heuristic; the bound is a cheap combinatorial one.

    Requests go in by priority (highest first), then by how few slots they can use;
    each takes the slot that adds the fewest idle gaps. A repair pass then tries to fit
    each unplaced request by moving the meetings that block it, and a local search moves
    and swaps meetings to remove idle gaps (at most ``GAPS_SECONDS``). About 1.5 s for
    2,000 requests.
    """
    started = time.perf_counter()
    prep = prepare(instance)
    board = greedy_board(prep)
    board.reduce_gaps(deadline=time.perf_counter() + GAPS_SECONDS)
    bound = cheap_bound(prep)
    return build_schedule(
        prep,
        board,
        method="greedy",
        upper_bound=bound,
        optimal=False,
        seconds=time.perf_counter() - started,
    )
