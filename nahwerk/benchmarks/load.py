"""Load benchmark: the production server on a demo database under 50 simulated visitors.

    python -m nahwerk.benchmarks.load [--database-url URL] [--users 50] [--duration 60]

1. Prepares a database of its own (SQLite in ``var/bench-load/`` by default, or the
   PostgreSQL database of ``--database-url``): ``migrate``, ``collectstatic``,
   ``load_demo``, ``rebuild_index`` (idempotent; the second run embeds nothing).
2. Writes the targets of the simulated visitors: per persona (anonymous, each demo login)
   the organisations, needs and events it may open, plus realistic needs for the partner
   search (``data/benchmarks/needs-demo``) and postcodes of the networks' members.
3. Starts the production server (``--server``, a command with ``{port}``; by default
   gunicorn with the shared configuration in ``deploy/gunicorn.conf.py``) on the loopback
   interface and waits until it answers; then sends a few searches (not measured: the
   benchmark is about the steady state).
4. Runs locust headless (``nahwerk/benchmarks/locustfile.py``) for ``--duration``
   seconds and prints requests/s, p50/p95/p99 and errors per page type, with the targets
   (p95 ≤ 200 ms for pages, ≤ 500 ms for the partner search, no errors).

Nothing leaves the machine: server and load generator talk over 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import secrets
import shlex
import signal
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import numpy as np

BASE_DIR = Path(__file__).resolve().parents[2]
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
# what the server itself spent on each request, beside what the visitors waited
ACCESS_LOG_FORMAT = "NAHWERK-ACCESS %(m)s %(U)s %(s)s %(M)s"
# the shared production configuration (deploy/gunicorn.conf.py: 3 workers, models loaded
# in the master before forking), bound to the loopback port, with the access lines above
DEFAULT_SERVER = (
    "{python} -m gunicorn -c deploy/gunicorn.conf.py --bind 127.0.0.1:{port} "
    f"--access-logfile - --access-logformat '{ACCESS_LOG_FORMAT}' --timeout 120"
)
PAGE_TARGET_MS = 200
SEARCH_TARGET_MS = 500
# page types whose target is the search's (they rank organisations for a need)
SEARCH_PAGES = {"search"}
# each demo login signs in once, at the start: reported, but not a page the targets are for
SETUP_PAGES = {"login form", "login"}

# page types by path, as the locustfile names them (first match wins)
PAGE_TYPES = (
    (re.compile(r"^/$"), "start"),
    (re.compile(r"^/netzwerke/[^/]+/$"), "network"),
    (re.compile(r"^/organisationen/$"), "directory"),
    (re.compile(r"^/organisationen/[^/]+/$"), "organisation"),
    (re.compile(r"^/partner-finden/$"), "search"),
    (re.compile(r"^/bedarfe/$"), "need list"),
    (re.compile(r"^/bedarfe/\d+/$"), "need"),
    (re.compile(r"^/veranstaltungen/$"), "event list"),
    (re.compile(r"^/veranstaltungen/[^/]+/$"), "event"),
    (re.compile(r"^/api/organisations/$"), "api organisations"),
    (re.compile(r"^/api/needs/$"), "api needs"),
    (re.compile(r"^/uebersicht/$"), "my overview"),
)

__all__ = ["PageStats", "main", "page_type", "read_stats", "server_times", "stats_table"]


@dataclass(frozen=True)
class PageStats:
    """One page type's figures from locust's statistics."""

    name: str
    requests: int
    failures: int
    per_second: float
    p50: float
    p95: float
    p99: float
    server_p50: float | None = None
    server_p95: float | None = None

    @property
    def target_ms(self) -> int:
        return SEARCH_TARGET_MS if self.name in SEARCH_PAGES else PAGE_TARGET_MS

    @property
    def meets_target(self) -> bool:
        return self.failures == 0 and self.p95 <= self.target_ms


def read_stats(path: Path) -> list[PageStats]:
    """The rows of locust's ``*_stats.csv``, the total ("Aggregated") last."""
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):

            def number(column: str, row: dict[str, str] = row) -> float:
                value = row.get(column) or "0"
                return 0.0 if value == "N/A" else float(value)

            rows.append(
                PageStats(
                    name=row["Name"],
                    requests=int(number("Request Count")),
                    failures=int(number("Failure Count")),
                    per_second=number("Requests/s"),
                    p50=number("50%"),
                    p95=number("95%"),
                    p99=number("99%"),
                )
            )
    rows.sort(key=lambda s: (s.name == "Aggregated", s.name))
    return rows


