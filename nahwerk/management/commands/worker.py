"""The background worker: re-indexes changed profiles, runs queued schedulers and periodic jobs."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

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
        sync_schedules()
        if options["loop"]:
            call_command("qcluster")
            return
        done = run_queued()
        if options["verbosity"] > 0:
            self.stdout.write(f"{done} job(s) carried out")
