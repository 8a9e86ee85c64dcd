"""Copying the database out and back in, per vendor: SQLite's online backup API, pg_dump."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class DatabaseDump:
    """What one dump wrote and the state it was taken in."""

    vendor: str
    # applied migrations as (app, name), read inside the same snapshot as the dump
    migrations: list[tuple[str, str]]
    details: dict[str, Any]


SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.pgdump"


def dump_database(target_dir: Path, *, alias: str = DEFAULT_DB_ALIAS) -> tuple[str, DatabaseDump]:
    """Write a consistent copy of the database into ``target_dir``; return its file name."""
    connection = connections[alias]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return SQLITE_FILE, dump_sqlite(connection.connection, target_dir / SQLITE_FILE)
    if connection.vendor == "postgresql":
        return POSTGRES_FILE, dump_postgresql(alias, target_dir / POSTGRES_FILE)
    raise BackupError(
        _("Backups support SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": connection.vendor}
    )


# --- SQLite --------------------------------------------------------------------------------


def dump_sqlite(source: sqlite3.Connection, target: Path) -> DatabaseDump:
    """Copy a live SQLite database with the online backup API.

    All pages are copied in one step (``pages=-1``): the copy is one read transaction, so
    it is a snapshot even while other connections write (WAL lets them go on meanwhile).
    """
    copy = sqlite3.connect(target)
    try:
        source.backup(copy, pages=-1)
        # the archive holds one self-contained file, not a WAL beside it
        copy.execute("PRAGMA journal_mode=DELETE")
        migrations = _sqlite_migrations(copy)
    finally:
        copy.close()
    return DatabaseDump(
        vendor="sqlite", migrations=migrations, details={"sqlite_version": sqlite3.sqlite_version}
    )


def _sqlite_migrations(database: sqlite3.Connection) -> list[tuple[str, str]]:
    try:
        rows = database.execute("SELECT app, name FROM django_migrations").fetchall()
    except sqlite3.OperationalError:  # a database that was never migrated
        return []
    return sorted((str(app), str(name)) for app, name in rows)


def restore_sqlite(source: Path, *, alias: str = DEFAULT_DB_ALIAS) -> None:
    """Replace the live database's content with ``source`` in one write transaction.

    The backup API writes every page under one lock and commits at the end: a failure
    halfway leaves the old database as it was.
    """
    connection = connections[alias]
    connection.ensure_connection()
    backup = sqlite3.connect(source)
    try:
        backup.backup(connection.connection, pages=-1)
    except sqlite3.Error as error:
        raise BackupError(
            _("Restoring the SQLite database failed, it is unchanged: %(error)s") % {"error": error}
        ) from error
    finally:
        backup.close()
    # Page size and journal settings come from the copy; the site runs with WAL.
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode=WAL")


# --- PostgreSQL ----------------------------------------------------------------------------


def postgres_tool(name: str) -> str:
    """The path of ``pg_dump``, ``pg_restore`` or ``psql``: from POSTGRES_BIN_DIR or PATH."""
    directory = getattr(settings, "POSTGRES_BIN_DIR", "")
    found = shutil.which(name, path=str(directory)) if directory else shutil.which(name)
    if not found:
        where = (
            _("in POSTGRES_BIN_DIR (%(dir)s)") % {"dir": directory}
            if directory
            else _("on the PATH")
        )
        raise BackupError(
            _(
                "%(tool)s was not found %(where)s. Install the PostgreSQL client tools "
                "(Debian: apt-get install postgresql-client) or set POSTGRES_BIN_DIR to the "
                "folder that holds %(tool)s."
            )
            % {"tool": name, "where": where}
        )
    return found


def tool_major_version(tool: str) -> int:
    """The major version of a PostgreSQL client tool (``pg_dump (PostgreSQL) 15.20`` → 15)."""
    output = subprocess.run([tool, "--version"], capture_output=True, text=True, check=False).stdout
    match = re.search(r"\)\s*(\d+)", output) or re.search(r"(\d+)", output)
    if not match:
        raise BackupError(
            _("Cannot read the version of %(tool)s: %(output)s")
            % {"tool": tool, "output": output.strip()}
        )
    return int(match.group(1))


def server_major_version(alias: str = DEFAULT_DB_ALIAS) -> int:
    connection = connections[alias]
    connection.ensure_connection()
    return int(connection.pg_version) // 10000  # type: ignore[attr-defined]


def _postgres_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    # libpq reads these; a password never appears on a command line (ps shows those)
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    options = settings_dict.get("OPTIONS") or {}
    for variable, key in (
        ("PGSSLMODE", "sslmode"),
        ("PGSSLROOTCERT", "sslrootcert"),
        ("PGSSLCERT", "sslcert"),
        ("PGSSLKEY", "sslkey"),
    ):
        if options.get(key):
            env[variable] = str(options[key])
    return env


def check_pg_client(tool: str, *, server_major: int) -> int:
    """Refuse a client tool older than the server: pg_dump would abort on the mismatch."""
    major = tool_major_version(tool)
    if major < server_major:
        raise BackupError(
            _(
                "%(tool)s is version %(tool_version)d, the PostgreSQL server runs version "
                "%(server_version)d. Install the client tools of version %(server_version)d "
                "or newer and set POSTGRES_BIN_DIR to their folder (Debian: "
                "/usr/lib/postgresql/%(server_version)d/bin)."
            )
            % {
                "tool": Path(tool).name,
                "tool_version": major,
                "server_version": server_major,
            }
        )
    return major


def dump_postgresql(alias: str, target: Path) -> DatabaseDump:
    """``pg_dump`` in custom format, with the migration state read in the same snapshot.

    A read-only REPEATABLE READ transaction exports its snapshot; pg_dump runs in it
    (``--snapshot``), so the dump and the recorded migrations are the same moment.
    """
    pg_dump = postgres_tool("pg_dump")
    server_major = server_major_version(alias)
    dump_major = check_pg_client(pg_dump, server_major=server_major)
    snapshot_connection = connections.create_connection(alias)
    try:
        snapshot_connection.ensure_connection()
        snapshot_connection.set_autocommit(False)
        with snapshot_connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            cursor.execute("SELECT app, name FROM django_migrations")
            migrations = sorted((str(app), str(name)) for app, name in cursor.fetchall())
            result = subprocess.run(
                [
                    pg_dump,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                ],
                env=_postgres_environment(snapshot_connection.settings_dict),
                capture_output=True,
                text=True,
                check=False,
            )
        snapshot_connection.rollback()
    finally:
        snapshot_connection.close()
    if result.returncode != 0:
        raise BackupError(
            _("pg_dump failed (exit code %(code)d): %(error)s")
            % {"code": result.returncode, "error": result.stderr.strip()}
        )
    return DatabaseDump(
        vendor="postgresql",
        migrations=migrations,
        details={"server_major_version": server_major, "pg_dump_major_version": dump_major},
    )


# Everything Django created in the schema goes first, inside the restore's transaction,
# so that tables of later migrations do not survive and nothing changes if it fails.
_DROP_SCHEMA_CONTENT = """
DO $$
DECLARE item record;
BEGIN
  FOR item IN SELECT viewname AS name FROM pg_views WHERE schemaname = current_schema() LOOP
    EXECUTE format('DROP VIEW IF EXISTS %I CASCADE', item.name);
  END LOOP;
  FOR item IN SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() LOOP
    EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', item.name);
  END LOOP;
  FOR item IN SELECT sequencename AS name FROM pg_sequences
              WHERE schemaname = current_schema() LOOP
    EXECUTE format('DROP SEQUENCE IF EXISTS %I CASCADE', item.name);
  END LOOP;
