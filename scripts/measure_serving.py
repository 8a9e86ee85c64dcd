"""Memory of gunicorn's workers and their first searches, with and without preloading.

Starts the production server (deploy/gunicorn.conf.py) on the database and index the
environment names (DATABASE_URL, MATCHING_INDEX_DIR, SECRET_KEY), sends searches the moment
it accepts connections, then more until every worker has searched, and prints the resident
(RSS) and proportional (PSS: shared pages split among their sharers) memory of the master
and each worker from /proc/PID/smaps_rollup. Linux only. Figures: docs/benchmarks.md.

    python scripts/measure_serving.py --preload
    python scripts/measure_serving.py --no-preload
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEEDS = [
    "Wir suchen einen Partner für keramische Hochtemperaturfilter",
    "Kunststoffspritzguss für Gehäuse in kleiner Serie",
    "Laserschweißen von Edelstahlblechen",
    "Prüflabor für Werkstoffprüfung an Metallen",
    "Digitalisierung der Qualitätsprüfung mit Bildverarbeitung",
    "Recycling von Kunststoffabfällen aus der Produktion",
]


def get(port: int, path: str) -> tuple[int, float]:
    started = time.perf_counter()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https"}
    )
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.perf_counter() - started


def search_path(need: str) -> str:
    return "/partner-finden/?" + urllib.parse.urlencode({"q": need, "near": "56203"})


def memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in kB."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value, *_ = line.split()
        fields[name.rstrip(":")] = int(value)
    return fields["Rss"], fields["Pss"]


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return sorted(found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preload", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8619)
    args = parser.parse_args()

    env = {
        **os.environ,
        "GUNICORN_PRELOAD": "1" if args.preload else "0",
        "WEB_CONCURRENCY": str(args.workers),
        "GUNICORN_BIND": f"127.0.0.1:{args.port}",
        "GUNICORN_ACCESS_LOG": "0",
    }
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # the listening socket exists as soon as gunicorn starts; connections wait in its
        # backlog until a worker takes them
        while True:
            try:
                get(args.port, "/health/")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        first_answer = time.perf_counter() - started
        with ThreadPoolExecutor(args.workers) as pool:
            # one search per worker at once: a sync worker takes one request at a time
            first = list(pool.map(lambda n: get(args.port, search_path(n)), NEEDS[: args.workers]))
            time.sleep(5)
            for _round in range(4):
                list(pool.map(lambda n: get(args.port, search_path(n)), NEEDS))
            warm = [get(args.port, search_path(NEEDS[0]))[1] for _ in range(5)]
        mode = "preload" if args.preload else "no preload"
        print(f"gunicorn, {args.workers} workers, {mode}")
        print(f"  first answer (health) after start: {first_answer:.1f} s")
        print(
            "  first searches, at once: "
            + ", ".join(f"{s:.2f} s ({status})" for status, s in first)
        )
        print(f"  warm search (median of 5): {sorted(warm)[2]:.2f} s")
        total_rss = total_pss = 0
        for label, pid in [("master", server.pid)] + [
            (f"worker {i + 1}", p) for i, p in enumerate(children(server.pid))
        ]:
            rss, pss = memory_kb(pid)
            total_rss += rss
            total_pss += pss
            print(f"  {label:<9} RSS {rss / 1024:7.0f} MB   PSS {pss / 1024:7.0f} MB")
        print(f"  {'total':<9} RSS {total_rss / 1024:7.0f} MB   PSS {total_pss / 1024:7.0f} MB")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    return 0


if __name__ == "__main__":
    sys.exit(main())
