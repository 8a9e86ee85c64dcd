"""Import the H2020 participation network (projects and participants by PIC)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext_lazy as _

from nahwerk.projects.importing import ImportFileError, import_h2020_participations


class Command(BaseCommand):
    help = (
        "Import the H2020 cooperation network 2014-2019 (participations by PIC and the "
        "programme parts of the projects); safe to re-run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--participations",
            type=Path,
            metavar="FILE",
            help="participations CSV, plain or gzipped (default: the shipped file)",
        )
        parser.add_argument(
            "--programme-parts",
            type=Path,
            metavar="FILE",
            help="programme parts CSV, plain or gzipped (default: the shipped file)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = import_h2020_participations(
                options["participations"], options["programme_parts"]
            )
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(report.summary()))
        self.stdout.write(str(_("Source: CORDIS, © European Union")))
