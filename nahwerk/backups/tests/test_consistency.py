"""A backup taken while another connection writes is one moment, not a mix of two."""

from __future__ import annotations

import sqlite3
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections

from nahwerk.backups import databases
from nahwerk.backups.services import create_backup


def write_pairs_until(stop: threading.Event, write_pair: Callable[[int], None]) -> list[int]:
    """Write pairs in one transaction each until ``stop``; return how many were written."""
    written = [0]

    def run() -> None:
        while not stop.is_set():
            written[0] += 1
            write_pair(written[0])

    thread = threading.Thread(target=run)
    thread.start()
    stop.wait()
    thread.join()
    return written


def test_sqlite_backup_while_another_connection_writes(tmp_path: Path) -> None:
    live = tmp_path / "live.sqlite3"
    setup = sqlite3.connect(live)
    setup.execute("PRAGMA journal_mode=WAL")
    # every transaction adds an order and its line: in any snapshot the counts match
    setup.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, payload TEXT)")
    setup.execute("CREATE TABLE lines (id INTEGER PRIMARY KEY, order_id INTEGER)")
    setup.commit()
    setup.close()

    def write_pair(n: int) -> None:
        with writer:
            writer.execute("INSERT INTO orders (payload) VALUES (?)", ("x" * 2000,))
            time.sleep(0.0005)  # a window between the two writes of one transaction
            writer.execute("INSERT INTO lines (order_id) VALUES (?)", (n,))

    writer = sqlite3.connect(live, check_same_thread=False, timeout=20)
    stop = threading.Event()
    copies: list[tuple[int, int]] = []

    def back_up_repeatedly() -> None:
        reader = sqlite3.connect(live, timeout=20)
        try:
            time.sleep(0.05)
            for number in range(8):
                copy = tmp_path / f"copy-{number}.sqlite3"
                databases.dump_sqlite(reader, copy)
                with sqlite3.connect(copy) as check:
                    counts = [
                        check.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                        for t in ("orders", "lines")
                    ]
                    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                copies.append((counts[0], counts[1]))
                time.sleep(0.02)
        finally:
            reader.close()
            stop.set()

    backups = threading.Thread(target=back_up_repeatedly)
    backups.start()
    written = write_pairs_until(stop, write_pair)
    backups.join()
    writer.close()

    assert len(copies) == 8 and written[0] > 0
    assert all(orders == lines for orders, lines in copies), copies
    # the writer kept writing during the backups: the copies are of different moments
    assert len({orders for orders, _ in copies}) > 1, copies


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_postgres_backup_while_another_connection_writes(
    transactional_db: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    django_writer = connections.create_connection("default")
    django_writer.ensure_connection()
    writer = django_writer.connection  # psycopg's own connection may change threads
    with writer.cursor() as cursor:
        cursor.execute("CREATE TABLE probe_orders (id serial PRIMARY KEY, payload text)")
        cursor.execute("CREATE TABLE probe_lines (id serial PRIMARY KEY, order_id int)")

    def write_pair(n: int) -> None:
        with writer.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute("INSERT INTO probe_orders (payload) VALUES (%s)", ["x" * 2000])
            time.sleep(0.001)
            cursor.execute("INSERT INTO probe_lines (order_id) VALUES (%s)", [n])
            cursor.execute("COMMIT")

    stop = threading.Event()
    archives: list[Path] = []

    def back_up_repeatedly() -> None:
        try:
            time.sleep(0.1)
            for number in range(3):
                archives.append(create_backup(output=tmp_path / f"b{number}.tar.gz").archive)
        finally:
            connections.close_all()
            stop.set()

    try:
        backups = threading.Thread(target=back_up_repeatedly)
        backups.start()
        written = write_pairs_until(stop, write_pair)
        backups.join()
    finally:
        with writer.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS probe_orders, probe_lines")
        django_writer.close()

    pg_restore = databases.postgres_tool("pg_restore")
    counts = []
    for archive in archives:
        subprocess.run(["tar", "xzf", archive, "-C", tmp_path, "database.pgdump"], check=True)
        counts.append(
            tuple(
                rows_in_dump(pg_restore, tmp_path / "database.pgdump", table)
                for table in ("probe_orders", "probe_lines")
            )
        )
    assert len(counts) == 3 and written[0] > 0
    assert all(orders == lines for orders, lines in counts), counts
    assert counts[-1][0] > 0, counts


def rows_in_dump(pg_restore: str, dump: Path, table: str) -> int:
    sql = subprocess.run(
        [pg_restore, "--data-only", f"--table={table}", "--file=-", str(dump)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    copying, rows = False, 0
    for line in sql.splitlines():
        if line.startswith(f"COPY public.{table} "):
            copying = True
        elif line == "\\.":
            copying = False
        elif copying:
            rows += 1
    return rows
