"""Regional statistics: the engine over all districts, and the region pages cold and warm.

``python -m nahwerk.regional.benchmarks [--runs 5] [--requests 20]``
(``make bench-regional``) on the database of the settings (the demo's by default; it
needs the employment figures, ``manage.py import_employment``). Prints two tables:

1. ``district_stats`` for all districts x all sectors x all years (pure engine, the table
   already in memory), and reading the table from the database;
2. each region page through Django's test client: the first request after an import
   (nothing cached in the process) and the median of the following requests (served
   from the per-process cache of the data version).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from typing import Any


def say(line: str) -> None:
    sys.stdout.write(line + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of district_stats (5)")
    parser.add_argument("--requests", type=int, default=20, help="warm requests per page (20)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nahwerk.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import setup_test_environment

    from nahwerk.networks.models import Network
    from nahwerk.regional import services
    from nahwerk_engine.regional import GERMANY, SECTORS, district_stats

    setup_test_environment()  # the test client on the demo database, as a browser would
    services.forget_cached()
    started = time.perf_counter()
    table = services.employment_table()
    load_ms = (time.perf_counter() - started) * 1000
    if not table.years:
        say("No employment figures: run manage.py import_employment first.")
        raise SystemExit(1)
    districts = sorted(table.areas(table.years[-1]) - {GERMANY})
    times = []
    for _run in range(args.runs):
        started = time.perf_counter()
        result = district_stats(table, districts)
        times.append(time.perf_counter() - started)
    cells = sum(len(v) for v in result.values())
    load = os.getloadavg()
    say(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}"
    )
    say("")
    say(
        f"district_stats: {len(districts)} districts x {len(SECTORS)} sectors x "
        f"{len(table.years)} years = {cells:,} sector statistics; {args.runs} runs"
    )
    say("| step | median | min | max |")
    say("| --- | ---: | ---: | ---: |")
    say(f"| read the table from the database | {load_ms:.0f} ms | | |")
    say(
        f"| district_stats | {statistics.median(times):.2f} s | {min(times):.2f} s "
        f"| {max(times):.2f} s |"
    )

    pages: list[tuple[str, str, Any]] = []
    networks = {n.slug: n for n in Network.objects.all()}
    for slug in networks:
        pages.append((f"region of {slug}", f"/regionen/netzwerke/{slug}/", None))
    pages.append(("district 07143", "/regionen/kreise/07143/", None))
    if {"emscher-lippe", "hannoverimpuls"} <= set(networks):
        pages.append(
            (
                "comparison emscher-lippe, hannoverimpuls",
                "/regionen/vergleich/?netzwerk=emscher-lippe&netzwerk=hannoverimpuls",
                None,
            )
        )
    admin = get_user_model().objects.filter(is_superuser=True).first()
    if "imkk" in networks and admin is not None:
        pages.append(
            ("white spots of imkk (admin)", "/regionen/netzwerke/imkk/weisse-flecken/", admin)
        )
    say("")
    say(f"Region pages: the first request after an import, then {args.requests} requests")
    say("| page | first request ms | median ms | max ms |")
    say("| --- | ---: | ---: | ---: |")
    for label, url, user in pages:
        client = Client(HTTP_HOST="localhost")
        if user is not None:
            client.force_login(user)
        client.get("/")  # the process's own start (URLs, templates) is not the page's
        services.forget_cached()
        started = time.perf_counter()
        response = client.get(url)
        first = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (url, response.status_code)
        warm = []
        for _request in range(args.requests):
            started = time.perf_counter()
            client.get(url)
            warm.append((time.perf_counter() - started) * 1000)
        say(f"| {label} | {first:.0f} | {statistics.median(warm):.0f} | {max(warm):.0f} |")


if __name__ == "__main__":
    main()
