"""Backup → change → restore gives back every row of every table, and the uploaded files."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from conftest import World, ensure_reference_data
from nahwerk.backups.services import create_backup
from nahwerk.directory.models import Organisation, Person
from nahwerk.directory.tests.factories import OrganisationFactory, PersonFactory
from nahwerk.matching import services as matching
from nahwerk.matching.models import ProfileVector
from nahwerk.matching.profiles import organisation_pk
from nahwerk.networks.models import Membership
from nahwerk.networks.tests.factories import MembershipFactory

# pg_dump and the SQLite backup API see committed rows only: no test transaction around it.
pytestmark = pytest.mark.django_db(transaction=True)


# The restore ends by rebuilding the partner index from the restored profiles: a new
# generation and new revisions, the same profiles.
REBUILT_BY_RESTORE = {
    "matching_indexstate": ("embedder",),
    "matching_indexedprofile": (
        "profile_id",
        "organisation_id",
        "removed",
        "profile",
        "vector",
        "passages",
    ),
}


def every_table() -> dict[str, list[tuple[Any, ...]]]:
    """All rows of every model's table, the automatic many-to-many tables included."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed or model._meta.proxy:
            continue
        fields = REBUILT_BY_RESTORE.get(model._meta.db_table, ())
        rows = model._base_manager.order_by(*fields or ["pk"]).values_list(*fields)
        tables[model._meta.db_table] = [
            tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in rows
        ]
    return tables


def media_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def site(transactional_db: Any, request: Any, settings: Any, tmp_path: Path) -> World:
    ensure_reference_data()  # transactional tests empty the tables after each test
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.MATCHING_INDEX_DIR = tmp_path / "index"
    matching.index_cache.clear()
    (tmp_path / "media" / "logos").mkdir(parents=True)
    (tmp_path / "media" / "logos" / "nord.png").write_bytes(b"\x89PNG nord")
    (tmp_path / "media" / "agenda.pdf").write_bytes(b"%PDF agenda")
    world: World = request.getfixturevalue("world")
    # the vectors are stored, so that the rebuild at the end of a restore embeds nothing
    matching.rebuild_index()
    return world


def change_everything(world: World, media: Path) -> None:
    # add, edit and delete rows in several tables, many-to-many tables included
    newcomer = OrganisationFactory(name="Neu nach dem Backup GmbH")
    MembershipFactory(organisation=newcomer, network=world.north)
    PersonFactory(organisation=newcomer)
    world.north.districts.add("07132")
    world.south.districts.clear()
    world.north.name = "Umbenanntes Netzwerk"
    world.north.save()
    Person.objects.filter(pk=world.north_contact.pk).update(email="anders@nord.example")
    Membership.objects.filter(organisation=world.south_private).delete()
    world.bob.delete()
    world.south_contact.delete()
    ProfileVector.objects.filter(organisation=world.north_public).delete()
    # and the uploaded files: one changed, one new, one deleted
    (media / "logos" / "nord.png").write_bytes(b"\x89PNG overwritten")
    (media / "new.txt").write_text("after the backup", encoding="utf-8")
    (media / "agenda.pdf").unlink()


def test_restore_gives_back_every_row_and_file(site: World, settings: Any, tmp_path: Path) -> None:
    before = every_table()
    files_before = media_files(settings.MEDIA_ROOT)
    assert before["networks_network_districts"], "the many-to-many tables are compared too"
    assert before["matching_profilevector"], "and the stored vectors of the index"

    report = create_backup()
    assert report.archive.parent == settings.BACKUP_DIR and report.media_files == 2

    change_everything(site, settings.MEDIA_ROOT)
    newcomer = Organisation.objects.get(name="Neu nach dem Backup GmbH")
    assert every_table() != before and media_files(settings.MEDIA_ROOT) != files_before

    call_command("restore", str(report.archive), "--yes")

    after = every_table()
    assert sorted(after) == sorted(before)
    for table, rows in before.items():
        assert after[table] == rows, f"table {table} differs after the restore"
    assert media_files(settings.MEDIA_ROOT) == files_before
    # the index was rebuilt from the restored database ...
    indexed = {organisation_pk(int(i)) for i in matching.index_cache.get().ids}
    assert site.north_public.pk in indexed and newcomer.pk not in indexed
    assert not Organisation.objects.filter(pk=newcomer.pk).exists()
    # ... and the database goes on: new rows get fresh keys (sequences came back too)
    assert OrganisationFactory().pk > max(row[0] for row in before["directory_organisation"])


def test_the_manifest_describes_the_archive(site: World, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "nightly.tar.gz"
    report = create_backup(output=target)
    assert report.archive == target and target.stat().st_mode & 0o077 == 0

    with tarfile.open(target) as archive:
        manifest = json.load(archive.extractfile("manifest.json"))  # type: ignore[arg-type]
        names = set(archive.getnames())
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["nahwerk_version"]
    assert set(manifest["files"]) == names - {"manifest.json"}
    assert {"media/logos/nord.png", "media/agenda.pdf"} <= names
    applied = {(m.app, m.name) for m in MigrationRecorder.Migration.objects.all()}
    in_manifest = {(app, n) for app, ns in manifest["migrations"].items() for n in ns}
    assert in_manifest == applied


def test_a_folder_as_output_gets_a_dated_file_name(site: World, tmp_path: Path) -> None:
    call_command("backup", "--output", f"{tmp_path}/archives/")
    (archive,) = (tmp_path / "archives").iterdir()
    assert archive.name.startswith("nahwerk-backup-") and archive.name.endswith(".tar.gz")


def test_files_that_cannot_be_swapped_in_leave_an_instruction(
    site: World, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nahwerk.backups import services

    report = create_backup()
    OrganisationFactory(name="Neu nach dem Backup GmbH")

    def disk_full(backup: Any) -> None:
        raise OSError("No space left on device")

    monkeypatch.setattr(services, "_swap_media", disk_full)
    with pytest.raises(CommandError) as failure:
        call_command("restore", str(report.archive), "--yes")
    message = str(failure.value)
    # the database is back; the message says where the backup's files wait and what to do
    assert not Organisation.objects.filter(name="Neu nach dem Backup GmbH").exists()
    assert "rebuild_index" in message and str(settings.MEDIA_ROOT) in message
    (kept,) = Path(settings.MEDIA_ROOT).parent.glob("media.restored-*")
    assert str(kept) in message
    assert (kept / "logos" / "nord.png").read_bytes() == b"\x89PNG nord"
