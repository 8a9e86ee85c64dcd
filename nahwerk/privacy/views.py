"""Privacy pages: one's own data, erasure on request, the audit log, processing activities."""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from nahwerk.accounts.models import User
from nahwerk.accounts.permissions import is_manager, manageable_people
from nahwerk.directory.choices import LawfulBasis, Visibility
from nahwerk.networks.models import Network
from nahwerk.privacy import audit
from nahwerk.privacy.activities import processing_activities
from nahwerk.privacy.erasure import erase
from nahwerk.privacy.export import collect, export_zip
from nahwerk.privacy.forms import EraseOnRequestForm, EraseOwnDataForm
from nahwerk.privacy.subjects import (
    DataSubject,
    manageable_accounts,
    subject_for_account,
    subject_for_person,
    subject_for_user,
)

AUDIT_PAGE_SIZE = 50


def _download(subject: DataSubject) -> HttpResponse:
    filename, content = export_zip(subject)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- the person's own data ---------------------------------------------------------------


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """What the platform holds about me; download, withdraw consent, erase."""
    subject = subject_for_user(request.user)  # type: ignore[arg-type]
    form = EraseOwnDataForm(user=request.user)
    return _my_data_page(request, subject, form)


def _my_data_page(
    request: HttpRequest, subject: DataSubject, form: EraseOwnDataForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "privacy/my_data.html",
        {"subject": subject, "data": collect(subject), "form": form},
        status=status,
    )


@login_required
@require_GET
def my_data_export(request: HttpRequest) -> HttpResponse:
    return _download(subject_for_user(request.user))  # type: ignore[arg-type]


@login_required
@require_POST
def withdraw_consent(request: HttpRequest, pk: int) -> HttpResponse:
    """The person withdraws the consent recorded with one of their contact records."""
    subject = subject_for_user(request.user)  # type: ignore[arg-type]
    person = next((p for p in subject.people if p.pk == pk), None)
    if person is None:
        raise Http404
    if person.consent_given_at is None:
        return HttpResponseBadRequest(_("No consent was given for this contact record."))
    if person.consent_withdrawn_at is not None:
        return HttpResponseBadRequest(_("This consent has been withdrawn already."))
    person.consent_withdrawn_at = timezone.now()
    person.visibility = person.email_visibility = person.phone_visibility = Visibility.MANAGERS
    person.save()
    messages.success(
        request,
        _(
            "Your consent is withdrawn. Only the network managers still see this contact "
            "record; they erase it or tell you on which other basis they keep it."
        ),
    )
    return redirect("privacy:my_data")


@login_required
@require_POST
def erase_my_data(request: HttpRequest) -> HttpResponse:
    subject = subject_for_user(request.user)  # type: ignore[arg-type]
    form = EraseOwnDataForm(request.POST, user=request.user)
    if not form.is_valid():
        return _my_data_page(request, subject, form, status=400)
    erase(subject, by=request.user, by_manager=False)
    logout(request)
    messages.success(request, _("Your account and your personal data have been erased."))
    return redirect("networks:home")


# --- the manager, on a person's request ----------------------------------------------------


def _require_manager(request: HttpRequest) -> None:
    if not is_manager(request.user):
        raise PermissionDenied(_("This page is for network managers."))


@login_required
def requests_list(request: HttpRequest) -> HttpResponse:
    """The people and accounts of the manager's networks, to export or erase on request."""
    _require_manager(request)
    query = request.GET.get("q", "").strip()[:100]
    people = manageable_people(request.user).select_related("organisation")
    accounts = manageable_accounts(request.user).filter(is_active=True)
    if query:
        people = people.filter(
            Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
            | Q(organisation__name__icontains=query)
        )
        accounts = accounts.filter(
            Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
            | Q(username__icontains=query)
        )
    return render(
        request,
        "privacy/requests.html",
        {
            "query": query,
            "people": people.order_by("last_name", "first_name")[:100],
            "accounts": accounts.select_related("organisation").order_by("last_name")[:100],
        },
    )


def _managed_subject(request: HttpRequest, kind: str, pk: int) -> DataSubject:
    _require_manager(request)
    if kind == "person":
        person = get_object_or_404(manageable_people(request.user), pk=pk)
        return subject_for_person(person, manager=request.user)
    account = get_object_or_404(manageable_accounts(request.user), pk=pk)
    return subject_for_account(account, manager=request.user)


@login_required
def request_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """One person's data as the manager sees it, with export and erasure."""
    subject = _managed_subject(request, kind, pk)
    form = EraseOnRequestForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            erase(subject, by=request.user, by_manager=True)
            messages.success(request, _("The person's personal data have been erased."))
            return redirect("privacy:requests")
    else:
        status = 200
    return render(
        request,
        "privacy/request_detail.html",
        {"subject": subject, "data": collect(subject), "form": form, "kind": kind, "pk": pk},
        status=status,
    )


@login_required
@require_GET
def request_export(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    return _download(_managed_subject(request, kind, pk))


# --- the audit log -----------------------------------------------------------------------


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """Who changed what and when, in the manager's networks (read only)."""
    _require_manager(request)
    entries = audit.readable_entries(request.user).select_related("actor", "content_type")
    types = ContentType.objects.get_for_models(*audit.audited_models())
    kinds = sorted(
        ((ct.model, str(model._meta.verbose_name_plural)) for model, ct in types.items()),
        key=lambda kind: kind[1],
    )
    kind = request.GET.get("art", "")
    if kind:
        if kind not in {k for k, _label in kinds}:
            return HttpResponseBadRequest(_("Unknown kind of record."))
        entries = entries.filter(
            content_type__in=[ct.pk for ct in types.values() if ct.model == kind]
        )
    page = Paginator(entries.order_by("-timestamp", "-pk"), AUDIT_PAGE_SIZE).get_page(
        request.GET.get("seite")
    )
    return render(
        request,
        "privacy/audit_log.html",
        {"page": page, "rows": [_row(e) for e in page], "kinds": kinds, "kind": kind},
    )


def _row(entry: LogEntry) -> dict[str, Any]:
    model = entry.content_type.model_class()
    changes = audit.describe_changes(entry) if entry.action == LogEntry.Action.UPDATE else []
    return {
        "at": entry.timestamp,
        "actor": _actor(entry.actor),
        "kind": model._meta.verbose_name if model else entry.content_type.model,
        "record": entry.object_repr,
        "action": {
            LogEntry.Action.CREATE: _("created"),
            LogEntry.Action.UPDATE: _("changed"),
            LogEntry.Action.DELETE: _("deleted"),
        }.get(entry.action, _("read")),
        "changes": changes,
    }


def _actor(user: User | None) -> str:
    if user is None:
        return _("the system")
    return user.get_full_name() or user.username


# --- processing activities (public) ---------------------------------------------------------


def processing(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """The record of processing activities, for the platform or as one network's page."""
    network = get_object_or_404(Network, slug=slug) if slug else None
    managers = (
        list(network.managers.filter(is_active=True).order_by("last_name")) if network else []
    )
    return render(
        request,
        "privacy/processing.html",
        {
            "network": network,
            "managers": managers,
            "activities": processing_activities(),
            "consent": LawfulBasis.CONSENT,
        },
    )
