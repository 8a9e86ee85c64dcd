"""Bring back a backup archive: database, uploaded files, then the partner index."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils.translation import gettext as _

from nahwerk.backups.services import Backup, BackupError, media_root, open_backup, restore_backup

YES = {"yes", "ja", "y", "j"}


class Command(BaseCommand):
    help = (
        "Restore a backup written by manage.py backup: checks it, asks, replaces the "
        "database and the uploaded files, applies newer migrations and rebuilds the index."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="The .tar.gz file from manage.py backup.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with open_backup(options["archive"]) as backup:
                if not options["yes"] and not self.confirmed(backup):
                    raise CommandError(_("Restore cancelled; nothing was changed."))
                report = restore_backup(backup)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(report.summary()))

    def confirmed(self, backup: Backup) -> bool:
        if not sys.stdin.isatty():
            raise CommandError(
                _(
                    "No terminal to ask for confirmation; nothing was changed. Run with --yes "
                    "to restore without asking."
                )
            )
        database = connection.settings_dict["NAME"]
        self.stdout.write(
            _(
                "Backup of %(created)s (nahwerk %(version)s, %(vendor)s, %(files)d uploaded "
                "files).\nThis REPLACES the database %(database)s and the uploaded files in "
                "%(media)s; everything changed since the backup is lost."
            )
            % {
                "created": backup.created,
                "version": backup.manifest.get("nahwerk_version", "?"),
                "vendor": backup.vendor,
                "files": len(backup.media_files),
                "database": database,
                "media": media_root() or "-",
            }
        )
        answer = input(_("Restore now? Type 'yes': "))
        return answer.strip().lower() in YES
