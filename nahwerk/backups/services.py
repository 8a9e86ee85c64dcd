"""Writing a backup archive and restoring one: database, uploaded files, manifest, index.

An archive is one ``.tar.gz`` file::

    manifest.json            date, nahwerk version, database vendor, migrations, checksums
    database.sqlite3         (SQLite)  or  database.pgdump  (PostgreSQL, pg_dump -Fc)
    media/...                the uploaded files (MEDIA_ROOT)

The partner index is not in it: its vectors live in the database, and a restore ends by
rebuilding the index from there (``matching.services.rebuild_index``).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import json
import os
import shutil
import tarfile
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

from nahwerk.backups.databases import (
    POSTGRES_FILE,
    SQLITE_FILE,
    BackupError,
    dump_database,
    restore_postgresql,
    restore_sqlite,
    restore_tools,
    server_major_version,
)

__all__ = [
    "Backup",
    "BackupError",
    "BackupReport",
    "RestoreReport",
    "create_backup",
    "open_backup",
    "restore_backup",
]

MANIFEST = "manifest.json"
MEDIA_PREFIX = "media"
FORMAT = 1


def nahwerk_version() -> str:
    try:
        return importlib.metadata.version("nahwerk")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def media_root() -> Path | None:
    # Django's default MEDIA_ROOT is "" (the current folder): never back that up
    root = getattr(settings, "MEDIA_ROOT", "")
    return Path(root) if root else None


def default_backup_dir() -> Path:
    return Path(getattr(settings, "BACKUP_DIR", Path(settings.BASE_DIR) / "var" / "backups"))


# --- Backup --------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupReport:
    archive: Path
    vendor: str
    media_files: int
    size: int

    def summary(self) -> str:
        return _(
            "Backup written to %(archive)s (%(size)s MB, database %(vendor)s, "
            "%(files)d uploaded files)."
        ) % {
            "archive": self.archive,
            "size": f"{self.size / 1_000_000:.1f}",
            "vendor": self.vendor,
            "files": self.media_files,
        }


def archive_path(output: str | Path | None, *, now: datetime) -> Path:
    """A folder (existing, or written with a trailing slash) gets a dated file name in it."""
    name = f"nahwerk-backup-{now:%Y%m%d-%H%M%S}.tar.gz"
    if output is None or str(output) == "":
        return default_backup_dir() / name
    if Path(output).is_dir() or str(output).endswith(("/", os.sep)):
        return Path(output) / name
    return Path(output)


def create_backup(
    *, output: str | Path | None = None, alias: str = DEFAULT_DB_ALIAS
) -> BackupReport:
    """Write one archive with a consistent copy of the database and the uploaded files.

    The archive is written under a temporary name beside its target and renamed at the
    end, so a file with the final name is always complete.
    """
    now = timezone.now()
    target = archive_path(output, now=now)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".backup-") as staging_name:
        staging = Path(staging_name)
        database_file, dump = dump_database(staging, alias=alias)
        if not dump.migrations:
            # an empty database: most likely SQLITE_PATH or DATABASE_URL points elsewhere
            raise BackupError(
                _(
                    "The database %(database)s has no tables of nahwerk (never migrated); "
                    "check DATABASE_URL or SQLITE_PATH. No backup was written."
                )
                % {"database": connections[alias].settings_dict["NAME"]}
            )
        files = {database_file: staging / database_file}
        root = media_root()
        media_count = 0
        if root is not None and root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    relative = path.relative_to(root).as_posix()
                    files[f"{MEDIA_PREFIX}/{relative}"] = path
                    media_count += 1
        partial = staging / "archive.tar.gz"
        checksums: dict[str, str] = {}
        with tarfile.open(partial, "w:gz") as archive:
            for name, path in files.items():
                checksums[name] = _add_hashed(archive, path, name)
            manifest = {
                "format": FORMAT,
                "created": now.isoformat(),
                "nahwerk_version": nahwerk_version(),
                "database": {"vendor": dump.vendor, "file": database_file, **dump.details},
                "migrations": _migrations_by_app(dump.migrations),
                "files": checksums,
            }
            content = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(content), int(now.timestamp()), 0o600
            archive.addfile(info, io.BytesIO(content))
        # the archive holds personal data: readable by the owner only
        partial.chmod(0o600)
        size = partial.stat().st_size
        os.replace(partial, target)
    return BackupReport(archive=target, vendor=dump.vendor, media_files=media_count, size=size)


class _HashingReader:
    """Hands a file to tarfile and hashes exactly the bytes that go into the archive."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _add_hashed(archive: tarfile.TarFile, path: Path, name: str) -> str:
    # An upload may change while the backup runs: the checksum is of what was archived.
    with path.open("rb") as handle:
        info = archive.gettarinfo(arcname=name, fileobj=handle)
        reader = _HashingReader(handle)
        archive.addfile(info, reader)
    return reader.digest.hexdigest()


