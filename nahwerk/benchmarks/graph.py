"""Cooperation network benchmark: the graph and all its metrics for a large network.

A synthetic network is generated in memory, seeded, so that every run sees the same:
organisations in groups of 50 (most ties inside a group, a fifth to anywhere, with a bias
to a few hubs, as large institutes are in the EU history), 85 % of them members, and
the given number of distinct ties of the four kinds. Then, as the page does:
build the graph, compute centrality, betweenness (sampled above the work budget),
Louvain communities, isolated members and border ties (``analyse``), and ten suggested
introductions with competence phrases. Printed: the median of ``--runs`` runs of each
step (wall time) and of the whole run's CPU time (on a shared machine the wall time
includes waiting for a core). Run::

    python -m nahwerk.benchmarks.graph                 # 10,000 organisations, 100,000 ties
    python -m nahwerk.benchmarks.graph --sizes 300:1500,10000:100000 --runs 3

Needs no database (the engine is pure); the figures are in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass

from nahwerk_engine.cooperation import (
    Tie,
    analyse,
    build_graph,
    competence_phrases,
    suggest_introductions,
)

KINDS = ("eu_project", "platform_project", "brokered", "b2b")
GROUP = 50
COMPETENCES = (
    "Technische Keramik",
    "Sintern",
    "Lasertechnik",
    "Spritzguss",
    "CNC-Fräsen",
    "Prüflabor",
    "Sensorik",
    "Leichtbau",
    "Oberflächentechnik",
    "Software",
    "Automatisierung",
    "Werkstoffprüfung",
)


@dataclass(frozen=True)
class Network:
    ties: list[Tie]
    members: frozenset[int]
    competences: dict[int, frozenset[str]]


def generate(organisations: int, ties: int, seed: int = 13) -> Network:
    """``ties`` distinct pairs among ``organisations``, seeded."""
    if ties > organisations * (organisations - 1) // 2 // 2:
        raise ValueError("too many ties for so few organisations")
    rng = random.Random(seed)
    pairs: set[tuple[int, int]] = set()
    found: list[Tie] = []
    while len(found) < ties:
        a = rng.randrange(organisations)
        if rng.random() < 0.8:
            start = a // GROUP * GROUP
            b = start + rng.randrange(min(GROUP, organisations - start))
        else:
            b = int(organisations * rng.random() ** 2)  # a few hubs
        key = (min(a, b), max(a, b))
        if a == b or key in pairs:
            continue
        pairs.add(key)
        found.append(Tie(key[0], key[1], rng.choice(KINDS)))
    members = frozenset(v for v in range(organisations) if rng.random() < 0.85)
    competences = {v: competence_phrases(", ".join(rng.sample(COMPETENCES, 3))) for v in members}
    return Network(found, members, competences)


def run(network: Network) -> dict[str, float]:
    """One run of every step; seconds by step."""
    seconds: dict[str, float] = {}
    start, cpu = time.perf_counter(), time.process_time()
    graph = build_graph(network.ties, network.members)
    seconds["build"] = time.perf_counter() - start
    clock = time.perf_counter()
    result = analyse(graph, network.members, timings=seconds)
    seconds["analyse"] = time.perf_counter() - clock
    clock = time.perf_counter()
    suggestions = suggest_introductions(
        graph, network.members, competences=network.competences, limit=10
    )
    seconds["suggest"] = time.perf_counter() - clock
    seconds["total"] = time.perf_counter() - start
    seconds["cpu"] = time.process_time() - cpu
    seconds["samples"] = float(result.betweenness_samples or 0)
    seconds["communities_found"] = float(len(result.communities))
    seconds["suggestions_found"] = float(len(suggestions))
    return seconds


def table(rows: list[tuple[int, int, int, dict[str, float]]]) -> str:
    head = (
        "| organisations | ties | edges | build s | betweenness s (k) | communities s (n) "
        "| analyse s | suggest s | total s | CPU s |"
    )
    lines = [head, "|" + "---:|" * 10]
    for organisations, ties, edges, s in rows:
        k = int(s["samples"])
        lines.append(
            f"| {organisations:,} | {ties:,} | {edges:,} | {s['build']:.2f} "
            f"| {s['betweenness']:.2f} ({k if k else 'exact'}) "
            f"| {s['communities']:.2f} ({int(s['communities_found'])}) | {s['analyse']:.2f} "
            f"| {s['suggest']:.2f} | {s['total']:.2f} | {s['cpu']:.2f} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="10000:100000",
        help="organisations:ties, comma-separated (default 10000:100000)",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per size (median)")
    args = parser.parse_args(argv)
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    print(
        f"# Python {platform.python_version()}, {os.cpu_count()} cores, "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; median of {args.runs} runs"
    )
    rows = []
    for size in args.sizes.split(","):
        organisations, ties = (int(x) for x in size.split(":"))
        network = generate(organisations, ties)
        edges = build_graph(network.ties).number_of_edges()
        runs = []
        for number in range(args.runs):
            runs.append(run(network))
            print(
                f"  {organisations}:{ties} run {number + 1}: {runs[-1]['total']:.2f} s",
                file=sys.stderr,
                flush=True,
            )
        median = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
        rows.append((organisations, ties, edges, median))
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
