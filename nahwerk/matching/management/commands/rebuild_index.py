"""Embed changed profiles and rebuild the partner-matching index from the database."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from nahwerk.matching import tasks


class Command(BaseCommand):
    help = "Embed changed organisation profiles and rebuild the partner-matching index."

    def handle(self, *args: Any, **options: Any) -> None:
        # as the worker's full re-index: it records that every change committed before it
        # started is in the index, so the re-index jobs queued for them (an import before
        # this command) find nothing left to do instead of rebuilding the index again
        self.stdout.write(self.style.SUCCESS(tasks.reindex_all()))
