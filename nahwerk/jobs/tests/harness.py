"""A worker process for the kill tests, run as ``python -m nahwerk.jobs.tests.harness``.

It runs against the database its environment names (``SQLITE_PATH`` or ``DATABASE_URL``):

- ``setup reindex|schedule``: migrate, create a small network whose organisations queue
  re-index jobs; for ``schedule`` drop those and queue one scheduler run instead
- ``worker [--hold reindex|schedule] [--flag FILE] [--log FILE]``: ``manage.py worker
  --loop``; with ``--hold`` the job stops at the start of its work (after touching FILE)
  until the test kills the process; with ``--log`` each full rebuild and solver run is
  written as a line to FILE
- ``wait SECONDS``: wait until no job is queued or held and the scheduler job finished,
  then print the state as JSON
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from pathlib import Path
from typing import Any


def _setup(kind: str) -> None:
    from django.core.management import call_command
    from django_q.models import OrmQ

    from nahwerk.accounts.tests.factories import UserFactory
    from nahwerk.directory.tests.factories import OrganisationFactory
    from nahwerk.events import services
    from nahwerk.events.choices import EventKind
    from nahwerk.events.models import Registration
    from nahwerk.events.tests.factories import EventFactory
    from nahwerk.networks.tests.factories import MembershipFactory, NetworkFactory

    call_command("migrate", verbosity=0)
    network = NetworkFactory(name="Netzwerk Nord", slug="nord")
    alice = UserFactory(username="alice", is_staff=True)
    alice.managed_networks.add(network)
    texts = [
        "Keramische Filter für Heißgas und poröse Keramik.",
        "Kunststoffspritzguss und Werkzeugbau für die Automobilindustrie.",
        "Metallbearbeitung, Laserschneiden und Schweißen von Baugruppen.",
    ]
    people = []
    for i, text in enumerate(texts):
        org = OrganisationFactory(name=f"Firma {i}", description=text)
        MembershipFactory(organisation=org, network=network)
        people.append(UserFactory(username=f"person{i}", organisation=org))
    if kind == "reindex":
        return
    OrmQ.objects.all().delete()  # this scenario is about the scheduler
    day = EventFactory(kind=EventKind.B2B_DAY, organiser=network, capacity=10, slug="boerse")
    for person in people:
        services.register(person, day)
    services.set_up_slots(
        alice, day, start=day.starts_at + dt.timedelta(hours=1), count=3, minutes=20, tables=2
    )
    for a, b in [(0, 1), (1, 2), (0, 2)]:
        to = Registration.objects.get(event=day, user=people[b])
        request = services.send_request(people[a], day, recipient_id=to.pk, message="Gern")
        services.respond(people[b], request, accept=True)
    services.request_schedule(alice, day)


def _worker(args: list[str]) -> None:
    from django.core.management import call_command

    from nahwerk.events.services import scheduling
    from nahwerk.matching import services

    options = dict(zip(args[::2], args[1::2], strict=True))
    hold, flag, log = options.get("--hold"), options.get("--flag"), options.get("--log")
    real_rebuild, real_solve = services.rebuild_index, scheduling._solve

    def note(what: str) -> None:
        if log:
            with open(log, "a", encoding="utf-8") as out:
                out.write(f"{what} {os.getpid()}\n")

    def held(what: str) -> None:
        if hold == what:
            Path(str(flag)).touch()
            time.sleep(3600)  # until the test kills this worker

    def rebuild(**kwargs: Any) -> Any:
        held("reindex")
        note("rebuild")
        return real_rebuild(**kwargs)

    def solve(instance: Any, seconds: float) -> Any:
        held("schedule")
        note("solve")
        return real_solve(instance, seconds)

    services.rebuild_index = rebuild  # type: ignore[assignment]
    scheduling._solve = solve  # type: ignore[assignment]
    call_command("worker", loop=True, verbosity=0)


def _wait(seconds: float) -> None:
    from django_q.models import OrmQ, Success

    from nahwerk.events.models import ScheduleJob, ScheduleRun
    from nahwerk.matching.models import IndexedProfile, ProfileVector

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not OrmQ.objects.exists() and not ScheduleJob.objects.unfinished().exists():
            break
        time.sleep(0.3)
    state = {
        "queued": OrmQ.objects.count(),
        "succeeded": sorted(Success.objects.values_list("name", flat=True)),
        "vectors": ProfileVector.objects.count(),
        "vector_rows_per_profile": sorted(
            set(ProfileVector.objects.values_list("organisation_id", "audience"))
        ).__len__(),
        "jobs": [
            {"finished": j.finished_at is not None, "run": j.run_id, "error": j.error}
            for j in ScheduleJob.objects.all()
        ],
        "runs": ScheduleRun.objects.count(),
        "indexed": IndexedProfile.objects.filter(removed=False).count(),
    }
    sys.stdout.write(json.dumps(state) + "\n")


def main(argv: list[str]) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nahwerk.settings")
    django.setup()
    command, rest = argv[0], argv[1:]
    if command == "setup":
        _setup(rest[0])
    elif command == "worker":
        _worker(rest)
    elif command == "wait":
        _wait(float(rest[0]))
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv[1:])
