"""The background worker: re-indexes changed profiles, runs queued schedulers and periodic jobs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connections

from nahwerk.jobs.periodic import sync_schedules
from nahwerk.jobs.queue import run_queued


class Command(BaseCommand):
    help = (
        "Carry out the platform's background jobs (django-q2): re-index changed profiles "
        "(queued by edits and imports), run the B2B scheduler for events whose organisers "
        "asked for it, and the periodic jobs. With --loop it runs the worker cluster until "
        "stopped; run one beside the web server. Without it, it carries out the jobs "
        "waiting now and exits."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--loop",
            action="store_true",
            help="keep running (the worker cluster) and take new jobs",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        patient_sqlite()
        sync_schedules()
        if options["loop"]:
            call_command("qcluster")
            return
        done = run_queued()
        if options["verbosity"] > 0:
            self.stdout.write(f"{done} job(s) carried out")


def patient_sqlite() -> None:
    """Let the jobs wait longer than requests for SQLite's write lock.

    On SQLite one process writes at a time; a job that gives up after the requests' 20 s
    (e.g. the call embedding while a re-index saves its rows) fails and must wait for its
    next run. The worker's processes are forked from this one and keep the setting.
    """
    for connection in connections.all():
        if connection.vendor == "sqlite":
            options = connection.settings_dict.setdefault("OPTIONS", {})
            options["timeout"] = settings.JOBS_SQLITE_TIMEOUT_SECONDS
            if not connection.in_atomic_block:  # the next connection has it
                connection.close()