def _migrations_by_app(migrations: list[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for app, name in migrations:
        grouped.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(grouped.items())}


# --- Reading and checking an archive -------------------------------------------------------


@dataclass
class Backup:
    """An archive unpacked into a staging folder, its checksums verified."""

    archive: Path
    staging: Path
    manifest: dict[str, Any]
    # migrations the backup lacks; ``restore`` applies them afterwards
    pending_migrations: list[tuple[str, str]] = field(default_factory=list)

    @property
    def created(self) -> str:
        try:
            moment = datetime.fromisoformat(str(self.manifest["created"]))
        except (KeyError, ValueError):
            return str(self.manifest.get("created", "?"))
        return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"

    @property
    def vendor(self) -> str:
        return str(self.manifest["database"]["vendor"])

    @property
    def database_file(self) -> Path:
        return self.staging / str(self.manifest["database"]["file"])

    @property
    def media_files(self) -> list[str]:
        return [name for name in self.manifest["files"] if name.startswith(f"{MEDIA_PREFIX}/")]


def _damaged(archive: Path, reason: str) -> BackupError:
    return BackupError(
        _("The backup %(archive)s is damaged and was not restored: %(reason)s")
        % {"archive": archive, "reason": reason}
    )


@contextmanager
def open_backup(archive: Path, *, alias: str = DEFAULT_DB_ALIAS) -> Iterator[Backup]:
    """Unpack ``archive`` beside MEDIA_ROOT, verify it and check it fits this installation.

    Refuses (``BackupError``) a damaged archive (unreadable, a checksum that does not
    match, a file missing or unlisted), one of another database vendor, and one with
    migrations this code does not know (taken from a newer version). Nothing is changed.
    """
    if not archive.is_file():
        raise BackupError(_("There is no backup file %(archive)s.") % {"archive": archive})
    root = media_root()
    # staged beside MEDIA_ROOT, so that swapping the folders is a rename on one disk
    parent = root.parent if root is not None else default_backup_dir()
    parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=parent, prefix=".restore-") as staging_name:
        staging = Path(staging_name)
        manifest = _unpack(archive, staging)
        backup = Backup(archive=archive, staging=staging, manifest=manifest)
        _check_fits(backup, alias=alias)
        yield backup


