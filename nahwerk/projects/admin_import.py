"""Admin pages to upload CORDIS files, preview the dry run and confirm the import."""

from __future__ import annotations

import csv
import json
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _

from nahwerk.accounts.permissions import is_site_admin
from nahwerk.projects.importing import (
    CORDIS_ORGANISATIONS_FILE,
    CORDIS_PROJECTS_FILE,
    H2020_PROGRAMME_PART_COLUMNS,
    CordisReport,
    H2020Report,
    ImportFileError,
    import_cordis_records,
    import_h2020_participations,
)
from nahwerk.projects.models import Project

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    StrOrPromise = str | _StrPromise

R = TypeVar("R")
Kind = Literal["cordis", "h2020"]

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# Marks an upload directory as ours; renamed while the confirmed import runs, so that a
# second click on "Import now" finds the upload taken instead of importing it twice.
MANIFEST = "cordis_import.json"
CLAIMED_MANIFEST = "cordis_import.claimed.json"
# Uploads that were neither confirmed nor cancelled are removed after this many seconds.
STALE_AFTER_SECONDS = 2 * 24 * 3600
PARTICIPATIONS_FILE = "participations.csv"
PROGRAMME_PARTS_FILE = "programme_parts.csv"
# Written before each run when no programme parts file was uploaded (see _programme_parts).
STORED_PROGRAMME_PARTS_FILE = "programme_parts_stored.csv"
GZIP_MAGIC = b"\x1f\x8b"


def upload_root() -> Path:
    """The folder of the upload directories, read at call time so tests can move it."""
    return Path(settings.BASE_DIR) / "var" / "uploads"


def _check_upload(upload: UploadedFile, suffixes: tuple[str, ...], message: StrOrPromise) -> None:
    if not (upload.name or "").lower().endswith(suffixes):
        raise forms.ValidationError(message)
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError(
            _("The file is too large; at most %(size)s are accepted.")
            % {"size": filesizeformat(MAX_UPLOAD_BYTES)}
        )


def _check_json(upload: UploadedFile) -> UploadedFile:
    _check_upload(upload, (".json",), _("Upload a JSON file (.json) of the CORDIS extract."))
    return upload


def _check_csv(upload: UploadedFile) -> UploadedFile:
    _check_upload(upload, (".csv", ".gz"), _("Upload a CSV file, plain (.csv) or gzipped (.gz)."))
    return upload


class CordisRecordsForm(forms.Form):
    """project.json and organization.json of a CORDIS project extract."""

    projects = forms.FileField(
        label=_("Projects"),
        help_text=_("project.json of the CORDIS extract: one record per project."),
    )
    organisations = forms.FileField(
        label=_("Organisations"),
        help_text=_("organization.json of the same extract: one record per participant."),
    )

    def clean_projects(self) -> UploadedFile:
        return _check_json(self.cleaned_data["projects"])

    def clean_organisations(self) -> UploadedFile:
        return _check_json(self.cleaned_data["organisations"])