def page_type(path: str) -> str | None:
    for pattern, name in PAGE_TYPES:
        if pattern.match(path):
            return name
    return None


def server_times(log: Path, *, offset: int = 0) -> dict[str, list[float]]:
    """Milliseconds the server spent per request, by page type, from its access log.

    ``offset``: where in the log the measured requests begin (after the warm-up).
    """
    times: dict[str, list[float]] = {}
    if not log.exists():
        return times
    with log.open("rb") as handle:
        handle.seek(offset)
        text = handle.read().decode("utf-8", errors="replace")
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 5 and parts[0] == "NAHWERK-ACCESS":
            name = page_type(parts[2])
            if name is not None:
                times.setdefault(name, []).append(float(parts[4]))
                times.setdefault("Aggregated", []).append(float(parts[4]))
    return times


def with_server_times(stats: list[PageStats], times: dict[str, list[float]]) -> list[PageStats]:
    def percentile(values: list[float], q: float) -> float:
        return float(np.percentile(values, q))

    return [
        replace(s, server_p50=percentile(t, 50), server_p95=percentile(t, 95))
        if (t := times.get(s.name))
        else s
        for s in stats
    ]


def stats_table(stats: list[PageStats]) -> str:
    """A Markdown table, as in docs/benchmarks.md.

    "server" is the time the server spent on the request (its access log), the rest of
    the visitor's time is waiting for a free worker and the network.
    """
    lines = [
        "| page type         | requests | req/s | p50 ms | p95 ms | p99 ms | errors "
        "| server p50/p95 ms | p95 target |",
        "|-------------------|---------:|------:|-------:|-------:|-------:|-------:"
        "|------------------:|-----------:|",
    ]
    for s in stats:
        total = s.name == "Aggregated"
        verdict = "ok" if s.meets_target else "MISSED"
        target = "" if total or s.name in SETUP_PAGES else f"{s.target_ms} {verdict}"
        server = (
            f"{s.server_p50:.0f} / {s.server_p95:.0f}"
            if s.server_p50 is not None and s.server_p95 is not None
            else ""
        )
        lines.append(
            f"| {'all' if total else s.name:<17} | {s.requests:>8,} | {s.per_second:>5.1f} "
            f"| {s.p50:>6.0f} | {s.p95:>6.0f} | {s.p99:>6.0f} | {s.failures:>6,} "
            f"| {server:>17} | {target:>10} |"
        )
    return "\n".join(lines)


# --- Preparing the database and the targets ---------------------------------------------------


def server_environment(args: argparse.Namespace) -> dict[str, str]:
    """The environment of manage.py, the server and the targets: its own database and index."""
    workdir = Path(args.workdir).resolve()
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="nahwerk.settings",
        MATCHING_INDEX_DIR=str(workdir / "matching-index"),
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DEBUG="false",
        PYTHONUNBUFFERED="1",
    )
    # plain access lines with the format above, which the report reads back
    env["LOG_FORMAT"] = "text"
    # In production a proxy terminates TLS in front of gunicorn; here the visitors talk
    # plain HTTP to gunicorn itself, so the redirect to HTTPS and the Secure flag of the
    # cookies (which a client keeps from plain HTTP) are off. TLS is the proxy's cost.
    env.update(SECURE_SSL_REDIRECT="0", SESSION_COOKIE_SECURE="0", CSRF_COOKIE_SECURE="0")
    # a production configuration refuses to start with the default key; a fresh one per run
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    if args.database_url:
        from nahwerk.benchmarks import ensure_postgres_database

        ensure_postgres_database(args.database_url)
        env["DATABASE_URL"] = args.database_url
    else:
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(workdir / "nahwerk.sqlite3")
    return env


def prepare(env: dict[str, str]) -> None:
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    for command in (
        ["migrate", "--noinput", "-v", "0"],
        ["collectstatic", "--noinput", "-v", "0"],
        ["load_demo"],
        ["rebuild_index"],
    ):
        started = time.perf_counter()
        subprocess.run([*manage, *command], env=env, cwd=BASE_DIR, check=True, stdout=sys.stderr)
        print(f"  {command[0]}: {time.perf_counter() - started:.0f} s", file=sys.stderr)


