"""Planner statistics after bulk loads, and no JIT compiling of the site's short queries."""

from __future__ import annotations

import pytest
from django.db import connection

from nahwerk.dbstats import refresh_planner_statistics
from nahwerk.projects.models import Participation, Project

pytestmark = pytest.mark.django_db


def planner_row_estimate(table: str) -> int | None:
    """The number of rows the planner believes the table holds; None before any ANALYZE."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            (tuples,) = cursor.fetchone()
            return None if tuples < 0 else int(tuples)
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return None
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
        rows = [int(stat.split()[0]) for (stat,) in cursor.fetchall()]
        return max(rows) if rows else None


def add_projects(count: int) -> None:
    Project.objects.bulk_create(
        Project(title=f"Projekt {i}", acronym=f"P{i}", cordis_rcn=900_000 + i) for i in range(count)
    )


def test_refresh_counts_the_rows_of_the_models_tables() -> None:
    add_projects(250)
    assert planner_row_estimate(Project._meta.db_table) != 250
    refresh_planner_statistics(Project, Participation)
    assert planner_row_estimate(Project._meta.db_table) == 250


def test_refresh_without_models_analyses_the_whole_database() -> None:
    add_projects(120)
    refresh_planner_statistics()
    assert planner_row_estimate(Project._meta.db_table) == 120


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_connections_do_not_compile_queries() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
