"""The background worker: claims re-index requests and keeps the index current."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from matching.services import process_reindex_requests


class Command(BaseCommand):
    help = (
        "Process queued re-index requests (profiles changed on the platform or by an "
        "import): embed the changed profiles and swap in a rebuilt index."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--loop", action="store_true", help="keep running and poll for new requests"
        )
        parser.add_argument(
            "--interval", type=float, default=2.0, help="seconds between polls (with --loop)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            processed = process_reindex_requests()
            if processed and options["verbosity"] > 0:
                self.stdout.write(f"re-indexed {processed} request(s)")
            if not options["loop"]:
                return
            if not processed:
                time.sleep(options["interval"])
