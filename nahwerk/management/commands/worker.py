"""The background worker: re-indexes changed profiles and runs queued schedulers."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from events.services import process_schedule_jobs
from matching.services import process_reindex_requests


class Command(BaseCommand):
    help = (
        "Carry out the platform's background work: re-index changed profiles (queued by "
        "edits and imports) and run the B2B scheduler for events whose organisers asked "
        "for it. With --loop it keeps polling; run one beside the web server."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--loop", action="store_true", help="keep running and poll for new work"
        )
        parser.add_argument(
            "--interval", type=float, default=2.0, help="seconds between polls (with --loop)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            reindexed = process_reindex_requests()
            scheduled = process_schedule_jobs()
            if options["verbosity"] > 0 and (reindexed or scheduled):
                self.stdout.write(
                    f"re-indexed {reindexed} request(s), ran {scheduled} scheduler job(s)"
                )
            if not options["loop"]:
                return
            if not (reindexed or scheduled):
                time.sleep(options["interval"])
