"""Embed changed profiles and rebuild the partner-matching index from the database."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from nahwerk.matching.services import rebuild_index


class Command(BaseCommand):
    help = "Embed changed organisation profiles and rebuild the partner-matching index."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(self.style.SUCCESS(rebuild_index().summary()))