class H2020NetworkForm(forms.Form):
    """The participations CSV of the H2020 network and, optionally, the programme parts."""

    participations = forms.FileField(
        label=_("Participations"),
        help_text=_(
            "CSV, plain or gzipped, with the columns rcn, role, pic, type, contribution, "
            "country, start_date, end_date, max_contribution and total_cost."
        ),
    )
    programme_parts = forms.FileField(
        label=_("Programme parts"),
        required=False,
        help_text=_(
            "Optional CSV, plain or gzipped, with the columns rcn and programme_part. "
            "Without it the programme parts already stored are kept."
        ),
    )

    def clean_participations(self) -> UploadedFile:
        return _check_csv(self.cleaned_data["participations"])

    def clean_programme_parts(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("programme_parts")
        return _check_csv(upload) if upload else None


@dataclass(frozen=True)
class StoredUpload:
    """The files of one upload in their directory, with the names they were uploaded as."""

    directory: Path
    kind: Kind
    # Stored file name -> the name the file had on the uploader's computer.
    files: dict[str, str]

    @property
    def token(self) -> str:
        return self.directory.name

    def path(self, name: str) -> Path:
        return self.directory / name

    @classmethod
    def create(cls, kind: Kind, uploads: dict[str, UploadedFile], user_id: Any) -> StoredUpload:
        directory = upload_root() / str(uuid.uuid4())
        directory.mkdir(parents=True)
        files: dict[str, str] = {}
        for name, upload in uploads.items():
            with (directory / name).open("wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            files[name] = Path(upload.name or name).name
        manifest = {"kind": kind, "files": files, "uploaded_by": user_id}
        (directory / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        return cls(directory, kind, files)

    @classmethod
    def load(cls, token: uuid.UUID, manifest: str = MANIFEST) -> StoredUpload | None:
        """The pending upload, or None once it was imported, cancelled or removed."""
        directory = upload_root() / str(token)
        try:
            data = json.loads((directory / manifest).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return cls(directory, data["kind"], dict(data["files"]))

    def claim(self) -> bool:
        """Take the upload for the import; False when another request already took it."""
        try:
            (self.directory / MANIFEST).rename(self.directory / CLAIMED_MANIFEST)
        except OSError:
            return False
        return True

    def release(self) -> None:
        (self.directory / CLAIMED_MANIFEST).rename(self.directory / MANIFEST)

    def delete(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)

    def describe(self, error: ImportFileError) -> str:
        """The importer's message with the uploaded file names instead of server paths."""
        message = str(error)
        for name, original in self.files.items():
            message = message.replace(str(self.path(name)), original)
        return message.replace(f"{self.directory}/", "")


def store_uploads(kind: Kind, cleaned_data: dict[str, Any], user_id: Any) -> StoredUpload:
    """Save the form's files under the names the importers expect."""
    if kind == "cordis":
        uploads = {
            CORDIS_PROJECTS_FILE: cleaned_data["projects"],
            CORDIS_ORGANISATIONS_FILE: cleaned_data["organisations"],
        }
    else:
        uploads = {
            _csv_name(PARTICIPATIONS_FILE, cleaned_data["participations"]): (
                cleaned_data["participations"]
            )
        }
        if cleaned_data.get("programme_parts"):
            parts = cleaned_data["programme_parts"]
            uploads[_csv_name(PROGRAMME_PARTS_FILE, parts)] = parts
    return StoredUpload.create(kind, uploads, user_id)


def _csv_name(name: str, upload: UploadedFile) -> str:
    """The importer reads a file as gzip by its name; the content decides, not the upload's."""
    head = next(iter(upload.chunks()), b"")[:2]
    return f"{name}.gz" if head == GZIP_MAGIC else name


def remove_stale_uploads() -> None:
    """Delete our upload directories that were left without confirmation or cancellation."""
    root = upload_root()
    if not root.is_dir():
        return
    limit = time.time() - STALE_AFTER_SECONDS
    for directory in root.iterdir():
        for manifest in (MANIFEST, CLAIMED_MANIFEST):
            marker = directory / manifest
            if marker.is_file() and marker.stat().st_mtime < limit:
                shutil.rmtree(directory, ignore_errors=True)
                break


def _programme_parts(upload: StoredUpload) -> Path:
    """The uploaded programme parts, or the parts stored now, so that none are cleared.

    The network importer sets the programme part of each network project from the file;
    without an uploaded file it reads one written from the database, which keeps them.
    """
    for name in (PROGRAMME_PARTS_FILE, f"{PROGRAMME_PARTS_FILE}.gz"):
        if name in upload.files:
            return upload.path(name)
    target = upload.path(STORED_PROGRAMME_PARTS_FILE)
    stored = (
        Project.objects.filter(cordis_rcn__isnull=False)
        .exclude(programme_part="")
        .order_by("cordis_rcn")
        .values_list("cordis_rcn", "programme_part")
    )
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(H2020_PROGRAMME_PART_COLUMNS)
        writer.writerows(stored.iterator(chunk_size=5000))
    return target


def run_import(upload: StoredUpload) -> CordisReport | H2020Report:
    if upload.kind == "cordis":
        return import_cordis_records(upload.directory)
    participations = next(
        upload.path(name) for name in upload.files if name.startswith(PARTICIPATIONS_FILE)
    )
    return import_h2020_participations(participations, _programme_parts(upload))


class _RollBack(Exception):
    """Raised inside the preview's transaction, after the report, to undo every write."""

    def __init__(self, report: object) -> None:
        super().__init__("dry run")
        self.report = report


def dry_run(run: Callable[[], R]) -> R:
    """What ``run`` would do: it runs in a transaction that is then rolled back."""
    try:
        with transaction.atomic():
            raise _RollBack(run())
    except _RollBack as rollback:
        return cast(R, rollback.report)


def report_rows(report: CordisReport | H2020Report) -> list[tuple[Any, int]]:
    """Label and figure of each line of the preview."""
    rows: list[tuple[Any, int]] = []
    if isinstance(report, H2020Report):
        rows += [
            (_("Rows read"), report.rows_read),
            (_("Duplicate rows merged"), report.duplicates_merged),
        ]
    rows += [
        (_("Projects to be created"), report.projects_created),
        (_("Projects to be updated"), report.projects_updated),
    ]
    if isinstance(report, CordisReport):
        rows += [
            (_("Organisations to be created"), report.organisations_created),
            (_("Organisations to be updated"), report.organisations_updated),
        ]
    rows += [
        (_("Participations to be created"), report.participations_created),
        (_("Participations to be updated"), report.participations_updated),
        (_("Participations to be linked to organisations by PIC"), report.participations_linked),
    ]
    return rows


class CordisImportViews:
    """Upload, preview and confirm, mounted under the project admin; site administrators only."""

    def __init__(self, model_admin: admin.ModelAdmin[Any]) -> None:
        self.model_admin = model_admin
        self.opts = model_admin.model._meta
        self.name = f"{self.opts.app_label}_{self.opts.model_name}_cordis_import"

    def urls(self) -> list[URLPattern]:
        site = self.model_admin.admin_site
        return [
            path("cordis-import/", site.admin_view(self.upload), name=self.name),
            path(
                "cordis-import/<uuid:token>/",
                site.admin_view(self.preview),
                name=f"{self.name}_preview",
            ),
        ]

    def _context(self, request: HttpRequest, title: Any, **extra: Any) -> dict[str, Any]:
        return {
            **self.model_admin.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "upload_url": reverse(f"admin:{self.name}"),
            **extra,
        }

    def _check_access(self, request: HttpRequest) -> None:
        if not is_site_admin(request.user):
            raise PermissionDenied

    def _changelist_url(self) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")

    def upload(self, request: HttpRequest) -> HttpResponse:
        self._check_access(request)
        remove_stale_uploads()
        kind = request.POST.get("kind") if request.method == "POST" else None
        cordis_form = (
            CordisRecordsForm(request.POST, request.FILES, prefix="cordis")
            if kind == "cordis"
            else CordisRecordsForm(prefix="cordis")
        )
        h2020_form = (
            H2020NetworkForm(request.POST, request.FILES, prefix="h2020")
            if kind == "h2020"
            else H2020NetworkForm(prefix="h2020")
        )
        for form_kind, form in (("cordis", cordis_form), ("h2020", h2020_form)):
            if form.is_bound and form.is_valid():
                stored = store_uploads(cast(Kind, form_kind), form.cleaned_data, request.user.pk)
                return HttpResponseRedirect(
                    reverse(f"admin:{self.name}_preview", args=[stored.token])
                )
        context = self._context(
            request,
            _("Import CORDIS data"),
            cordis_form=cordis_form,
            h2020_form=h2020_form,
            max_size=filesizeformat(MAX_UPLOAD_BYTES),
        )
        return render(request, "admin/projects/project/cordis_import_form.html", context)

    def _gone(self, request: HttpRequest) -> HttpResponse:
        messages.warning(
            request,
            _("This upload has already been imported or cancelled; upload the files again."),
        )
        return HttpResponseRedirect(reverse(f"admin:{self.name}"))

    def preview(self, request: HttpRequest, token: uuid.UUID) -> HttpResponse:
        self._check_access(request)
        upload = StoredUpload.load(token)
        if upload is None:
            return self._gone(request)
        if request.method == "POST":
            return self._confirm(request, upload)
        report: CordisReport | H2020Report | None = None
        error = ""
        try:
            report = dry_run(lambda: run_import(upload))
        except ImportFileError as exc:
            error = upload.describe(exc)
        title = (
            _("Check the CORDIS project records")
            if upload.kind == "cordis"
            else _("Check the H2020 participation network")
        )
        context = self._context(
            request,
            title,
            upload=upload,
            uploaded_files=list(upload.files.values()),
            report=report,
            rows=report_rows(report) if report else [],
            error=error,
        )
        return render(request, "admin/projects/project/cordis_import_preview.html", context)

    def _confirm(self, request: HttpRequest, upload: StoredUpload) -> HttpResponse:
        if "cancel" in request.POST:
            upload.delete()
            messages.info(request, _("The import was cancelled; the uploaded files were deleted."))
            return HttpResponseRedirect(self._changelist_url())
        if not upload.claim():
            return self._gone(request)
        try:
            report = run_import(upload)
        except ImportFileError as exc:
            upload.release()
            messages.error(request, upload.describe(exc))
            return HttpResponseRedirect(request.path)
        except BaseException:
            upload.release()
            raise
        upload.delete()
        messages.success(request, report.summary())
        return HttpResponseRedirect(self._changelist_url())


def cordis_import_urls(model_admin: admin.ModelAdmin[Any]) -> list[URLPattern]:
    """URL patterns of the import pages, to be placed before the admin's own patterns."""
    return CordisImportViews(model_admin).urls()
