"""Import CORDIS project and organisation records (project.json, organization.json)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext_lazy as _

from nahwerk.projects.importing import ImportFileError, import_cordis_records


class Command(BaseCommand):
    help = (
        "Import projects, organisations and participations from a CORDIS extract "
        "(project.json and organization.json); safe to re-run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--directory",
            type=Path,
            help="folder with project.json and organization.json "
            "(default: the shipped semiconductor/EV subset)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = import_cordis_records(options["directory"])
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(report.summary()))
        self.stdout.write(str(_("Source: CORDIS, © European Union")))
