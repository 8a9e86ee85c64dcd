"""Restore refuses what it cannot bring back safely, with a reason, and changes nothing."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from conftest import World, ensure_reference_data
from nahwerk.backups import databases
from nahwerk.backups.services import BackupError, create_backup
from nahwerk.directory.models import Organisation
from nahwerk.directory.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def archive(transactional_db: Any, request: Any, settings: Any, tmp_path: Path) -> Path:
    ensure_reference_data()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MATCHING_INDEX_DIR = tmp_path / "index"
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "logo.png").write_bytes(b"logo")
    request.getfixturevalue("world")
    return create_backup(output=tmp_path / "backup.tar.gz").archive


def rewrite(
    archive: Path, *, manifest: Any = None, replace: dict[str, bytes] | None = None
) -> Path:
    """A copy of ``archive`` with its manifest changed and members replaced."""
    copy = archive.with_name("changed.tar.gz")
    with tarfile.open(archive) as source, tarfile.open(copy, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "manifest.json" and manifest is not None:
                content = json.loads(data)
                manifest(content)
                data = json.dumps(content).encode()
            if replace and member.name in replace:
                data = replace[member.name]
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return copy


def refused(archive: Path, settings: Any) -> str:
    organisations = sorted(Organisation.objects.values_list("pk", "name"))
    logo = (Path(settings.MEDIA_ROOT) / "logo.png").read_bytes()
    with pytest.raises(CommandError) as refusal:
        call_command("restore", str(archive), "--yes")
    # nothing changed: neither the rows nor the files
    assert sorted(Organisation.objects.values_list("pk", "name")) == organisations
    assert (Path(settings.MEDIA_ROOT) / "logo.png").read_bytes() == logo
    return str(refusal.value)


@pytest.fixture
def changed_since(archive: Path, world: World, settings: Any) -> Path:
    # a state differing from the backup, so that a restore that ran would be noticed
    OrganisationFactory(name="Seit dem Backup GmbH")
    (Path(settings.MEDIA_ROOT) / "logo.png").write_bytes(b"new logo")
    return archive


def test_a_damaged_database_file_is_refused(changed_since: Path, settings: Any) -> None:
    with tarfile.open(changed_since) as source:
        name = next(n for n in source.getnames() if n.startswith("database."))
        data = bytearray(source.extractfile(name).read())  # type: ignore[union-attr]
    data[len(data) // 2] ^= 0xFF
    message = refused(rewrite(changed_since, replace={name: bytes(data)}), settings)
    assert "damaged" in message or "beschädigt" in message
    assert name in message


def test_a_truncated_archive_is_refused(changed_since: Path, settings: Any) -> None:
    truncated = changed_since.with_name("truncated.tar.gz")
    truncated.write_bytes(changed_since.read_bytes()[: changed_since.stat().st_size // 2])
    assert "beschädigt" in refused(truncated, settings)


def test_a_file_smuggled_into_the_archive_is_refused(changed_since: Path, settings: Any) -> None:
    smuggled = changed_since.with_name("smuggled.tar.gz")
    with tarfile.open(changed_since) as source, tarfile.open(smuggled, "w:gz") as target:
        for member in source.getmembers():
            target.addfile(member, source.extractfile(member))
        extra = tarfile.TarInfo("media/extra.php")
        extra.size = 3
        target.addfile(extra, io.BytesIO(b"<?="))
    assert "media/extra.php" in refused(smuggled, settings)


def test_a_backup_of_another_database_vendor_is_refused(changed_since: Path, settings: Any) -> None:
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def from_other_vendor(manifest: dict[str, Any]) -> None:
        manifest["database"]["vendor"] = other

    message = refused(rewrite(changed_since, manifest=from_other_vendor), settings)
    assert other in message and connection.vendor in message


def test_a_backup_from_newer_migrations_is_refused(changed_since: Path, settings: Any) -> None:
    def from_the_future(manifest: dict[str, Any]) -> None:
        manifest["migrations"]["directory"].append("9999_from_the_future")

    message = refused(rewrite(changed_since, manifest=from_the_future), settings)
    assert "directory.9999_from_the_future" in message


def test_without_a_terminal_restore_asks_for_yes(
    changed_since: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    organisations = Organisation.objects.count()
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)  # as under cron
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(changed_since))
    assert Organisation.objects.count() == organisations


def test_answering_no_changes_nothing(
    changed_since: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    organisations = Organisation.objects.count()
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "nein")
    with pytest.raises(CommandError):
        call_command("restore", str(changed_since))
    assert Organisation.objects.count() == organisations
    monkeypatch.setattr("builtins.input", lambda prompt: "ja")
    call_command("restore", str(changed_since))
    assert Organisation.objects.count() == organisations - 1


def test_a_missing_pg_dump_is_named_with_its_setting(settings: Any, tmp_path: Path) -> None:
    settings.POSTGRES_BIN_DIR = str(tmp_path)
    with pytest.raises(BackupError, match=r"pg_dump.*POSTGRES_BIN_DIR"):
        databases.postgres_tool("pg_dump")


def test_a_pg_dump_older_than_the_server_is_refused(tmp_path: Path) -> None:
    old = tmp_path / "pg_dump"
    old.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 13.4'\n")
    old.chmod(0o755)
    with pytest.raises(BackupError, match=r"13.*16") as refusal:
        databases.check_pg_client(str(old), server_major=16)
    assert "POSTGRES_BIN_DIR" in str(refusal.value)
    assert databases.check_pg_client(str(old), server_major=13) == 13


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the transaction of psql is PostgreSQL's"
)
def test_a_postgres_restore_failing_halfway_leaves_the_old_database(
    changed_since: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the tables are dropped, then the restore breaks: the transaction takes it all back
    monkeypatch.setattr(
        databases, "_DROP_SCHEMA_CONTENT", databases._DROP_SCHEMA_CONTENT + "SELECT 1/0;\n"
    )
    message = refused(changed_since, settings)
    assert "division by zero" in message


def test_an_unmigrated_database_is_not_backed_up(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nahwerk.backups import services

    def empty_database(target: Path, *, alias: str) -> tuple[str, databases.DatabaseDump]:
        (target / "database.sqlite3").write_bytes(b"")
        return "database.sqlite3", databases.DatabaseDump("sqlite", migrations=[], details={})

    monkeypatch.setattr(services, "dump_database", empty_database)
    with pytest.raises(CommandError, match="SQLITE_PATH"):
        call_command("backup", "--output", str(tmp_path / "empty.tar.gz"))
    assert not (tmp_path / "empty.tar.gz").exists()
    assert not list(tmp_path.glob(".backup-*")), "no half-written leftovers"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the client tools are PostgreSQL's")
def test_missing_client_tools_are_found_before_anything_changes(
    changed_since: Path, settings: Any, tmp_path: Path
) -> None:
    settings.POSTGRES_BIN_DIR = str(tmp_path / "no-tools-here")
    assert "pg_restore" in refused(changed_since, settings)
