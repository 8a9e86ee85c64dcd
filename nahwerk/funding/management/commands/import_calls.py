"""Import EU funding calls (the shipped file by default); safe to re-run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from nahwerk.funding.importing import CallImportError, import_calls


class Command(BaseCommand):
    help = (
        "Import EU funding calls from the portal's JSON records (default: "
        "data/eu_calls/open_calls.jsonl.gz); updates calls by topic id, writes nothing "
        "when a row is bad, then embeds the changed calls for the fit ranking."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path, help="call file (.jsonl or .jsonl.gz)")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument(
            "--no-embed", action="store_true", help="leave the embedding to the worker"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = import_calls(options["file"], dry_run=options["dry_run"])
        except (CallImportError, OSError) as error:
            raise CommandError(str(error)) from error
        for problem in result.problems:
            self.stderr.write(
                _("Row %(row)d (%(topic)s), %(field)s = “%(value)s”: %(reason)s")
                % {
                    "row": problem.row,
                    "topic": problem.topic_id or "-",
                    "field": problem.field,
                    "value": problem.value,
                    "reason": problem.reason,
                }
            )
        if result.rejected:
            raise CommandError(result.summary())
        self.stdout.write(self.style.SUCCESS(result.summary()))
        self.stdout.write(
            _("Source: EU Funding & Tenders Portal, © European Union (via OscarSalgado/CordisData)")
        )
        if result.written and not options["no_embed"]:
            from nahwerk.funding.fit import refresh_call_vectors

            embedded = refresh_call_vectors()
            self.stdout.write(
                _("%(count)d calls embedded for the fit ranking.") % {"count": embedded}
            )