def collect_targets(*, organisation_sample: int = 300, seed: int = 1) -> dict[str, Any]:
    """What each persona may open, read from the prepared database (Django set up)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser

    from nahwerk.accounts.permissions import visible_organisations
    from nahwerk.brokering.access import visible_needs
    from nahwerk.demo.loading import DEMO_PASSWORD
    from nahwerk.directory.choices import OrganisationKind
    from nahwerk.directory.models import Organisation
    from nahwerk.events.access import visible_events
    from nahwerk.networks.models import Network

    rng = random.Random(seed)
    networks = [f"/netzwerke/{slug}/" for slug in Network.objects.values_list("slug", flat=True)]
    members = set(Organisation.objects.listed().values_list("pk", flat=True))

    def persona(user: Any) -> dict[str, list[str]]:
        visible = list(visible_organisations(user).values_list("pk", "slug"))
        listed = [slug for pk, slug in visible if pk in members]
        history = [slug for pk, slug in visible if pk not in members]
        # mostly the networks' members; now and then an EU project partner from a search
        sample = listed + rng.sample(history, min(len(history), organisation_sample // 5))
        return {
            "network": networks,
            "organisation": [f"/organisationen/{slug}/" for slug in sample],
            "need": [f"/bedarfe/{pk}/" for pk in visible_needs(user).values_list("pk", flat=True)],
            "event": [
                f"/veranstaltungen/{slug}/"
                for slug in visible_events(user).values_list("slug", flat=True)
            ],
        }

    User = get_user_model()
    demo_users = User.objects.filter(username__in=DEMO_USERNAMES).order_by("username")
    needs_file = BASE_DIR / "data" / "benchmarks" / "needs-demo" / "queries.jsonl"
    needs = []
    for line in needs_file.read_text(encoding="utf-8").splitlines():
        query = json.loads(line)
        if query.get("kind") == "on-topic":
            needs.append(query["text"])
    postcodes = sorted(
        set(
            Organisation.objects.listed()
            .exclude(postcode="")
            .values_list("postcode", flat=True)[:200]
        )
    )
    slugs = [url.split("/")[2] for url in networks]
    directory_queries: list[dict[str, str]] = [
        {},
        {"page": "2"},
        *({"network": slug} for slug in slugs),
        {"kind": OrganisationKind.RESEARCH_INSTITUTE},
        {"wz_section": "C"},
        {"q": "Keramik"},
    ]
    return {
        "personas": {
            "anonymous": persona(AnonymousUser()),
            **{user.username: persona(user) for user in demo_users},
        },
        "logins": {user.username: DEMO_PASSWORD for user in demo_users},
        "needs": needs,
        "postcodes": postcodes,
        "directory_queries": directory_queries,
    }


# The demo logins the simulated members use: managers, a member company and an institute.
DEMO_USERNAMES = (
    "manager-imkk",
    "manager-indie-regionruhr",
    "manager-smarterz",
    "mitglied-imkk",
    "institut-imkk",
    "teilnehmer-metall-imkk",
)


def write_targets(env: dict[str, str], path: Path) -> dict[str, Any]:
    names = ("DATABASE_URL", "SQLITE_PATH", "MATCHING_INDEX_DIR", "DJANGO_SETTINGS_MODULE")
    for name in (*names, "SECRET_KEY"):
        if name in env:
            os.environ[name] = env[name]
        else:
            os.environ.pop(name, None)
    import django

    django.setup()
    targets = collect_targets()
    path.write_text(json.dumps(targets, ensure_ascii=False, indent=1), encoding="utf-8")
    return targets


# --- The server -------------------------------------------------------------------------------


def start_server(command: str, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    handle = log.open("wb")
    return subprocess.Popen(
        shlex.split(command),
        env=env,
        cwd=BASE_DIR,
        stdout=handle,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, stopped as a whole
    )


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def wait_until_up(url: str, server: subprocess.Popen[bytes], *, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"The server stopped (exit code {server.returncode}); see its log.")
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise SystemExit(f"The server did not answer {url} within {timeout:.0f} s.")


def warm_up(host: str, needs: list[str], count: int) -> float:
    """Searches in parallel, so that every worker has loaded model and index; seconds taken."""
    started = time.perf_counter()

    def search(text: str) -> None:
        url = f"{host}/partner-finden/?{urlencode({'q': text})}"
        with urllib.request.urlopen(url, timeout=300) as response:
            response.read()

    with ThreadPoolExecutor(max_workers=count) as pool:
        list(pool.map(search, needs[:count]))
    return time.perf_counter() - started


# --- Running ----------------------------------------------------------------------------------


def run_locust(
    args: argparse.Namespace, host: str, targets_path: Path, csv_prefix: Path
) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, NAHWERK_LOAD_TARGETS=str(targets_path))
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.spawn_rate),
        "--run-time",
        f"{args.duration}s",
        "--host",
        host,
        "--csv",
        str(csv_prefix),
        "--only-summary",
        "--stop-timeout",
        "10",
        "--loglevel",
        "WARNING",
    ]
    with (csv_prefix.parent / "locust.log").open("wb") as log:
        return subprocess.run(
            command, env=env, cwd=BASE_DIR, check=False, stdout=log, stderr=subprocess.STDOUT
        )


def machine() -> str:
    return f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default="", help="PostgreSQL instead of SQLite")
    parser.add_argument("--users", type=int, default=50, help="concurrent simulated visitors")
    parser.add_argument("--spawn-rate", type=float, default=10, help="visitors started per s")
    parser.add_argument("--duration", type=int, default=60, help="seconds of load")
    parser.add_argument("--port", type=int, default=8765, help="loopback port of the server")
    parser.add_argument(
        "--server",
        default=os.environ.get("BENCH_LOAD_SERVER", DEFAULT_SERVER),
        help="the server command; {port} and {python} are filled in (env BENCH_LOAD_SERVER)",
    )
    parser.add_argument("--warm-up", type=int, default=6, help="parallel searches before")
    parser.add_argument("--workdir", default=str(BASE_DIR / "var" / "bench-load"))
    parser.add_argument(
        "--no-prepare", action="store_true", help="use the database as it is (already prepared)"
    )
    args = parser.parse_args(argv)

    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    env = server_environment(args)
    database = "PostgreSQL" if args.database_url else "SQLite"
    print(
        f"== Load benchmark on {database}; {machine()}; "
        f"load average {os.getloadavg()[0]:.1f} before the run",
        file=sys.stderr,
    )
    if not args.no_prepare:
        print("== Preparing the demo database and the index", file=sys.stderr)
        prepare(env)
    targets_path = workdir / "targets.json"
    targets = write_targets(env, targets_path)

    host = f"http://127.0.0.1:{args.port}"
    command = args.server.format(port=args.port, python=shlex.quote(sys.executable))
    print(f"== Starting the server: {command}", file=sys.stderr)
    server = start_server(command, env, workdir / "server.log")
    try:
        wait_until_up(f"{host}/", server)
        if args.warm_up:
            seconds = warm_up(host, targets["needs"], args.warm_up)
            print(f"== Warm-up: {args.warm_up} parallel searches, {seconds:.1f} s", file=sys.stderr)
        print(
            f"== {args.users} visitors for {args.duration} s ({host}, log: "
            f"{workdir / 'server.log'})",
            file=sys.stderr,
        )
        csv_prefix = workdir / f"locust-{database.lower()}"
        offset = (workdir / "server.log").stat().st_size
        run_locust(args, host, targets_path, csv_prefix)
    finally:
        stop_server(server)

    # only the measured requests: the log also holds the warm-up searches
    measured = server_times(workdir / "server.log", offset=offset)
    stats = with_server_times(read_stats(Path(f"{csv_prefix}_stats.csv")), measured)
    print(f"\nLoad: {args.users} visitors, {args.duration} s, {database}, {command}")
    # the machine's other work competes with server and load generator: say how much
    print(f"Machine: {machine()}; load average {os.getloadavg()[0]:.1f} after the run")
    print(stats_table(stats))
    failures = Path(f"{csv_prefix}_failures.csv")
    if failures.exists():
        with failures.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                print(f"  error: {row['Name']}: {row['Error']} ({row['Occurrences']} times)")
    pages = [s for s in stats if s.name != "Aggregated" and s.name not in SETUP_PAGES]
    return 0 if pages and all(s.meets_target for s in pages) else 1


if __name__ == "__main__":
    raise SystemExit(main())
