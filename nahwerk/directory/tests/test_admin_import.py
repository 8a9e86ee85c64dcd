"""Admin import: upload, preview, confirm; managers only ever import into their own network."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nahwerk.directory.management.commands.bench_import import (
    generate_rows,
    reference_choices,
    rows_to_csv,
)
from nahwerk.directory.models import ImportJob, Organisation
from nahwerk.networks.choices import MembershipStatus
from nahwerk.networks.models import Membership

pytestmark = pytest.mark.django_db

UPLOAD_URL = reverse("admin:directory_organisation_import")
CHANGELIST_URL = reverse("admin:directory_organisation_changelist")


def preview_url(job: ImportJob) -> str:
    return reverse("admin:directory_organisation_import_preview", args=[job.pk])


def sample_csv(count: int = 5, broken_rows: tuple[int, ...] = ()) -> bytes:
    postcodes, codes = reference_choices()
    rows = generate_rows(count, seed=11, postcodes=postcodes, codes=codes, id_prefix="adm-")
    for number in broken_rows:
        rows[number - 2]["PLZ"] = "99999"
    return rows_to_csv(rows)


def upload(client: Any, content: bytes, network: Any = None, **extra: Any) -> Any:
    data: dict[str, Any] = {"file": SimpleUploadedFile("orgs.csv", content, "text/csv")}
    if network is not None:
        data["network"] = network.pk
    data.update(extra)
    return client.post(UPLOAD_URL, data)


def test_changelist_offers_the_import_to_managers(world, as_user) -> None:
    content = as_user(world.alice).get(CHANGELIST_URL).content.decode()
    assert f'href="{UPLOAD_URL}"' in content


def test_upload_form_offers_only_the_managers_networks(world, as_user) -> None:
    response = as_user(world.alice).get(UPLOAD_URL)
    assert response.status_code == 200
    choices = list(response.context["form"].fields["network"].queryset)
    assert choices == [world.north]


def test_manager_uploads_previews_and_confirms(world, as_user) -> None:
    client = as_user(world.alice)
    before = Organisation.objects.count()

    response = upload(client, sample_csv(5), world.north)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == preview_url(job)
    assert job.created_by == world.alice and job.network == world.north
    assert job.status == ImportJob.Status.PENDING and job.filename == "orgs.csv"
    assert Organisation.objects.count() == before  # the preview is a dry run

    preview = client.get(preview_url(job))
    assert preview.status_code == 200
    assert preview.context["result"].created == 5
    assert 'name="confirm"' in preview.content.decode()

    response = client.post(preview_url(job), {"confirm": "1"})
    assert response.status_code == 302 and response["Location"] == CHANGELIST_URL
    job.refresh_from_db()
    assert job.status == ImportJob.Status.IMPORTED and job.report["created"] == 5
    imported = Organisation.objects.filter(external_id__startswith="adm-")
    assert imported.count() == 5
    assert set(
        Membership.objects.filter(organisation__in=imported).values_list("network", "status")
    ) == {(world.north.pk, MembershipStatus.ACTIVE)}
    # The manager sees what they imported.
    listing = client.get(CHANGELIST_URL).content.decode()
    assert all(org.name in listing for org in imported[:3])


def test_confirming_twice_imports_once(world, as_user) -> None:
    client = as_user(world.alice)
    upload(client, sample_csv(3), world.north)
    job = ImportJob.objects.get()
    client.post(preview_url(job), {"confirm": "1"})
    client.post(preview_url(job), {"confirm": "1"})
    assert Organisation.objects.filter(external_id__startswith="adm-").count() == 3
    assert Membership.objects.filter(network=world.north).count() == 2 + 3


def test_manager_cannot_import_into_another_network(world, as_user) -> None:
    response = upload(as_user(world.alice), sample_csv(3), world.south)
    assert response.status_code == 200
    assert "network" in response.context["form"].errors
    assert not ImportJob.objects.exists()
    assert not Organisation.objects.filter(external_id__startswith="adm-").exists()


def test_manager_must_choose_a_network(world, as_user) -> None:
    response = upload(as_user(world.alice), sample_csv(3))
    assert "network" in response.context["form"].errors
    assert not ImportJob.objects.exists()


def test_site_admin_may_import_without_a_network(world, as_user) -> None:
    client = as_user(world.root)
    upload(client, sample_csv(3))
    job = ImportJob.objects.get()
    client.post(preview_url(job), {"confirm": "1"})
    assert Organisation.objects.filter(external_id__startswith="adm-").count() == 3


@pytest.mark.parametrize("method", ["get", "post"])
def test_manager_cannot_open_or_confirm_another_managers_job(world, as_user, method) -> None:
    job = ImportJob.objects.create(
        content=sample_csv(3), filename="sued.csv", network=world.south, created_by=world.bob
    )
    client = as_user(world.alice)
    response = getattr(client, method)(preview_url(job), {"confirm": "1"})
    assert response.status_code == 404
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PENDING
    assert not Organisation.objects.filter(external_id__startswith="adm-").exists()


def test_confirm_rechecks_that_the_network_is_still_managed(world, as_user) -> None:
    client = as_user(world.alice)
    upload(client, sample_csv(3), world.north)
    job = ImportJob.objects.get()
    world.alice.managed_networks.set([world.south])

    response = client.post(preview_url(job), {"confirm": "1"})

    assert response.status_code == 403
    assert not Organisation.objects.filter(external_id__startswith="adm-").exists()


def test_invalid_rows_block_the_confirmation_until_skip_is_chosen(world, as_user) -> None:
    client = as_user(world.alice)
    upload(client, sample_csv(6, broken_rows=(3, 5)), world.north)
    job = ImportJob.objects.get()

    preview = client.get(preview_url(job))
    content = preview.content.decode()
    assert [(p.row, p.field) for p in preview.context["problems"]] == [
        (3, "postcode"),
        (5, "postcode"),
    ]
    assert "99999" in content and 'name="confirm"' not in content
    assert 'name="skip_invalid"' in content

    client.post(preview_url(job), {"skip_invalid": "1"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.IMPORTED and job.skip_invalid
    assert Organisation.objects.filter(external_id__startswith="adm-").count() == 4


def test_manager_cannot_overwrite_another_networks_organisation(world, as_user) -> None:
    content = "Name;PLZ;Beschreibung\nSüd Metall GmbH;57610;Gekapert\n".encode()
    client = as_user(world.alice)
    upload(client, content, world.north)
    job = ImportJob.objects.get()
    assert job.report["rejected"] and job.report["problems"][0]["row"] == 2

    client.post(preview_url(job), {"confirm": "1"})

    world.south_public.refresh_from_db()
    assert world.south_public.description == ""
    assert not world.south_public.memberships.filter(network=world.north).exists()


def test_manager_updates_own_networks_organisation(world, as_user) -> None:
    content = b"Name;PLZ;Beschreibung\nNord Keramik GmbH;56203;Neu\n"
    client = as_user(world.alice)
    upload(client, content, world.north)
    client.post(preview_url(ImportJob.objects.get()), {"confirm": "1"})
    world.north_public.refresh_from_db()
    assert world.north_public.description == "Neu"
    assert Membership.objects.filter(organisation=world.north_public).count() == 1


def test_cancel_writes_nothing(world, as_user) -> None:
    client = as_user(world.alice)
    upload(client, sample_csv(3), world.north)
    job = ImportJob.objects.get()
    response = client.post(preview_url(job), {"cancel": "1"})
    assert response["Location"] == CHANGELIST_URL
    job.refresh_from_db()
    assert job.status == ImportJob.Status.REJECTED
    assert not Organisation.objects.filter(external_id__startswith="adm-").exists()


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("orgs.pdf", b"%PDF-1.4"),
        ("orgs.csv", b"Foo;Bar\n1;2\n"),
        ("orgs.xlsx", b"not a workbook"),
    ],
)
def test_unusable_files_are_refused_on_the_form(world, as_user, filename, content) -> None:
    client = as_user(world.alice)
    response = client.post(
        UPLOAD_URL,
        {"file": SimpleUploadedFile(filename, content), "network": world.north.pk},
    )
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("persona", ["carla", None])
def test_members_and_the_public_cannot_reach_the_import(world, client, as_user, persona) -> None:
    if persona:
        client = as_user(getattr(world, persona))
    response = upload(client, sample_csv(3), world.north)
    assert response.status_code == 302 and "login" in response["Location"]
    assert not ImportJob.objects.exists()