END $$;
"""


def restore_tools(*, dump_major: int) -> tuple[str, str]:
    """``pg_restore`` and ``psql``, refused when older than the pg_dump that wrote the dump."""
    tools = (postgres_tool("pg_restore"), postgres_tool("psql"))
    for tool in tools:
        if tool_major_version(tool) < dump_major:
            raise BackupError(
                _(
                    "The backup was written by pg_dump %(dump)d; %(tool)s is older. Install "
                    "the PostgreSQL client tools of version %(dump)d or newer and set "
                    "POSTGRES_BIN_DIR to their folder."
                )
                % {"dump": dump_major, "tool": Path(tool).name}
            )
    return tools


def restore_postgresql(
    source: Path, *, dump_major: int, workdir: Path, alias: str = DEFAULT_DB_ALIAS
) -> None:
    """Replace the database's tables with the dump in ONE transaction (psql ``-1``).

    ``pg_restore`` turns the dump into SQL; ``psql`` runs the drop and the whole script
    in a single transaction that stops at the first error, so a failure changes nothing.
    """
    pg_restore, psql = restore_tools(dump_major=dump_major)
    server_major = server_major_version(alias)
    settings_dict = connections[alias].settings_dict
    env = _postgres_environment(settings_dict)
    script = workdir / "restore.sql"
    converted = subprocess.run(
        [pg_restore, "--no-owner", "--no-privileges", f"--file={script}", str(source)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if converted.returncode != 0:
        raise BackupError(
            _("pg_restore could not read the dump, the database is unchanged: %(error)s")
            % {"error": converted.stderr.strip()}
        )
    drop = workdir / "drop.sql"
    drop.write_text(_DROP_SCHEMA_CONTENT, encoding="utf-8")
    # Django's own connection holds no lock now, but it must not sit in a transaction.
    connections[alias].close()
    result = subprocess.run(
        [
            psql,
            "--no-psqlrc",
            "--quiet",
            "--single-transaction",
            "--set=ON_ERROR_STOP=1",
            f"--file={drop}",
            f"--file={script}",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(
            _(
                "Restoring the PostgreSQL database failed; it ran in one transaction, so the "
                "database is unchanged (server version %(server)d). psql said: %(error)s"
            )
            % {"server": server_major, "error": result.stderr.strip()[-2000:]}
        )