def _unpack(archive: Path, staging: Path) -> dict[str, Any]:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            # the "data" filter refuses absolute paths, "..", links out of the folder
            tar.extractall(staging, filter="data")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise _damaged(archive, str(error)) from error
    try:
        manifest = json.loads((staging / MANIFEST).read_text(encoding="utf-8"))
        files: dict[str, str] = manifest["files"]
        manifest["database"]["vendor"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise _damaged(archive, _("no readable manifest.json")) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(
            _("The backup has format %(format)s; this version of nahwerk reads format %(ours)d.")
            % {"format": manifest.get("format"), "ours": FORMAT}
        )
    present = {path.relative_to(staging).as_posix() for path in staging.rglob("*")}
    present = {name for name in present if (staging / name).is_file()} - {MANIFEST}
    for name, checksum in files.items():
        path = staging / PurePosixPath(name)
        if not path.is_file():
            raise _damaged(archive, _("%(file)s is missing") % {"file": name})
        if sha256_of(path) != checksum:
            raise _damaged(archive, _("the checksum of %(file)s does not match") % {"file": name})
    unlisted = sorted(present - set(files))
    if unlisted:
        raise _damaged(
            archive, _("files not in the manifest: %(files)s") % {"files": ", ".join(unlisted)}
        )
    return dict(manifest)


def _check_fits(backup: Backup, *, alias: str) -> None:
    connection = connections[alias]
    if backup.vendor != connection.vendor:
        raise BackupError(
            _(
                "The backup holds a %(backup)s database, this installation runs on "
                "%(ours)s. Restore it into a %(backup)s installation, or move the data "
                "with manage.py dumpdata and loaddata."
            )
            % {"backup": backup.vendor, "ours": connection.vendor}
        )
    expected_file = SQLITE_FILE if backup.vendor == "sqlite" else POSTGRES_FILE
    if backup.manifest["database"].get("file") != expected_file:
        raise _damaged(backup.archive, _("unexpected database file"))
    if backup.vendor == "postgresql":
        # missing or too old client tools are found before anyone is asked to confirm
        restore_tools(dump_major=int(backup.manifest["database"].get("pg_dump_major_version", 0)))
        theirs = int(backup.manifest["database"].get("server_major_version", 0))
        ours = server_major_version(alias)
        if theirs > ours:
            raise BackupError(
                _(
                    "The backup comes from PostgreSQL %(theirs)d, this server runs "
                    "PostgreSQL %(ours)d. Restore it into PostgreSQL %(theirs)d or newer."
                )
                % {"theirs": theirs, "ours": ours}
            )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    in_backup = {
        (app, name) for app, names in backup.manifest["migrations"].items() for name in names
    }
    newer = sorted(in_backup - known)
    if newer:
        raise BackupError(
            _(
                "The backup was taken by a newer version of nahwerk: this code does not know "
                "its migrations %(migrations)s. Update nahwerk to that version (%(version)s) "
                "first, then restore."
            )
            % {
                "migrations": ", ".join(f"{app}.{name}" for app, name in newer[:10]),
                "version": backup.manifest.get("nahwerk_version", "?"),
            }
        )
    backup.pending_migrations = sorted(known - in_backup)


# --- Restore -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreReport:
    created: str
    media_files: int
    migrated: int
    index: str

    def summary(self) -> str:
        return _(
            "Backup of %(created)s restored: database, %(files)d uploaded files; "
            "%(migrated)d newer migrations applied. %(index)s"
        ) % {
            "created": self.created,
            "files": self.media_files,
            "migrated": self.migrated,
            "index": self.index,
        }


def restore_backup(backup: Backup, *, alias: str = DEFAULT_DB_ALIAS) -> RestoreReport:
    """Bring back an opened, checked backup: database, then files, then the index.

    The database is replaced in one transaction (nothing changes if that fails). The
    uploaded files were unpacked beforehand and are swapped in by renaming folders; the
    index is rebuilt from the restored database. Should a step after the database fail,
    the error says what is restored and which command finishes the job.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command

    if backup.vendor == "sqlite":
        restore_sqlite(backup.database_file, alias=alias)
    else:
        restore_postgresql(
            backup.database_file,
            dump_major=int(backup.manifest["database"].get("pg_dump_major_version", 0)),
            workdir=backup.staging,
            alias=alias,
        )
    ContentType.objects.clear_cache()
    try:
        _swap_media(backup)
    except OSError as error:
        raise BackupError(
            _(
                "The database was restored, the uploaded files were not: %(error)s. The "
                "files of the backup are in %(kept)s; replace %(media)s with that folder "
                "by hand, then run manage.py rebuild_index."
            )
            % {"error": error, "kept": _keep_staged_media(backup), "media": media_root()}
        ) from error
    try:
        if backup.pending_migrations:
            call_command("migrate", interactive=False, verbosity=0, database=alias)
    except Exception as error:
        raise BackupError(
            _(
                "Database and files were restored, but migrating them to this version "
                "failed: %(error)s. Run manage.py migrate, then manage.py rebuild_index."
            )
            % {"error": error}
        ) from error
    try:
        from nahwerk.matching.services import index_cache, rebuild_index

        index = rebuild_index().summary()
        index_cache.clear()
    except Exception as error:
        raise BackupError(
            _(
                "Database and files were restored, rebuilding the partner index failed: "
                "%(error)s. Run manage.py rebuild_index."
            )
            % {"error": error}
        ) from error
    return RestoreReport(
        created=backup.created,
        media_files=len(backup.media_files),
        migrated=len(backup.pending_migrations),
        index=index,
    )


def _swap_media(backup: Backup) -> None:
    root = media_root()
    if root is None:
        return
    restored = backup.staging / MEDIA_PREFIX
    if not restored.exists():
        restored.mkdir()
    previous = root.with_name(f"{root.name}.old-{uuid.uuid4().hex[:8]}")
    if root.exists():
        root.rename(previous)
    try:
        restored.rename(root)
    except OSError:
        if previous.exists():
            previous.rename(root)
        raise
    shutil.rmtree(previous, ignore_errors=True)


def _keep_staged_media(backup: Backup) -> Path:
    """Move the unpacked files out of the staging folder, which is deleted afterwards."""
    staged = backup.staging / MEDIA_PREFIX
    root = media_root() or backup.staging.parent / MEDIA_PREFIX
    kept = root.with_name(f"{root.name}.restored-{uuid.uuid4().hex[:8]}")
    try:
        staged.rename(kept)
    except OSError:
        return staged
    return kept
