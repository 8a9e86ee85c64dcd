"""Builder benchmark: a consortium for every EU call with a lead from each seed network.

For each of the 629 calls of ``open_calls.jsonl.gz`` and each network of the demo as the
region, the lead is the network's member that fits the call best (the partner search
over the call's title and opening, limited to the network, with its cut-off); then
``build_consortium`` runs as the network's manager. Printed: the share of calls for
which a team was found that satisfies the call's stated rules, the needed competences
covered from inside the network (the lead or a member) and from outside, and the
median and p95 build time (the build only; the lead pick is timed apart). As on the
platform, the worker has prepared each call's competences and their vectors first
(``prepare_call_consortia``, after the import); ``--cold`` measures builds without it.

Run on the demo database (``make bench-builder`` loads and indexes it first; the demo
imports the calls with ``manage.py import_calls``, which sets each call's rules)::

    NAHWERK_DEMO=1 .venv/bin/python -m nahwerk.benchmarks.builder [--every 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Tally:
    calls: int = 0
    with_rules: int = 0
    lead_found: int = 0
    rules_met: int = 0  # a team was built and it satisfies the stated rules
    rules_met_stated: int = 0  # the same, among the calls that state rules
    competences: int = 0
    inside: int = 0
    outside: int = 0
    build_ms: list[float] = field(default_factory=list)
    lead_ms: list[float] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in ("calls", "with_rules", "lead_found", "rules_met", "rules_met_stated"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.competences += other.competences
        self.inside += other.inside
        self.outside += other.outside
        self.build_ms += other.build_ms
        self.lead_ms += other.lead_ms


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def lead_query(call: Any) -> str:
    from nahwerk.funding.consortium import requirement_opening

    return requirement_opening(call)


def run_network(network: Any, calls: list[Any]) -> Tally:
    from nahwerk.accounts.models import User
    from nahwerk.funding.consortium import ConsortiumError, build_consortium
    from nahwerk.matching.services import PartnerFilters, find_partners

    manager = (
        User.objects.filter(managed_networks=network, is_active=True).order_by("pk").first()
        or User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    )
    tally = Tally()
    for call in calls:
        stated = bool(call.min_partners or call.min_countries)
        tally.calls += 1
        tally.with_rules += stated
        started = time.perf_counter()
        leads = find_partners(
            lead_query(call),
            filters=PartnerFilters(network_ids=frozenset({network.pk})),
            user=manager,
            limit=1,
            explain=False,
        )
        tally.lead_ms.append((time.perf_counter() - started) * 1000)
        if not leads:
            continue
        tally.lead_found += 1
        started = time.perf_counter()
        try:
            proposal = build_consortium(user=manager, lead=leads[0].organisation, call=call)
        except ConsortiumError:
            continue
        tally.build_ms.append((time.perf_counter() - started) * 1000)
        team = proposal.team
        tally.competences += len(team.competence_roles)
        tally.inside += team.covered_inside()
        tally.outside += team.covered_outside()
        if team.rules_met:
            tally.rules_met += 1
            tally.rules_met_stated += stated
    return tally


def table(rows: list[tuple[str, Tally]]) -> str:
    lines = [
        "| region (network) | calls | lead fits | team meets the rules | of calls with rules "
        "| competences | inside | outside | open | build median | build p95 | lead pick p95 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, t in rows:
        share = t.rules_met / t.calls if t.calls else 0.0
        stated = t.rules_met_stated / t.with_rules if t.with_rules else 0.0
        lines.append(
            f"| {name} | {t.calls} | {t.lead_found} | {share:.1%} | {stated:.1%} "
            f"({t.rules_met_stated}/{t.with_rules}) | {t.competences} | {t.inside} | "
            f"{t.outside} | {t.competences - t.inside - t.outside} | "
            f"{statistics.median(t.build_ms) if t.build_ms else float('nan'):.0f} ms | "
            f"{percentile(t.build_ms, 0.95):.0f} ms | {percentile(t.lead_ms, 0.95):.0f} ms |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--every", type=int, default=1, help="every n-th call only (sampling)")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="without the worker's preparation (each build embeds its call's competences)",
    )
    parser.add_argument("--network", action="append", help="slug; repeat (default: all)")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nahwerk.settings")
    os.environ.setdefault("NAHWERK_DEMO", "1")
    import django

    django.setup()
    from nahwerk.funding.consortium import prepare_call_consortia
    from nahwerk.funding.models import Call
    from nahwerk.matching.services import warm_up
    from nahwerk.networks.models import Network
    from nahwerk.projects.consortium import ranker_cache

    calls = list(Call.objects.select_related("programme").order_by("topic_id"))
    if not calls:
        parser.error("no calls in the database: run `make demo` (or manage.py import_calls)")
    calls = calls[:: max(1, args.every)]
    networks = Network.objects.order_by("name")
    if args.network:
        networks = networks.filter(slug__in=args.network)
    started = time.perf_counter()
    warm_up()
    ranker_cache.get()
    print(f"warm-up (index, models, history ranker): {time.perf_counter() - started:.1f} s")
    if not args.cold:
        # what the worker does after a call import (funding.tasks.refresh_vectors)
        began = time.perf_counter()
        prepared = prepare_call_consortia(calls)
        print(
            f"worker's preparation: {prepared} competences of {len(calls)} calls in "
            f"{time.perf_counter() - began:.0f} s (read from the shared cache when done before)"
        )
    rows: list[tuple[str, Tally]] = []
    total = Tally()
    for network in networks:
        began = time.perf_counter()
        tally = run_network(network, calls)
        rows.append((network.short_name or network.name, tally))
        total.add(tally)
        print(f"  {network.slug}: {len(calls)} calls in {time.perf_counter() - began:.0f} s")
    rows.append(("**all**", total))
    print()
    print(table(rows))
    print()
    print(
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.machine()}; {len(calls)} calls x {len(rows) - 1} networks, "
        f"total {time.perf_counter() - started:.0f} s."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
