"""Import GENESIS exports of table 13111-07-05-4 (employees by district and sector)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from nahwerk.regional.choices import ATTRIBUTION
from nahwerk.regional.importing import (
    EmploymentImportError,
    import_employment_paths,
    shipped_files,
)


class Command(BaseCommand):
    help = (
        "Import employees by district and sector (Regionalstatistik table 13111-07-05-4, "
        "the CSV as GENESIS exports it, plain or gzipped); without files the shipped years "
        "2015-2020. All files or nothing; importing a year again updates it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", type=Path, metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help="check the files, write nothing")
        parser.add_argument(
            "--force", action="store_true", help="write a year even when its file is unchanged"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        paths: list[Path] = options["files"] or shipped_files()
        for path in paths:
            if not path.is_file():
                raise CommandError(_("%(path)s: no such file.") % {"path": path})
        try:
            report = import_employment_paths(
                paths, force=options["force"], dry_run=options["dry_run"]
            )
        except EmploymentImportError as exc:
            raise CommandError(
                _("Nothing was imported:") + "\n" + "\n".join(str(p) for p in exc.problems)
            ) from exc
        for year in report.years:
            if year.unchanged:
                message = _("%(year)d: unchanged (%(source)s), left as it is.")
            elif options["dry_run"]:
                message = _("%(year)d: %(rows)d rows, %(districts)d districts read (dry run).")
            else:
                message = _("%(year)d: %(rows)d rows, %(districts)d districts imported.")
            self.stdout.write(
                message
                % {
                    "year": year.year,
                    "source": year.source,
                    "rows": year.rows,
                    "districts": year.districts,
                }
            )
            if year.obsolete_districts:
                self.stdout.write(
                    _("  left out: %(count)d districts that no longer exist (all values “-”).")
                    % {"count": len(year.obsolete_districts)}
                )
            if year.merged_districts:
                self.stdout.write(
                    _("  summed into today's district: the merged districts %s.")
                    % ", ".join(year.merged_districts)
                )
        if report.missing_years:
            self.stdout.write(
                self.style.WARNING(
                    _("No figures for the years %s: changes over time skip them.")
                    % ", ".join(str(y) for y in report.missing_years)
                )
            )
        self.stdout.write(self.style.SUCCESS(ATTRIBUTION))
