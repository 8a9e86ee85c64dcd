"""Admin import of CORDIS files: upload, dry-run preview, confirm; site administrators only."""

from __future__ import annotations

import csv
import gzip
import io
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nahwerk.directory.models import Organisation
from nahwerk.projects import admin_import
from nahwerk.projects.choices import ProjectSource
from nahwerk.projects.importing import CordisReport, H2020Report, default_cordis_directory
from nahwerk.projects.models import Participation, Project

pytestmark = pytest.mark.django_db

UPLOAD_URL = reverse("admin:projects_project_cordis_import")
CHANGELIST_URL = reverse("admin:projects_project_changelist")
SUBSET = default_cordis_directory()
PROJECT_JSON = (SUBSET / "project.json").read_bytes()
ORGANIZATION_JSON = (SUBSET / "organization.json").read_bytes()

H2020_HEADER = (
    "rcn,role,pic,type,contribution,country,start_date,end_date,max_contribution,total_cost"
)
H2020_ROWS = [
    "900001,coordinator,911111111,PRC,100000,DE,2016-01-01,2018-12-31,300000,350000",
    "900001,participant,922222222,HES,200000,EL,2016-01-01,2018-12-31,300000,350000",
    "900002,coordinator,922222222,HES,50000,EL,2017-03-01,2019-02-28,50000,NA",
]


@pytest.fixture(autouse=True)
def upload_root(settings: Any, tmp_path: Path) -> Path:
    """Uploads go to var/uploads under BASE_DIR; a temporary BASE_DIR keeps the tree clean."""
    settings.BASE_DIR = tmp_path / "base"
    return tmp_path / "base" / "var" / "uploads"


@pytest.fixture
def admin_client(world: Any, as_user: Any) -> Any:
    client = as_user(world.root)
    # The site shows German unless the visitor chose otherwise; messages are asserted in English.
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def preview_url(token: str) -> str:
    return reverse("admin:projects_project_cordis_import_preview", args=[token])


def token_of(response: Any) -> str:
    assert response.status_code == 302, response.content.decode()[:3000]
    location = response["Location"]
    assert location.startswith(UPLOAD_URL)
    token = location[len(UPLOAD_URL) :].strip("/")
    assert location == preview_url(token)
    return token


def upload_cordis(
    client: Any, projects: bytes = PROJECT_JSON, organisations: bytes = ORGANIZATION_JSON
) -> Any:
    return client.post(
        UPLOAD_URL,
        {
            "kind": "cordis",
            "cordis-projects": SimpleUploadedFile("project.json", projects, "application/json"),
            "cordis-organisations": SimpleUploadedFile(
                "organization.json", organisations, "application/json"
            ),
        },
    )


def upload_h2020(client: Any, participations: Path, programme_parts: Path | None = None) -> Any:
    data: dict[str, Any] = {
        "kind": "h2020",
        "h2020-participations": SimpleUploadedFile(
            participations.name, participations.read_bytes()
        ),
    }
    if programme_parts is not None:
        data["h2020-programme_parts"] = SimpleUploadedFile(
            programme_parts.name, programme_parts.read_bytes()
        )
    return client.post(UPLOAD_URL, data)


def counts() -> tuple[int, int, int]:
    return Project.objects.count(), Organisation.objects.count(), Participation.objects.count()


def message_texts(response: Any) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def h2020_sample(tmp_path: Path) -> tuple[Path, Path]:
    participations = tmp_path / "network.csv.gz"
    with gzip.open(participations, "wt", encoding="utf-8", newline="") as handle:
        handle.write("\n".join([H2020_HEADER, *H2020_ROWS]) + "\n")
    parts = tmp_path / "parts.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(
        [("rcn", "programme_part"), (900001, "LEIT"), (900001, "SME"), (900002, "SC4")]
    )
    parts.write_text(buffer.getvalue(), encoding="utf-8")
    return participations, parts


def test_changelist_links_the_import_for_site_administrators_only(world, as_user) -> None:
    assert f'href="{UPLOAD_URL}"' in as_user(world.root).get(CHANGELIST_URL).content.decode()
    assert f'href="{UPLOAD_URL}"' not in as_user(world.alice).get(CHANGELIST_URL).content.decode()


