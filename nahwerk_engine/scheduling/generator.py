"""Seeded random events for tests and the benchmark: same arguments, same instance."""

from __future__ import annotations

import itertools
import random

from nahwerk_engine.scheduling.model import Instance, Request

__all__ = ["PRIORITY_WEIGHTS", "default_tables", "generate"]

# priority 1 (nice to meet), 2 (important), 3 (must meet)
PRIORITY_WEIGHTS = (0.6, 0.3, 0.1)


def default_tables(participants: int) -> int:
    """P / 4 tables: half the participants can meet at once, so capacity binds at times."""
    return max(1, participants // 4)


def generate(
    participants: int,
    slots: int,
    requests: int,
    *,
    tables: int | None = None,
    unavailability: tuple[float, float] = (0.10, 0.20),
    seed: int = 0,
) -> Instance:
    """A random event with ``participants`` people (ids ``0..P-1``) and ``requests`` pairs.

    Each participant is unavailable in a share of the slots drawn from ``unavailability``
    (half of them as one block at the start or end, as if arriving late or leaving
    early, the others scattered). Some participants are far more popular than others
    (log-normal weights), so a few are asked for more meetings than they have slots.
    Pairs are distinct; priorities are 1, 2 or 3 with weights ``PRIORITY_WEIGHTS``.
    Deterministic for the same arguments (``random.Random`` seeded with a string).
    """
    if participants < 2:
        raise ValueError("at least two participants are needed")
    if requests > participants * (participants - 1) // 2:
        raise ValueError("more requests than distinct pairs of participants")
    rng = random.Random(f"nahwerk-schedule/{seed}/{participants}/{slots}/{requests}/{tables}")
    unavailable: dict[int, frozenset[int]] = {}
    low, high = unavailability
    for p in range(participants):
        count = min(slots, round(rng.uniform(low, high) * slots))
        if count == 0:
            continue
        if rng.random() < 0.5:
            block = range(count) if rng.random() < 0.5 else range(slots - count, slots)
            unavailable[p] = frozenset(block)
        else:
            unavailable[p] = frozenset(rng.sample(range(slots), count))
    weights = [rng.lognormvariate(0.0, 0.6) for _ in range(participants)]
    cumulative = list(itertools.accumulate(weights))
    people = range(participants)
    pairs: set[tuple[int, int]] = set()
    result: list[Request] = []
    while len(result) < requests:
        a, b = rng.choices(people, cum_weights=cumulative, k=2)
        pair = (min(a, b), max(a, b))
        if a == b or pair in pairs:
            continue
        pairs.add(pair)
        priority = rng.choices((1, 2, 3), weights=PRIORITY_WEIGHTS)[0]
        result.append(Request(id=len(result) + 1, a=pair[0], b=pair[1], priority=priority))
    return Instance(
        slots=slots,
        tables=default_tables(participants) if tables is None else tables,
        requests=tuple(result),
        unavailable=unavailable,
    )
