"""Competence map benchmark: a network with 10,000 public organisations.

    python -m nahwerk.benchmarks.showcase [--organisations 10000] [--runs 7]
                                          [--database-url URL]

1. Prepares a throwaway database (SQLite in ``var/bench-showcase/`` by default, or the
   PostgreSQL database of ``--database-url``, which it empties): ``migrate``, the cache
   table and the reference data.
2. Seeds one network over the IMKK districts with ``--organisations`` public member
   organisations (kinds, postcodes of the region, WZ codes, competences, equipment and
   offers; every tenth keeps its equipment for members), with a fixed random seed.
3. Times, as an anonymous visitor through Django's test client (view, queries, template):
   the map page (the list under the map is its first page), the map's GeoJSON once built
   (a new data version) and served from the cache, its revalidation (304), a filtered page
   and filtered markers, and the open data CSV.

Prints a table of medians over ``--runs`` (wall clock and the process's CPU time) with
the target (map page and its data each < 1 s), the machine and its load.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

WORK = Path("var/bench-showcase")
TARGET = 1.0
IMKK = ("07132", "07138", "07143")
WORDS = (
    "Technische Keramik",
    "Laserschneiden",
    "Spritzguss",
    "Pulverbeschichtung",
    "Werkstoffprüfung",
    "CNC-Fräsen",
    "Hochtemperaturfilter",
    "Schweißen von Edelstahl",
    "Feuerfeste Auskleidungen",
    "Kunststoffrecycling",
    "Additive Fertigung",
    "Oberflächenanalytik",
)


def _setup(database_url: str | None) -> None:
    os.environ.setdefault("NAHWERK_DEMO", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nahwerk.settings")
    if database_url is None:
        WORK.mkdir(parents=True, exist_ok=True)
        db = WORK / "db.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        database_url = f"sqlite:///{db.resolve()}"
    os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()


def prepare(database_url: str | None) -> None:
    from django.core.management import call_command

    if database_url is not None:
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_reference_data", verbosity=0)


def seed(count: int, rng: random.Random) -> Any:
    """One network over the IMKK districts with ``count`` public member organisations."""
    from nahwerk.directory.choices import OrganisationKind, Visibility
    from nahwerk.directory.models import Organisation
    from nahwerk.networks.choices import MembershipStatus, NetworkKind
    from nahwerk.networks.models import Membership, Network
    from nahwerk.reference.models import District, IndustryCode, Postcode

    network = Network.objects.create(
        name="Benchmark-Netzwerk Westerwald",
        slug="benchmark",
        kind=NetworkKind.REGISTERED_ASSOCIATION,
    )
    network.districts.add(*District.objects.filter(ags__in=IMKK))
    postcodes = list(
        Postcode.objects.filter(district_id__in=IMKK).values_list(
            "code", "place", "district_id", "latitude", "longitude"
        )
    )
    kinds = [OrganisationKind.SME] * 6 + [
        OrganisationKind.COMPANY,
        OrganisationKind.STARTUP,
        OrganisationKind.RESEARCH_INSTITUTE,
        OrganisationKind.UNIVERSITY,
    ]
    organisations = []
    for number in range(count):
        code, place, district, lat, lon = rng.choice(postcodes)
        words = rng.sample(WORDS, 3)
        organisations.append(
            Organisation(
                name=f"Westerwald Betrieb {number:05d} GmbH",
                slug=f"bench-{number:05d}",
                kind=rng.choice(kinds),
                postcode=code,
                city=place,
                district_id=district,
                # spread around the postcode's centre, as addresses are
                latitude=lat + rng.uniform(-0.02, 0.02),
                longitude=lon + rng.uniform(-0.03, 0.03),
                competences=f"{words[0]}, {words[1]} und {words[2]} für Industriekunden.",
                equipment=f"Prüflabor und Fertigung für {words[1]}",
                equipment_visibility=Visibility.MEMBERS if number % 10 == 0 else Visibility.PUBLIC,
                offers=f"Auftragsfertigung {words[0]}",
                visibility=Visibility.PUBLIC,
            )
        )
    Organisation.objects.bulk_create(organisations, batch_size=1000)
    created = list(
        Organisation.objects.filter(slug__startswith="bench-").values_list("pk", flat=True)
    )
    Membership.objects.bulk_create(
        [
            Membership(organisation_id=pk, network=network, status=MembershipStatus.ACTIVE)
            for pk in created
        ],
        batch_size=1000,
    )
    codes = list(IndustryCode.objects.filter(level=4, section="C").values_list("code", flat=True))
    through = Organisation.industry_codes.through
    through.objects.bulk_create(
        [
            through(organisation_id=pk, industrycode_id=code)
            for pk in created
            for code in rng.sample(codes, 2)
        ],
        batch_size=2000,
    )
    return network


CPU: dict[int, list[float]] = {}


def _timed(function: Callable[[], Any], runs: int) -> list[float]:
    times: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    CPU[id(times)] = cpu
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)
    _setup(args.database_url)

    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from nahwerk.showcase import services

    start = time.perf_counter()
    prepare(args.database_url)
    network = seed(args.organisations, random.Random(14))
    seeded = time.perf_counter() - start
    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="de")
    base = f"/kompetenzen/{network.slug}/"

    def get(url: str, expect: int = 200, **headers: Any) -> Any:
        response = client.get(url, **headers)
        assert response.status_code == expect, (url, response.status_code)
        return response

    def fresh_data() -> None:
        services.bump_version()  # as after any change: the markers are built anew
        get(base + "karte.geojson")

    first = get(base + "karte.geojson")
    size = len(first.content)
    markers = first.content.count(b'"Feature"')
    assert markers == args.organisations, markers

    rows: list[tuple[str, list[float], bool]] = []
    rows.append(("map page (list: first 50 of all)", _timed(lambda: get(base), args.runs), True))
    rows.append(("map data, new data version (built)", _timed(fresh_data, args.runs), True))
    rows.append(("map data, cached", _timed(lambda: get(base + "karte.geojson"), args.runs), True))
    etag = get(base + "karte.geojson")["ETag"]
    rows.append(
        (
            "map data, revalidated (304)",
            _timed(lambda: get(base + "karte.geojson", 304, HTTP_IF_NONE_MATCH=etag), args.runs),
            False,
        )
    )
    filters = "?kind=sme&wz=C&district=07143"
    rows.append(
        (
            "filtered page (kind + WZ section + district)",
            _timed(lambda: get(base + filters), args.runs),
            False,
        )
    )
    rows.append(
        (
            "filtered markers (same filters)",
            _timed(lambda: get(base + "karte.geojson" + filters), args.runs),
            False,
        )
    )
    rows.append(
        ("open data CSV, cached", _timed(lambda: get(base + "export.csv"), args.runs), False)
    )

    def fresh_csv() -> None:
        cache.clear()
        get(base + "export.csv")

    rows.append(("open data CSV, built", _timed(fresh_csv, args.runs), False))

    load = os.getloadavg()
    print(f"Competence map benchmark on {connection.vendor}, {platform.node()}")
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; load average {load[0]:.2f} {load[1]:.2f} "
        f"{load[2]:.2f} (1, 5, 15 min)"
    )
    print(
        f"{args.organisations:,} public organisations seeded in {seeded:.1f} s; the map data is "
        f"{size / 1024:.0f} kB ({markers:,} markers); medians of {args.runs} runs"
    )
    print()
    print("| what | median | median CPU | max | target |")
    print("| --- | ---: | ---: | ---: | ---: |")
    failed = False
    for label, times, targeted in rows:
        median = statistics.median(times)
        cpu = statistics.median(CPU[id(times)])
        verdict = ""
        if targeted:
            ok = median < TARGET
            failed |= not ok
            verdict = f"< {TARGET:.0f} s {'ok' if ok else 'MISSED'}"
        print(
            f"| {label} | {median * 1000:.0f} ms | {cpu * 1000:.0f} ms | "
            f"{max(times) * 1000:.0f} ms | {verdict} |"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
