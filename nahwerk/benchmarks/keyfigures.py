"""Key figures benchmark: the regional statistics, the dashboard and the funder report.

    python -m nahwerk.benchmarks.keyfigures [--members 10000] [--ties 100000] [--runs 7]
                                            [--database-url URL]

1. Prepares a throwaway database (SQLite in ``var/bench-keyfigures/`` by default, or the
   PostgreSQL database of ``--database-url``, which it empties): ``migrate``, the
   reference data and the shipped employment figures (Regionalstatistik 13111-07-05-4,
   2015-2020).
2. (a) The statistics: shares, location quotients, changes and stars for every district,
   every sector and every year (``nahwerk_engine.regional.district_stats``), timed apart
   from reading the table out of the database.
3. Seeds one network in the IMKK region with ``--members`` member organisations and
   ``--ties`` cooperation ties (platform projects of five partners: ten ties each), plus
   needs with referrals, events with registrations, B2B requests and meetings, spread
   over 2025 (a fixed random seed: the same data on every run).
4. (b) The dashboard of that network for 2025 as its manager (Django's test client, the
   whole request: view, queries, template), (c) the funder report, PDF and Excel.

Prints a table of medians over ``--runs`` (wall clock, and the process's CPU time) with the
targets (statistics < 2 s, dashboard
< 300 ms, report < 10 s), the machine and its load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

WORK = Path("var/bench-keyfigures")
TARGETS = {"statistics": 2.0, "dashboard": 0.3, "report": 10.0, "cooperation": 2.0}
IMKK = ("07132", "07138", "07143")


def _setup(database_url: str | None) -> None:
    os.environ.setdefault("NAHWERK_DEMO", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nahwerk.settings")
    if database_url is None:
        WORK.mkdir(parents=True, exist_ok=True)
        db = WORK / "db.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        database_url = f"sqlite:///{db.resolve()}"
    else:
        from nahwerk.benchmarks import ensure_postgres_database

        ensure_postgres_database(database_url)
    os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()


# CPU time of this process beside the wall-clock time: on a shared, loaded machine the
# difference is the time spent waiting for a core.
CPU: dict[int, list[float]] = {}


def _timed(function: Callable[[], Any], runs: int) -> tuple[list[float], Any]:
    times: list[float] = []
    cpu: list[float] = []
    result = None
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = function()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    CPU[id(times)] = cpu
    return times, result


def prepare(database_url: str | None) -> None:
    from django.core.management import call_command

    if database_url is not None:
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    from nahwerk.regional.importing import load_shipped_employment

    load_shipped_employment()


def bench_statistics(runs: int) -> tuple[list[float], float, int]:
    from nahwerk.regional import services
    from nahwerk_engine.regional import GERMANY, SECTORS, district_stats

    start = time.perf_counter()
    table = services.employment_table()
    read = time.perf_counter() - start
    districts = sorted(set().union(*(table.areas(y) for y in table.years)) - {GERMANY})
    times, result = _timed(lambda: district_stats(table, districts), runs)
    cells = sum(len(sectors) for sectors in result.values())
    assert cells == len(districts) * len(table.years) * len(SECTORS), cells
    return times, read, cells


def seed(members: int, ties: int, rng: random.Random) -> tuple[Any, Any]:
    """One network with ``members`` members and ``ties`` cooperation ties; its manager."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from nahwerk.brokering.models import Need, NeedEvent, NeedStatus, Referral
    from nahwerk.directory.choices import OrganisationKind
    from nahwerk.directory.models import Organisation
    from nahwerk.events.choices import EventKind, RegistrationStatus, RequestStatus
    from nahwerk.events.models import (
        Event,
        Meeting,
        MeetingRequest,
        Registration,
        ScheduleRun,
        Slot,
        Table,
    )
    from nahwerk.networks.choices import MembershipStatus, NetworkKind
    from nahwerk.networks.models import Membership, Network
    from nahwerk.projects.choices import (
        InvitationAnswer,
        ParticipantRole,
        ProjectSource,
        ProjectStatus,
    )
    from nahwerk.projects.models import Participation, Project
    from nahwerk.reference.models import District

    User = get_user_model()
    network = Network.objects.create(
        name="Benchmark-Netzwerk", slug="benchmark", kind=NetworkKind.REGISTERED_ASSOCIATION
    )
    network.districts.set(District.objects.filter(ags__in=IMKK))
    manager = User.objects.create(username="bench-manager", is_staff=True)
    manager.managed_networks.add(network)
    kinds = [k.value for k in OrganisationKind]
    Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Benchmark-Organisation {i}",
                slug=f"bench-org-{i}",
                kind=rng.choice(kinds),
                postcode="56203",
                district_id=rng.choice(IMKK),
                employees=rng.randint(1, 2000),
            )
            for i in range(members)
        ],
        batch_size=2000,
    )
    organisations = list(
        Organisation.objects.filter(slug__startswith="bench-org-").values_list("pk", flat=True)
    )

    def day(start: dt.date, span: int) -> dt.date:
        return start + dt.timedelta(days=rng.randrange(span))

    def moment(start: dt.date, span: int) -> dt.datetime:
        return timezone.make_aware(
            dt.datetime.combine(day(start, span), dt.time(rng.randrange(8, 18)))
        )

    memberships = []
    for pk in organisations:
        since = day(dt.date(2012, 1, 1), 14 * 365)
        ended = rng.random() < 0.1 and since < dt.date(2025, 6, 1)
        memberships.append(
            Membership(
                organisation_id=pk,
                network=network,
                since=since,
                until=day(max(since, dt.date(2024, 1, 1)), 300) if ended else None,
                status=MembershipStatus.ENDED if ended else MembershipStatus.ACTIVE,
            )
        )
    Membership.objects.bulk_create(memberships, batch_size=2000)

    # cooperation ties: projects of five partners, ten pairs each
    statuses = [s.value for s in ProjectStatus]

    def project(i: int) -> Project:
        status = rng.choice(statuses)
        submitted = decided = requested = granted = None
        if status not in (ProjectStatus.IDEA, ProjectStatus.CONSORTIUM_FORMING):
            submitted = day(dt.date(2024, 1, 1), 700)
            requested = Decimal(rng.randrange(50_000, 2_000_000, 1000))
        if status not in (
            ProjectStatus.IDEA,
            ProjectStatus.CONSORTIUM_FORMING,
            ProjectStatus.SUBMITTED,
        ):
            assert submitted is not None and requested is not None
            decided = submitted + dt.timedelta(days=rng.randrange(30, 200))
            if status != ProjectStatus.REJECTED:
                granted = requested * Decimal("0.8")
        return Project(
            source=ProjectSource.PLATFORM,
            title=f"Benchmark-Projekt {i}",
            status=status,
            submitted_on=submitted,
            requested_amount=requested,
            decided_on=decided,
            granted_amount=granted,
            created_at=moment(dt.date(2023, 1, 1), 1000),
        )

    projects = Project.objects.bulk_create([project(i) for i in range(ties // 10)], batch_size=2000)
    Project.networks.through.objects.bulk_create(
        [Project.networks.through(project_id=p.pk, network_id=network.pk) for p in projects],
        batch_size=5000,
    )
    Participation.objects.bulk_create(
        [
            Participation(
                project_id=p.pk,
                organisation_id=pk,
                role=ParticipantRole.COORDINATOR if index == 0 else ParticipantRole.PARTNER,
                answer=InvitationAnswer.ACCEPTED,
            )
            for p in projects
            for index, pk in enumerate(rng.sample(organisations, 5))
        ],
        batch_size=5000,
    )

    # needs, routed to two members each, half answered, a fifth become cooperations
    needs = Need.objects.bulk_create(
        [
            Need(
                organisation_id=rng.choice(organisations),
                network=network,
                title=f"Bedarf {i}",
                description="Wir suchen einen Partner.",
                status=rng.choice([s.value for s in NeedStatus]),
            )
            for i in range(members // 2)
        ],
        batch_size=2000,
    )
    posted = {n.pk: moment(dt.date(2025, 1, 1), 365) for n in needs}
    for need in needs:
        need.created_at = posted[need.pk]
        if rng.random() < 0.5:
            need.first_answer_at = posted[need.pk] + dt.timedelta(hours=rng.randrange(1, 300))
    Need.objects.bulk_update(needs, ["created_at", "first_answer_at"], batch_size=2000)
    referrals = Referral.objects.bulk_create(
        [
            Referral(need_id=n.pk, organisation_id=pk)
            for n in needs
            for pk in rng.sample(organisations, 2)
        ],
        batch_size=5000,
    )
    for referral in referrals:
        referral.routed_at = posted[referral.need_id] + dt.timedelta(minutes=30)
    Referral.objects.bulk_update(referrals, ["routed_at"], batch_size=5000)
    NeedEvent.objects.bulk_create(
        [
            NeedEvent(
                need_id=n.pk, kind="status", actor_role="manager", status=NeedStatus.COOPERATION
            )
            for n in needs
            if rng.random() < 0.2
        ],
        batch_size=5000,
    )

    # events: 120 in 2025, 150 registrations each, 60 B2B requests, 30 meetings
    users = User.objects.bulk_create(
        [User(username=f"bench-user-{i}") for i in range(150)], batch_size=1000
    )
    for e in range(120):
        starts = moment(dt.date(2025, 1, 1), 360)
        event = Event.objects.create(
            kind=EventKind.B2B_DAY,
            title=f"Benchmark-Veranstaltung {e}",
            slug=f"bench-event-{e}",
            organiser=network,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=6),
            price=Decimal(0),
            member_price=Decimal(0),
            published=True,
            matchmaking=True,
        )
        registrations = Registration.objects.bulk_create(
            [
                Registration(
                    event=event,
                    user=user,
                    organisation_id=rng.choice(organisations),
                    status=RegistrationStatus.CONFIRMED,
                    price_charged=Decimal(0),
                )
                for user in users
            ]
        )
        requests = MeetingRequest.objects.bulk_create(
            [
                MeetingRequest(
                    event=event,
                    requester=registrations[2 * i],
                    recipient=registrations[2 * i + 1],
                    status=RequestStatus.ACCEPTED if i < 30 else RequestStatus.PENDING,
                )
                for i in range(60)
            ]
        )
        run = ScheduleRun.objects.create(
            event=event,
            method="bench",
            value=30,
            upper_bound=30,
            gap=0.0,
            seconds=0.1,
            published_at=starts - dt.timedelta(days=1),
        )
        slots = Slot.objects.bulk_create(
            [
                Slot(
                    event=event,
                    index=s,
                    starts_at=starts + dt.timedelta(minutes=20 * s),
                    ends_at=starts + dt.timedelta(minutes=20 * s + 15),
                )
                for s in range(6)
            ]
        )
        tables = Table.objects.bulk_create(
            [Table(event=event, index=t, name=f"Tisch {t}") for t in range(5)]
        )
        Meeting.objects.bulk_create(
            [
                Meeting(
                    run=run,
                    event=event,
                    request=requests[i],
                    slot=slots[i // 5],
                    table=tables[i % 5],
                    published=True,
                )
                for i in range(30)
            ]
        )
    return network, manager


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--ties", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)
    _setup(args.database_url)

    from django.db import connection

    started = time.perf_counter()
    prepare(args.database_url)
    prepared = time.perf_counter() - started
    stats_times, read, cells = bench_statistics(args.runs)

    started = time.perf_counter()
    network, manager = seed(args.members, args.ties, random.Random(13))
    if connection.vendor == "postgresql":
        # the planner's statistics, as autovacuum would gather them after such a load
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    seeded = time.perf_counter() - started

    from django.test import Client

    from nahwerk.reports.keyfigures import Period
    from nahwerk.reports.report import build_report, render_pdf, render_xlsx

    client = Client(HTTP_HOST="localhost")
    client.force_login(manager)
    url = f"/regionen/netzwerke/{network.slug}/kennzahlen/?von=2025-01-01&bis=2025-12-31"

    def dashboard() -> None:
        response = client.get(url)
        assert response.status_code == 200, response.content[:300]

    dashboard()  # the first request warms caches (templates, the employment table)
    dash_times, _ = _timed(dashboard, args.runs)
    period = Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))

    def report() -> tuple[int, int]:
        built = build_report(network, period)
        return len(render_pdf(built)), len(render_xlsx(built))

    # (d) the cooperation network of the same network: the first view queues the worker,
    # the worker's job computes and stores the analysis, later views read it
    from nahwerk.regional import cooperation

    cooperation_url = f"/regionen/netzwerke/{network.slug}/kooperationen/"

    def cooperation_page(pending: bool) -> None:
        response = client.get(cooperation_url)
        assert response.status_code == 200, response.content[:300]
        assert (b'id="cooperation-pending"' in response.content) is pending

    queued_ties = len(cooperation.gather_ties(network, cooperation.Period())[0])
    queued_times, _ = _timed(lambda: cooperation_page(True), 1)
    job_times, _ = _timed(lambda: cooperation.analyse_in_background(network.pk, None, None), 1)
    cooperation._cache.clear()  # the next views read what the worker stored, as another process
    cooperation_times, _ = _timed(lambda: cooperation_page(False), args.runs)

    report_runs = max(3, args.runs // 2)
    report_times, (pdf_size, xlsx_size) = _timed(report, report_runs)
    figures = build_report(network, period).figures

    def row(name: str, times: list[float], target: float, note: str) -> str:
        median = statistics.median(times)
        verdict = "ok" if median < target else "MISSED"
        cpu = statistics.median(CPU[id(times)])
        goal = f"< {target * 1000:,.0f} ms" if math.isfinite(target) else "-"
        return (
            f"| {name} | {median * 1000:,.0f} ms | {cpu * 1000:,.0f} ms | "
            f"{max(times) * 1000:,.0f} ms | {goal} | {verdict if goal != '-' else ''} | {note} |"
        )

    load = os.getloadavg()
    print(f"Key figures benchmark on {connection.vendor}, {platform.node()}")
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; load average {load[0]:.2f} {load[1]:.2f} "
        f"{load[2]:.2f}"
    )
    print(
        f"prepared in {prepared:.0f} s; seeded {args.members:,} members, {args.ties:,} ties "
        f"({len(figures.projects.by_status)} statuses, {figures.needs.posted:,} needs, "
        f"{figures.events.held} events, {figures.events.participants:,} participants) "
        f"in {seeded:.0f} s"
    )
    print()
    print("| what | median | median CPU | max | target | | note |")
    print("| --- | ---: | ---: | ---: | ---: | --- | --- |")
    print(
        row(
            "(a) statistics, all districts, sectors, years",
            stats_times,
            TARGETS["statistics"],
            f"{cells:,} district-year-sector cells, {args.runs} runs; reading the table "
            f"from the database once: {read * 1000:,.0f} ms",
        )
    )
    print(
        row(
            "(b) dashboard, one year",
            dash_times,
            TARGETS["dashboard"],
            f"whole request as the manager, {args.runs} runs after one warm-up; "
            f"{figures.members.at_end:,} members at the end",
        )
    )
    print(
        row(
            "(c) funder report, PDF + Excel",
            report_times,
            TARGETS["report"],
            f"{report_runs} runs; PDF {pdf_size / 1024:,.0f} KiB, "
            f"Excel {xlsx_size / 1024:,.0f} KiB",
        )
    )
    print(
        row(
            "(d) cooperation network: first view (queues the worker)",
            queued_times,
            TARGETS["cooperation"],
            f"1 run; gathers the {queued_ties:,} ties (granted, running and finished "
            "projects, brokered needs, B2B meetings) and answers that it is being computed",
        )
    )
    print(
        row(
            "(d) cooperation network: the worker's job",
            job_times,
            float("inf"),
            "1 run; analysis and introductions, stored in the shared cache",
        )
    )
    print(
        row(
            "(d) cooperation network: page after the job",
            cooperation_times,
            TARGETS["cooperation"],
            f"whole request as the manager, {args.runs} runs",
        )
    )
    missed = [
        name
        for name, times in (
            ("statistics", stats_times),
            ("dashboard", dash_times),
            ("report", report_times),
            ("cooperation", cooperation_times),
        )
        if statistics.median(times) >= TARGETS[name]
    ]
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
