"""Admin pages to upload an organisation file, preview the dry run and confirm the import.

Managers may import only into networks they manage, and only update organisations they
manage; both are checked on the server at upload and again at confirmation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _

from nahwerk.accounts.permissions import (
    is_site_admin,
    manageable_organisations,
    managed_network_ids,
)
from nahwerk.directory.importing import ImportResult, OrganisationImportError, import_organisations
from nahwerk.directory.models import ImportJob
from nahwerk.networks.models import Network

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
ALLOWED_SUFFIXES = (".csv", ".txt", ".xlsx")
# A preview page with tens of thousands of table rows helps nobody and loads slowly.
PREVIEW_PROBLEM_LIMIT = 500


class ImportUploadForm(forms.Form):
    """The file, the network the organisations join, and whether to skip invalid rows."""

    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (comma or semicolon separated) or Excel (.xlsx); column headers "
            "in the first row, e.g. Name, PLZ, Ort, WZ, Mitarbeiter."
        ),
    )
    network = forms.ModelChoiceField(
        label=_("Network"),
        queryset=Network.objects.none(),
        required=False,
        help_text=_("The imported organisations become active members of this network."),
    )
    skip_invalid = forms.BooleanField(
        label=_("Import valid rows only"),
        required=False,
        help_text=_("Without this option nothing is imported as long as any row is invalid."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        network = self.fields["network"]
        assert isinstance(network, forms.ModelChoiceField)
        # Only the user's networks are valid choices, so a posted foreign id is rejected.
        network.queryset = Network.objects.filter(pk__in=managed_network_ids(user))
        if not is_site_admin(user):
            # Without a membership in one of their networks, managers could not see
            # the organisations they just imported.
            network.required = True
            network.empty_label = None

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() not in ALLOWED_SUFFIXES:
            raise forms.ValidationError(_("Upload a CSV or an Excel (.xlsx) file."))
        if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is too large; at most %(size)d MB are accepted.")
                % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload


def may_use_network(user: Any, network_id: int | None) -> bool:
    """Site administrators import anywhere or nowhere; managers only into their networks."""
    if is_site_admin(user):
        return True
    return network_id is not None and network_id in managed_network_ids(user)


def updatable_ids(user: Any) -> set[int] | None:
    """Organisations an import by this user may update; None means all of them."""
    if is_site_admin(user):
        return None
    return set(manageable_organisations(user).values_list("pk", flat=True))


class OrganisationImportViews:
    """Upload, preview and confirm, mounted under the organisation admin."""

    def __init__(self, model_admin: admin.ModelAdmin[Any]) -> None:
        self.model_admin = model_admin
        self.opts = model_admin.model._meta

    def urls(self) -> list[URLPattern]:
        site = self.model_admin.admin_site
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("import/", site.admin_view(self.upload), name=f"{name}_import"),
            path(
                "import/<int:job_id>/", site.admin_view(self.preview), name=f"{name}_import_preview"
            ),
        ]

    def _context(self, request: HttpRequest, title: Any, **extra: Any) -> dict[str, Any]:
        return {
            **self.model_admin.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            **extra,
        }

    def _check_access(self, request: HttpRequest) -> None:
        if not self.model_admin.has_add_permission(request):
            raise PermissionDenied

    def _changelist_url(self) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")

    def upload(self, request: HttpRequest) -> HttpResponse:
        self._check_access(request)
        if request.method == "POST":
            form = ImportUploadForm(request.POST, request.FILES, user=request.user)
        else:
            form = ImportUploadForm(user=request.user)
        if form.is_bound and form.is_valid():
            upload = form.cleaned_data["file"]
            network = form.cleaned_data["network"]
            content = upload.read()
            try:
                result = import_organisations(
                    content,
                    filename=upload.name,
                    dry_run=True,
                    skip_invalid=form.cleaned_data["skip_invalid"],
                    network=network,
                    allowed_ids=updatable_ids(request.user),
                )
            except OrganisationImportError as error:
                form.add_error("file", str(error))
            else:
                job = ImportJob.objects.create(
                    content=content,
                    filename=Path(upload.name).name[:255],
                    network=network,
                    skip_invalid=form.cleaned_data["skip_invalid"],
                    created_by_id=request.user.pk,
                    report=result.to_dict(),
                )
                name = f"admin:{self.opts.app_label}_{self.opts.model_name}_import_preview"
                return HttpResponseRedirect(reverse(name, args=[job.pk]))
        context = self._context(
            request,
            _("Import organisations"),
            form=form,
            max_size_mb=MAX_UPLOAD_BYTES // (1024 * 1024),
        )
        return render(request, "admin/directory/organisation/import_form.html", context)

    def _job(self, request: HttpRequest, job_id: int) -> ImportJob:
        jobs = ImportJob.objects.select_related("network")
        if not is_site_admin(request.user):
            jobs = jobs.filter(created_by_id=request.user.pk)
        job = jobs.filter(pk=job_id).first()
        if job is None:
            raise Http404
        return job

    def preview(self, request: HttpRequest, job_id: int) -> HttpResponse:
        self._check_access(request)
        job = self._job(request, job_id)
        if not may_use_network(request.user, job.network_id):
            raise PermissionDenied
        if request.method == "POST":
            return self._confirm(request, job)
        result = ImportResult.from_dict(job.report)
        context = self._context(
            request,
            _("Check the import"),
            job=job,
            result=result,
            problems=result.problems[:PREVIEW_PROBLEM_LIMIT],
            hidden_problems=max(0, len(result.problems) - PREVIEW_PROBLEM_LIMIT),
            changelist_url=self._changelist_url(),
        )
        return render(request, "admin/directory/organisation/import_preview.html", context)

    def _confirm(self, request: HttpRequest, job: ImportJob) -> HttpResponse:
        preview_url = request.path
        if job.status != ImportJob.Status.PENDING:
            messages.warning(request, _("This import has already been completed or cancelled."))
            return HttpResponseRedirect(preview_url)
        if "cancel" in request.POST:
            job.status = ImportJob.Status.REJECTED
            job.save(update_fields=["status"])
            messages.info(request, _("The import was cancelled; nothing was written."))
            return HttpResponseRedirect(self._changelist_url())
        if request.POST.get("skip_invalid"):
            job.skip_invalid = True
        try:
            result = import_organisations(
                bytes(job.content),
                filename=job.filename,
                skip_invalid=job.skip_invalid,
                network=job.network,
                allowed_ids=updatable_ids(request.user),
            )
        except OrganisationImportError as error:
            job.status = ImportJob.Status.REJECTED
            job.save(update_fields=["status", "skip_invalid"])
            messages.error(request, str(error))
            return HttpResponseRedirect(preview_url)
        job.report = result.to_dict()
        if result.rejected:
            # The data changed since the preview, e.g. another import took a PIC.
            job.status = ImportJob.Status.REJECTED
            job.save(update_fields=["status", "skip_invalid", "report"])
            messages.error(
                request,
                _("Nothing was imported: %(invalid)d rows are invalid. See the report below.")
                % {"invalid": result.invalid},
            )
            return HttpResponseRedirect(preview_url)
        job.status = ImportJob.Status.IMPORTED
        job.save(update_fields=["status", "skip_invalid", "report"])
        messages.success(
            request,
            _(
                "Import finished: %(created)d organisations created, %(updated)d updated, "
                "%(skipped)d rows skipped."
            )
            % {"created": result.created, "updated": result.updated, "skipped": result.skipped},
        )
        return HttpResponseRedirect(self._changelist_url())


def import_urls(model_admin: admin.ModelAdmin[Any]) -> list[URLPattern]:
    """URL patterns of the import pages, to be placed before the admin's own patterns."""
    return OrganisationImportViews(model_admin).urls()
