"""Builder benchmark: a consortium for every EU call with a lead from each seed network.

For each of the 629 calls of ``open_calls.jsonl.gz`` and each network of the demo as the
region, the lead is the network's member that fits the call best (the partner search
over the call's title and opening, limited to the network, with its cut-off); then
``build_consortium`` runs as the network's manager. Printed: the share of calls for
which a team was found that satisfies the call's stated rules, the needed competences
covered from inside the network (the lead or a member) and from outside, and the
median and p95 build time (the build only; the lead pick is timed apart).

Run on the demo database (``make bench-builder`` loads and indexes it first)::

    NAHWERK_DEMO=1 .venv/bin/python -m nahwerk.benchmarks.builder [--every 5]

The calls are read from the file here, not from the database, until the call import
(``manage.py import_calls``) is merged; ``--from-database`` uses the imported calls.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

DEFAULT_CALLS = Path("/work/shared/data/eu_calls/open_calls.jsonl.gz")

# The standard rule of the Horizon Europe General Annexes (Annex B, "Eligibility"):
# research and innovation actions, innovation actions and other collaborative actions
# need at least three independent legal entities from three different Member States or
# associated countries; a coordination and support action one entity; ERC grants,
# prizes and the rest state no consortium rule here. The call import sets the same.
COLLABORATIVE = {"RIA", "IA", "HORIZON-PCP", "PPI", "EDF-RA", "EDF-DA", "CoFund"}


def read_calls(path: Path) -> list[dict[str, Any]]:
    """The call records: a byte-order mark, then JSON objects one after another."""
    text = gzip.decompress(path.read_bytes()).decode("utf-8-sig")
    decoder = json.JSONDecoder()
    records: list[dict[str, Any]] = []
    position = 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            return records
        record, position = decoder.raw_decode(text, position)
        records.append(record)


def repair(text: str) -> str:
    """Undo the usual mis-encoding ("â€™" for a quotation mark): UTF-8 read as cp1252."""
    try:
        return text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def rules_of(action_type: str) -> tuple[int | None, int | None]:
    if action_type in COLLABORATIVE:
        return 3, 3
    if action_type == "CSA":
        return 1, None
    return None, None


def calls_from_file(path: Path) -> list[Any]:
    """Unsaved ``Call`` objects (nothing is written to the database)."""
    from nahwerk.funding.choices import FundingLevel
    from nahwerk.funding.models import Call, Programme

    programmes: dict[str, Programme] = {}
    calls = []
    for record in read_calls(path):
        name = record.get("programme") or "EU"
        programme = programmes.setdefault(
            name,
            Programme(
                name=name,
                funder="European Commission",
                level=FundingLevel.EU,
                source_url="https://ec.europa.eu/info/funding-tenders/opportunities/portal/",
                checked_on=date.today(),
            ),
        )
        min_partners, min_countries = rules_of(record.get("actionType") or "")
        calls.append(
            Call(
                programme=programme,
                topic_id=record["topicId"],
                title=repair(record.get("title") or ""),
                description=repair(record.get("description") or ""),
                keywords=repair(record.get("keywords") or ""),
                action_type=record.get("actionType") or "",
                cluster=record.get("cluster") or "",
                deadline=date.fromisoformat(record["deadline"]),
                min_partners=min_partners,
                min_countries=min_countries,
                source_url=record.get("portalUrl") or "https://ec.europa.eu/",
                checked_on=date.today(),
            )
        )
    return calls


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
    parser.add_argument("--calls", type=Path, default=DEFAULT_CALLS, help="open_calls.jsonl.gz")
    parser.add_argument("--from-database", action="store_true", help="the imported calls")
    parser.add_argument("--every", type=int, default=1, help="every n-th call only (sampling)")
    parser.add_argument("--network", action="append", help="slug; repeat (default: all)")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nahwerk.settings")
    os.environ.setdefault("NAHWERK_DEMO", "1")
    import django

    django.setup()
    from nahwerk.funding.models import Call
    from nahwerk.matching.services import warm_up
    from nahwerk.networks.models import Network
    from nahwerk.projects.consortium import ranker_cache

    if args.from_database:
        calls = list(Call.objects.select_related("programme").order_by("topic_id"))
    else:
        calls = calls_from_file(args.calls)
    calls = calls[:: max(1, args.every)]
    networks = Network.objects.order_by("name")
    if args.network:
        networks = networks.filter(slug__in=args.network)
    started = time.perf_counter()
    warm_up()
    ranker_cache.get()
    print(f"warm-up (index, models, history ranker): {time.perf_counter() - started:.1f} s")
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
