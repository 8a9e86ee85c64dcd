"""Load districts, postcodes and WZ 2008 codes from data/reference (idempotent)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from nahwerk.reference.loading import load_reference_data


class Command(BaseCommand):
    help = "Load districts, postcodes and WZ 2008 codes from data/reference; safe to re-run."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--directory", type=Path, help="folder with the reference files")

    def handle(self, *args: Any, **options: Any) -> None:
        report = load_reference_data(options["directory"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Reference data: {report.districts} districts, {report.postcodes} postcodes, "
                f"{report.industry_codes} WZ 2008 codes."
            )
        )
