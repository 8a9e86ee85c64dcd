"""Schedule benchmark: the B2B meeting scheduler (CP-SAT and greedy) on generated events.

Instances come from :func:`nahwerk_engine.scheduling.generate` (seeded, so every run sees
the same events) plus JSON files in the format of ``Instance.to_json`` (by default the
demo event in ``data/benchmarks/schedule/``). Run::

    python -m nahwerk_engine.benchmarks.schedule
    python -m nahwerk_engine.benchmarks.schedule --sizes 500:16:2000 --repeats 3

Columns: share of requests scheduled, idle gaps per participant (over all participants
of the event), solve time (median of the repeats; the other columns are from the first
run), value, the best proven upper bound (the smaller of the solver's and the greedy's
bounds) and the gap of each method to that bound. Every schedule is checked with
:func:`nahwerk_engine.scheduling.check`.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from nahwerk_engine.scheduling import Instance, Schedule, check, default_tables, generate
from nahwerk_engine.scheduling import greedy as run_greedy
from nahwerk_engine.scheduling import solve as run_solve

DEMO = Path(__file__).resolve().parents[2] / "data" / "benchmarks" / "schedule" / "demo-event.json"
# P:T:M[:K] — the sweep (M = 4 P, K = P / 4) and the target instance 500:16:2000
SWEEP = (
    "50:8:200",
    "50:16:200",
    "50:24:200",
    "200:8:800",
    "200:16:800",
    "200:24:800",
    "500:8:2000",
    "500:16:2000",
    "500:24:2000",
)


@dataclass(frozen=True)
class Case:
    name: str
    instance: Instance


@dataclass(frozen=True)
class Row:
    case: Case
    method: str
    schedule: Schedule
    seconds: float


def parse_size(text: str, seed: int) -> Case:
    parts = [int(part) for part in text.split(":")]
    if len(parts) not in (3, 4):
        raise argparse.ArgumentTypeError(f"size {text!r}: expected P:T:M or P:T:M:K")
    participants, slots, requests = parts[:3]
    tables = parts[3] if len(parts) == 4 else default_tables(participants)
    instance = generate(participants, slots, requests, tables=tables, seed=seed)
    return Case(f"P={participants} T={slots} K={tables} M={requests}", instance)


def load_case(path: Path) -> Case:
    instance = Instance.from_json(path.read_text(encoding="utf-8"))
    size = (
        f"P={len(instance.participants)} T={instance.slots} K={instance.tables} "
        f"M={len(instance.requests)}"
    )
    return Case(f"{path.stem} ({size})", instance)


def measure(case: Case, method: str, run: Callable[[Instance], Schedule], repeats: int) -> Row:
    schedules = [run(case.instance) for _ in range(repeats)]
    for schedule in schedules:
        problems = check(case.instance, schedule)
        if problems:
            raise SystemExit(f"{case.name} {method}: invalid schedule: {problems[:5]}")
    seconds = statistics.median(schedule.seconds for schedule in schedules)
    return Row(case, method, schedules[0], seconds)


def table(rows: Sequence[Row]) -> str:
    bounds: dict[str, int] = {}
    for row in rows:
        bound = row.schedule.upper_bound
        bounds[row.case.name] = min(bounds.get(row.case.name, bound), bound)
    lines = [
        "| instance | method | scheduled | idle gaps / person | time (s) | value | bound "
        "| gap | optimal |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        s = row.schedule
        people = len(row.case.instance.participants) or 1
        bound = bounds[row.case.name]
        gap = (bound - s.value) / bound if bound else 0.0
        lines.append(
            f"| {row.case.name} | {s.method} | {s.scheduled_share:.1%} "
            f"| {s.idle_gaps / people:.2f} | {row.seconds:.2f} | {s.value:,} | {bound:,} "
            f"| {gap:.2%} | {'yes' if s.optimal else 'no'} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", nargs="*", default=list(SWEEP), help="generated instances as P:T:M[:K]"
    )
    parser.add_argument(
        "--json", nargs="*", type=Path, default=[DEMO], help="instances as JSON files"
    )
    parser.add_argument("--time-limit", type=float, default=10.0, help="CP-SAT seconds")
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT workers")
    parser.add_argument("--repeats", type=int, default=3, help="runs per instance")
    parser.add_argument("--seed", type=int, default=0, help="generator seed")
    parser.add_argument("--no-greedy", action="store_true", help="only the solver")
    args = parser.parse_args(argv)

    cases = [load_case(path) for path in args.json]
    cases += [parse_size(size, args.seed) for size in args.sizes]
    print(
        f"# {platform.python_version()}, {os.cpu_count()} cores, time limit "
        f"{args.time_limit:g} s, {args.workers} workers, {args.repeats} repeats, "
        f"seed {args.seed}"
    )
    rows: list[Row] = []
    for case in cases:
        case_rows = [
            measure(
                case,
                "cp-sat",
                lambda i: run_solve(i, time_limit=args.time_limit, workers=args.workers),
                args.repeats,
            )
        ]
        if not args.no_greedy:
            case_rows.append(measure(case, "greedy", run_greedy, args.repeats))
        rows.extend(case_rows)
        for line in table(case_rows).splitlines()[2:]:
            print(line, file=sys.stderr, flush=True)
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
