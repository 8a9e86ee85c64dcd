"""The background worker: re-indexes changed profiles and runs queued schedulers."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, ClassVar

from django.core.management.base import BaseCommand, CommandParser

from nahwerk.events.services import process_schedule_jobs
from nahwerk.matching.services import process_reindex_requests


class Command(BaseCommand):
    help = (
        "Carry out the platform's background work: re-index changed profiles (queued by "
        "edits and imports) and run the B2B scheduler for events whose organisers asked "
        "for it. With --loop it keeps polling; run one beside the web server."
    )
    # (what was done, the function that does the waiting work and says how much)
    tasks: ClassVar[tuple[tuple[str, Callable[[], int]], ...]] = (
        ("re-index request(s)", process_reindex_requests),
        ("scheduler job(s)", process_schedule_jobs),
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
            done = [(what, task()) for what, task in self.tasks]
            if options["verbosity"] > 0 and any(n for _, n in done):
                self.stdout.write(", ".join(f"{n} {what}" for what, n in done))
            if not options["loop"]:
                return
            if not any(n for _, n in done):
                time.sleep(options["interval"])