def test_upload_page_shows_both_forms(admin_client) -> None:
    response = admin_client.get(UPLOAD_URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="cordis-projects"' in content and 'name="cordis-organisations"' in content
    assert 'name="h2020-participations"' in content and 'name="h2020-programme_parts"' in content


def test_cordis_upload_preview_and_confirm(admin_client, upload_root) -> None:
    before = counts()
    token = token_of(upload_cordis(admin_client))
    directory = upload_root / token
    assert (directory / "project.json").read_bytes() == PROJECT_JSON
    assert (directory / "organization.json").read_bytes() == ORGANIZATION_JSON

    preview = admin_client.get(preview_url(token))
    assert preview.status_code == 200
    report = preview.context["report"]
    assert isinstance(report, CordisReport)
    assert report.projects_created == 26 and report.projects_updated == 0
    assert report.organisations_created > 0 and report.participations_created > 0
    content = preview.content.decode()
    assert "Projects to be created" in content and "<td>26</td>" in content
    assert 'name="confirm"' in content
    assert counts() == before  # the preview was rolled back
    assert directory.is_dir()

    response = admin_client.post(preview_url(token), {"confirm": "1"})
    assert response.status_code == 302 and response["Location"] == CHANGELIST_URL
    assert Project.objects.filter(source=ProjectSource.CORDIS).count() == 26
    assert Organisation.objects.count() == before[1] + report.organisations_created
    assert Participation.objects.count() == report.participations_created
    [message] = message_texts(response)
    assert message.startswith("CORDIS: projects 26 created, 0 updated;")
    assert not directory.exists()

    # The upload is gone: a second confirmation imports nothing twice.
    again = admin_client.post(preview_url(token), {"confirm": "1"})
    assert again.status_code == 302 and again["Location"] == UPLOAD_URL
    assert "already been imported or cancelled" in message_texts(again)[-1]


def test_second_upload_of_the_same_files_previews_updates_only(admin_client) -> None:
    admin_client.post(preview_url(token_of(upload_cordis(admin_client))), {"confirm": "1"})
    preview = admin_client.get(preview_url(token_of(upload_cordis(admin_client))))
    report = preview.context["report"]
    assert report.projects_created == 0 and report.organisations_created == 0
    assert report.participations_created == 0


def test_truncated_organisation_file_shows_the_error_and_changes_nothing(
    admin_client, upload_root
) -> None:
    before = counts()
    token = token_of(upload_cordis(admin_client, organisations=ORGANIZATION_JSON[:5000]))

    preview = admin_client.get(preview_url(token))
    assert preview.status_code == 200
    assert preview.context["report"] is None
    error = preview.context["error"]
    assert error.startswith("organization.json: not valid JSON")
    assert str(upload_root) not in error  # no server paths
    content = preview.content.decode()
    assert 'id="import-error"' in content and "not valid JSON" in content
    assert 'name="confirm"' not in content
    assert counts() == before

    # Posting a confirmation anyway changes nothing either.
    response = admin_client.post(preview_url(token), {"confirm": "1"})
    assert response.status_code == 302 and response["Location"] == preview_url(token)
    assert "not valid JSON" in message_texts(response)[0]
    assert counts() == before
    assert (upload_root / token).is_dir()


def test_malformed_record_is_named_with_the_uploaded_file_name(admin_client) -> None:
    broken = ORGANIZATION_JSON.replace(b'"role": "participant"', b'"role": "sponsor"', 1)
    assert broken != ORGANIZATION_JSON
    response = admin_client.post(
        UPLOAD_URL,
        {
            "kind": "cordis",
            "cordis-projects": SimpleUploadedFile("p.json", PROJECT_JSON),
            "cordis-organisations": SimpleUploadedFile("orgs-2024.json", broken),
        },
    )
    error = admin_client.get(preview_url(token_of(response))).context["error"]
    assert error.startswith("orgs-2024.json, record ")
    assert "field role: unknown role 'sponsor'" in error
    assert Project.objects.count() == 0


def test_cancel_deletes_the_uploaded_files(admin_client, upload_root) -> None:
    token = token_of(upload_cordis(admin_client))
    assert (upload_root / token).is_dir()
    response = admin_client.post(preview_url(token), {"cancel": "1"})
    assert response.status_code == 302 and response["Location"] == CHANGELIST_URL
    assert not (upload_root / token).exists()
    assert Project.objects.count() == 0


def test_h2020_gzipped_upload_preview_and_confirm(admin_client, h2020_sample, upload_root) -> None:
    participations, parts = h2020_sample
    token = token_of(upload_h2020(admin_client, participations, parts))
    # Stored under the names the importer expects; gzip is recognised by content.
    assert {p.name for p in (upload_root / token).iterdir()} >= {
        "participations.csv.gz",
        "programme_parts.csv",
    }

    preview = admin_client.get(preview_url(token))
    report = preview.context["report"]
    assert isinstance(report, H2020Report)
    assert (report.rows_read, report.projects_created, report.participations_created) == (3, 2, 3)
    assert 'name="confirm"' in preview.content.decode()
    assert Project.objects.count() == 0

    response = admin_client.post(preview_url(token), {"confirm": "1"})
    assert response.status_code == 302 and response["Location"] == CHANGELIST_URL
    assert message_texts(response)[0].startswith("H2020 network: 3 rows read")
    project = Project.objects.get(cordis_rcn=900001)
    assert project.source == ProjectSource.H2020_NETWORK
    assert project.programme_part == "LEIT, SME"
    assert Participation.objects.count() == 3
    assert not (upload_root / token).exists()


def test_h2020_without_programme_parts_keeps_the_stored_ones(admin_client, h2020_sample) -> None:
    participations, parts = h2020_sample
    token = token_of(upload_h2020(admin_client, participations, parts))
    admin_client.post(preview_url(token), {"confirm": "1"})

    token = token_of(upload_h2020(admin_client, participations))
    report = admin_client.get(preview_url(token)).context["report"]
    assert report.projects_updated == 0
    admin_client.post(preview_url(token), {"confirm": "1"})
    assert Project.objects.get(cordis_rcn=900001).programme_part == "LEIT, SME"
    assert Project.objects.get(cordis_rcn=900002).programme_part == "SC4"


def test_h2020_plain_csv_with_a_bad_row_names_file_and_line(admin_client, tmp_path) -> None:
    participations = tmp_path / "network.csv"
    rows = [*H2020_ROWS, "900003,coordinator,9333,XYZ,1,DE,2016-01-01,2017-01-01,1,1"]
    participations.write_text("\n".join([H2020_HEADER, *rows]) + "\n", encoding="utf-8")
    token = token_of(upload_h2020(admin_client, participations))
    preview = admin_client.get(preview_url(token))
    assert preview.context["error"] == (
        "network.csv, line 5: field type: unknown activity type 'XYZ'"
    )
    assert 'name="confirm"' not in preview.content.decode()
    assert Project.objects.count() == 0


def test_upload_size_and_type_are_checked(admin_client, monkeypatch, upload_root) -> None:
    monkeypatch.setattr(admin_import, "MAX_UPLOAD_BYTES", 500 * 1024)
    response = admin_client.post(
        UPLOAD_URL,
        {
            "kind": "cordis",
            "cordis-projects": SimpleUploadedFile("project.json", b"[]"),
            "cordis-organisations": SimpleUploadedFile("organization.json", ORGANIZATION_JSON),
        },
    )
    assert response.status_code == 200
    assert response.context["cordis_form"].errors == {
        "organisations": ["The file is too large; at most 500.0\xa0KB are accepted."]
    }

    response = admin_client.post(
        UPLOAD_URL,
        {"kind": "h2020", "h2020-participations": SimpleUploadedFile("network.xlsx", b"x")},
    )
    assert response.status_code == 200
    assert response.context["h2020_form"].errors == {
        "participations": ["Upload a CSV file, plain (.csv) or gzipped (.gz)."]
    }
    assert not upload_root.exists() or not any(upload_root.iterdir())


def test_unknown_upload_sends_back_to_the_upload_page(admin_client) -> None:
    response = admin_client.get(preview_url(str(uuid.uuid4())))
    assert response.status_code == 302 and response["Location"] == UPLOAD_URL


def test_stale_uploads_are_removed(admin_client, upload_root, monkeypatch) -> None:
    token = token_of(upload_cordis(admin_client))
    monkeypatch.setattr(admin_import, "STALE_AFTER_SECONDS", -1)
    unrelated = upload_root / "someone-else"
    unrelated.mkdir()
    admin_client.get(UPLOAD_URL)
    assert not (upload_root / token).exists()
    assert unrelated.is_dir()  # only directories of this import are touched


def test_managers_get_403_on_every_url(world, as_user, upload_root, h2020_sample) -> None:
    token = token_of(upload_cordis(as_user(world.root)))
    client = as_user(world.alice)
    assert client.get(UPLOAD_URL).status_code == 403
    assert upload_cordis(client).status_code == 403
    assert upload_h2020(client, *h2020_sample).status_code == 403
    assert client.get(preview_url(token)).status_code == 403
    assert client.post(preview_url(token), {"confirm": "1"}).status_code == 403
    assert client.post(preview_url(token), {"cancel": "1"}).status_code == 403
    assert client.get(preview_url(str(uuid.uuid4()))).status_code == 403
    assert Project.objects.count() == 0
    assert [p.name for p in upload_root.iterdir()] == [token]  # nothing stored, nothing deleted
