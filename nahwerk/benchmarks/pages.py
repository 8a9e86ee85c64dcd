"""What each page costs on its own: CPU time and queries of one request, per page type.

    python -m nahwerk.benchmarks.pages [--database-url URL] [--repeat 9] [--profile TYPE]

The load benchmark (``nahwerk.benchmarks.load``) says how the server holds up under 50
visitors; this one says where a request's time goes when nothing else runs, which is what
decides how many visitors a core serves. It uses the database and index the load benchmark
prepared (``var/bench-load/``; ``--prepare`` prepares them first), the same page types and
the same visitors (anonymous and the demo logins), and requests each page in this process
through Django's test client, with the production settings of the load benchmark.

For each page type it takes ``--repeat`` requests after two unmeasured ones (a process's
first request of a kind builds what the server's master builds before forking) and prints
the median and the slowest CPU time (``time.process_time``: this process only, so that the
machine's other work counts as little as possible) and the median number of queries.
``--profile TYPE`` prints instead where that page type's time goes (cProfile, cumulative).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

# the load benchmark's page types, each with how its paths are chosen (see ``paths``)
PAGE_TYPES = (
    "start",
    "network",
    "organisation",
    "directory",
    "search",
    "need list",
    "need",
    "event list",
    "event",
    "api organisations",
    "api needs",
    "my overview",
)
PERSONAS = ("anonymous", "manager-imkk", "mitglied-imkk")

__all__ = ["PageCost", "cost_table", "main"]


@dataclass(frozen=True)
class PageCost:
    name: str
    persona: str
    requests: int
    cpu_median_ms: float
    cpu_max_ms: float
    queries: float


def paths(
    kind: str, persona: dict[str, list[str]], targets: dict[str, Any], rng: random.Random
) -> list[str]:
    """Paths of one page type for one persona, chosen as the load benchmark's visitors do."""
    fixed = {
        "start": "/",
        "need list": "/bedarfe/",
        "event list": "/veranstaltungen/",
        "api organisations": "/api/organisations/",
        "api needs": "/api/needs/",
        "my overview": "/uebersicht/",
    }
    if kind in fixed:
        return [fixed[kind]]
    if kind == "directory":
        return [
            f"/organisationen/?{urlencode(query)}" if query else "/organisationen/"
            for query in targets["directory_queries"]
        ]
    if kind == "search":
        # a number of its own makes each text new, as the visitors' own words do: a
        # process keeps the vectors of texts it has embedded
        return [
            "/partner-finden/?"
            + urlencode({"q": f"{need} Anfrage {rng.randrange(10**6)}", "near": postcode})
            for need, postcode in zip(
                rng.sample(targets["needs"], 20),
                rng.choices(targets["postcodes"], k=20),
                strict=True,
            )
        ]
    return list(persona.get(kind, []))


def measure(
    client: Any, urls: list[str], repeat: int, rng: random.Random
) -> tuple[list[float], list[int]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cpu, queries = [], []
    chosen = [urls[i % len(urls)] for i in range(repeat + 2)]
    if len(urls) > 1:
        rng.shuffle(chosen)
    for index, url in enumerate(chosen):
        with CaptureQueriesContext(connection) as captured:
            started = time.process_time()
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="de")
            spent = time.process_time() - started
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
        if index >= 2:  # the first two of each kind are not measured
            cpu.append(spent * 1000)
            queries.append(len(captured))
    return cpu, queries


def cost_table(costs: list[PageCost]) -> str:
    lines = [
        "| page type | visitor | requests | CPU median ms | CPU max ms | queries |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for cost in costs:
        lines.append(
            f"| {cost.name} | {cost.persona} | {cost.requests} | {cost.cpu_median_ms:.0f} "
            f"| {cost.cpu_max_ms:.0f} | {cost.queries:.0f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    # as in the production configuration (deploy/gunicorn.conf.py): one BLAS thread per
    # process, set before numpy is imported, so that CPU time is one core's
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    from nahwerk.benchmarks.load import BASE_DIR, machine, prepare, server_environment

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default="", help="PostgreSQL instead of SQLite")
    parser.add_argument("--workdir", default=str(BASE_DIR / "var" / "bench-load"))
    parser.add_argument("--prepare", action="store_true", help="prepare the database first")
    parser.add_argument("--repeat", type=int, default=9, help="measured requests per page type")
    parser.add_argument("--only", action="append", choices=PAGE_TYPES, help="these page types")
    parser.add_argument("--profile", choices=PAGE_TYPES, help="where this page type's time goes")
    parser.add_argument("--persona", default="", help="with --profile: this visitor")
    parser.add_argument("--sort", default="cumulative", help="with --profile: pstats order")
    args = parser.parse_args(argv)

    Path(args.workdir).mkdir(parents=True, exist_ok=True)
    env = server_environment(args)
    env["ALLOWED_HOSTS"] += ",testserver"
    if args.prepare:
        prepare(env)
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from nahwerk.benchmarks.load import collect_targets

    targets = collect_targets()
    rng = random.Random(7)
    clients = {}
    for persona in PERSONAS:
        client = Client()
        if persona != "anonymous":
            client.force_login(get_user_model().objects.get(username=persona))
        clients[persona] = client

    if args.profile:
        default = "mitglied-imkk" if args.profile == "my overview" else "anonymous"
        persona = args.persona or default
        urls = paths(args.profile, targets["personas"][persona], targets, rng)
        measure(clients[persona], urls, 0, rng)
        profiler = cProfile.Profile()
        profiler.enable()
        measure(clients[persona], urls, args.repeat, rng)
        profiler.disable()
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(45)
        return 0

    costs = []
    for kind in args.only or PAGE_TYPES:
        for persona in PERSONAS:
            if kind == "my overview" and persona == "anonymous":
                continue
            urls = paths(kind, targets["personas"][persona], targets, rng)
            if not urls:
                continue
            cpu, queries = measure(clients[persona], urls, args.repeat, rng)
            costs.append(
                PageCost(
                    name=kind,
                    persona=persona,
                    requests=len(cpu),
                    cpu_median_ms=statistics.median(cpu),
                    cpu_max_ms=max(cpu),
                    queries=statistics.median(queries),
                )
            )
    database = "PostgreSQL" if args.database_url else "SQLite"
    print(f"CPU per request, {database}, one process; machine: {machine()}")
    print(cost_table(costs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
