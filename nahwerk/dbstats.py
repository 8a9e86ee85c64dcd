"""Fresh planner statistics after a bulk load.

The query planners of PostgreSQL and SQLite choose between an index and a full scan by
the statistics ANALYZE gathered. After an import of tens of thousands of rows these
describe the empty tables until autovacuum (where it runs at all) catches up, and a page
that reads the cooperation history scans 100,000 participations instead of using the
index: 24 ms instead of 0.5 ms per query on the demo (docs/benchmarks.md, "Load").
The import functions call ``refresh_planner_statistics`` with the models they filled.
"""

from __future__ import annotations

from django.db import connections, router
from django.db.models import Model


def refresh_planner_statistics(*models: type[Model]) -> None:
    """ANALYZE the tables of these models, or with none every table of the database.

    Call it after the transaction that wrote the rows has committed.
    """
    if not models:
        with connections["default"].cursor() as cursor:
            cursor.execute("ANALYZE")
        return
    by_alias: dict[str, list[str]] = {}
    for model in models:
        alias = router.db_for_write(model)
        by_alias.setdefault(alias, []).append(model._meta.db_table)
    for alias, tables in by_alias.items():
        connection = connections[alias]
        if connection.vendor not in {"postgresql", "sqlite"}:
            continue
        with connection.cursor() as cursor:
            for table in dict.fromkeys(tables):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
