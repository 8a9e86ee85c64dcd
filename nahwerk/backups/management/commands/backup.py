"""Write a backup archive of the running site: database, uploaded files, manifest."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from nahwerk.backups.services import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write one .tar.gz archive with a consistent copy of the database (SQLite online "
        "backup or pg_dump), the uploaded files and a manifest with checksums. Safe while "
        "the site runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            help="Archive file, or a folder for a dated file name (default: BACKUP_DIR).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = create_backup(output=options["output"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(
                _("The backup could not be written: %(error)s") % {"error": error}
            ) from error
        self.stdout.write(self.style.SUCCESS(report.summary()))
