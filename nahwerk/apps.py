"""Project-wide app: templates, static files and database tuning."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _tune_sqlite(sender: Any, connection: Any, **kwargs: Any) -> None:
    # WAL lets readers continue while an import writes; NORMAL sync is safe with WAL.
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL;")
            cursor.execute("PRAGMA synchronous=NORMAL;")
            cursor.execute("PRAGMA foreign_keys=ON;")


class NahwerkConfig(AppConfig):
    name = "nahwerk"
    verbose_name = "nahwerk"

    def ready(self) -> None:
        from nahwerk import checks  # noqa: F401  (registers the system checks)

        connection_created.connect(_tune_sqlite)
