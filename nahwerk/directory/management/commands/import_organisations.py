"""Import organisations from a CSV or Excel (.xlsx) file, with a per-row problem report."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from nahwerk.directory.importing import (
    IMPORT_FIELDS,
    ImportResult,
    OrganisationImportError,
    Problem,
    import_organisations,
)
from nahwerk.networks.models import Network

_VALUE_WIDTH = 40


def parse_mapping(items: list[str]) -> dict[str, str]:
    """``["Firma=name", "Notiz="]`` → ``{"Firma": "name", "Notiz": ""}``."""
    mapping: dict[str, str] = {}
    for item in items:
        header, sep, target = item.rpartition("=")
        if not sep or not header.strip():
            raise CommandError(
                _("Write each mapping as Header=field, not “%(item)s”.") % {"item": item}
            )
        mapping[header.strip()] = target.strip()
    return mapping


def problem_table(problems: list[Problem]) -> list[str]:
    """The problems as aligned text lines: row, field, value, reason."""
    headings = (_("Row"), _("Field"), _("Value"), _("Reason"))
    rows = []
    for problem in problems:
        value = problem.value
        if len(value) > _VALUE_WIDTH:
            value = value[: _VALUE_WIDTH - 1] + "…"
        rows.append((str(problem.row), problem.field, value, problem.reason))
    widths = [max(len(str(cells[i])) for cells in [headings, *rows]) for i in range(3)]
    lines = []
    for cells in [headings, *rows]:
        lines.append(
            "  ".join([str(cells[i]).ljust(widths[i]) for i in range(3)] + [str(cells[3])]).rstrip()
        )
        if cells is headings:
            lines.append("  ".join("-" * w for w in [*widths, len(str(headings[3]))]))
    return lines


def summary_lines(result: ImportResult) -> list[str]:
    return [
        _("Rows: %(rows)d, valid: %(valid)d, invalid: %(invalid)d")
        % {"rows": result.rows, "valid": result.valid, "invalid": result.invalid},
        _(
            "Created: %(created)d, updated: %(updated)d, skipped: %(skipped)d, "
            "new memberships: %(members)d"
        )
        % {
            "created": result.created,
            "updated": result.updated,
            "skipped": result.skipped,
            "members": result.memberships_created,
        },
    ]


class Command(BaseCommand):
    help = (
        "Import organisations from a CSV (comma or semicolon) or .xlsx file. Columns are "
        "recognised by German or English headers; --map overrides. All or nothing unless "
        "--skip-invalid. Target fields: " + ", ".join(IMPORT_FIELDS)
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV or .xlsx file; the header is in row 1.")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="HEADER=FIELD",
            dest="mapping",
            help="Map a column to a field (repeatable); HEADER= ignores the column.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and report only; write nothing."
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the valid rows even if some rows are invalid.",
        )
        parser.add_argument(
            "--network",
            metavar="SLUG",
            help="Make the imported organisations active members of this network.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        network = None
        if options["network"]:
            network = Network.objects.filter(slug=options["network"]).first()
            if network is None:
                raise CommandError(
                    _("There is no network with the slug “%(slug)s”.")
                    % {"slug": options["network"]}
                )
        try:
            result = import_organisations(
                options["file"],
                mapping=parse_mapping(options["mapping"]),
                dry_run=options["dry_run"],
                skip_invalid=options["skip_invalid"],
                network=network,
            )
        except OrganisationImportError as error:
            raise CommandError(str(error)) from error

        self.stdout.write(
            _("Columns: %(columns)s")
            % {"columns": ", ".join(f"{h} → {f}" for h, f in result.columns.items())}
        )
        if result.ignored_columns:
            self.stdout.write(
                _("Ignored columns: %(columns)s") % {"columns": ", ".join(result.ignored_columns)}
            )
        if result.problems:
            self.stdout.write("")
            for line in problem_table(result.problems):
                self.stdout.write(line)
            self.stdout.write("")
        for line in summary_lines(result):
            self.stdout.write(line)

        if result.rejected:
            raise CommandError(
                _(
                    "Nothing was written: %(invalid)d rows are invalid. Correct them, or import "
                    "the valid rows with --skip-invalid."
                )
                % {"invalid": result.invalid}
            )
        if result.dry_run:
            self.stdout.write(self.style.WARNING(_("Dry run: nothing was written.")))
        elif result.written:
            self.stdout.write(self.style.SUCCESS(_("Import written.")))
        else:
            self.stdout.write(_("The file has no data rows; nothing was written."))
