"""Pages of the funding catalogue: call search with fit, call and programme pages, curation,
the call upload, following calls and the deadlines as .ics."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nahwerk.accounts.models import User
from nahwerk.accounts.permissions import is_manager, is_site_admin, managed_network_ids
from nahwerk.directory.models import Organisation
from nahwerk.funding import services
from nahwerk.funding.fit import (
    Applicant,
    FitError,
    calls_for_organisation,
    calls_in_preparation,
    consortium_note,
    editable_programmes,
    eligibility,
    fit_calls,
    may_see_calls_for,
    visible_calls,
    visible_programmes,
)
from nahwerk.funding.forms import (
    CallForm,
    CallSearchForm,
    CallUploadForm,
    ProgrammeForm,
    SendCallForm,
)
from nahwerk.funding.importing import CallImportError, CallImportResult, import_calls
from nahwerk.funding.models import CallImportJob
from nahwerk.matching.explanations import fit_label
from nahwerk.matching.services import PartnerMatch
from nahwerk.networks.models import Network
from nahwerk_engine.matching import FitLevel

RESULT_LIMIT = 20
LIST_LIMIT = 50


def _user(request: HttpRequest) -> User:
    """The logged-in user (the views that call this require a login)."""
    assert isinstance(request.user, User)
    return request.user


def _own_organisation(user: Any) -> Organisation | None:
    if user.is_authenticated and user.is_active and user.organisation_id:
        return Organisation.objects.with_district().filter(pk=user.organisation_id).first()
    return None


def call_search(request: HttpRequest) -> HttpResponse:
    """``/foerderung/``: open calls, ranked by fit to an idea when one is given."""
    form = CallSearchForm(request.GET or None)
    organisation = _own_organisation(request.user)
    results = None
    error = ""
    today = timezone.localdate()
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        applicant = Applicant.of(organisation) if organisation else None
        try:
            results = fit_calls(
                form.cleaned_data["q"],
                user=request.user,
                filters=form.fit_filters(applicant),
                limit=RESULT_LIMIT,
                today=today,
            )
        except FitError as exc:
            error = str(exc)
    upcoming = (
        visible_calls(request.user)
        .filter(deadline__gte=today)
        .select_related("programme")
        .order_by("deadline", "topic_id")[:LIST_LIMIT]
        if results is None
        else []
    )
    return render(
        request,
        "funding/call_search.html",
        {
            "form": form,
            "results": results,
            "error": error,
            "in_preparation": (
                calls_in_preparation(request.user, today) if results is not None else 0
            ),
            "upcoming": upcoming,
            "open_count": visible_calls(request.user).filter(deadline__gte=today).count(),
            "organisation": organisation,
            "may_curate": is_manager(request.user),
            "today": today,
        },
    )


def call_members(found: Sequence[PartnerMatch]) -> list[tuple[PartnerMatch, str, bool]]:
    """(match, fit in words, ticked) for the members a manager may send a call to.

    As for routing a need, members that fit only partly are listed but not ticked: the
    manager sends them the call on purpose, if at all.
    """
    return [(m, fit_label(m.fit), m.fit != FitLevel.PARTIAL) for m in found]


def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(visible_calls(request.user).select_related("programme"), pk=pk)
    services.mark_read(request.user, call)
    organisation = _own_organisation(request.user)
    eligible, rules = eligibility(
        call.programme, Applicant.of(organisation) if organisation else None
    )
    members = None
    send_form = None
    if services.may_send(request.user):
        found = services.fitting_members(call, user=request.user)
        members = call_members(found)
        send_form = SendCallForm(choices=[(m.organisation.pk, m.organisation.name) for m in found])
    following = organisation is not None and call.follows.filter(organisation=organisation).exists()
    return render(
        request,
        "funding/call_detail.html",
        {
            "call": call,
            "programme": call.programme,
            "days_left": call.days_left(),
            "rules": rules,
            "eligible": eligible,
            "consortium": consortium_note(call),
            "organisation": organisation,
            "following": following,
            "may_follow": services.may_follow(request.user),
            "members": members,
            "partly_fitting": any(not ticked for _m, _label, ticked in members or ()),
            "send_form": send_form,
            "may_edit": editable_programmes(request.user).filter(pk=call.programme_id).exists(),
        },
    )


@login_required
@require_POST
def call_follow(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(visible_calls(request.user), pk=pk)
    organisation = _own_organisation(request.user)
    if organisation is None or not services.may_follow(request.user):
        raise PermissionDenied
    if request.POST.get("action") == "unfollow":
        services.unfollow(call=call, organisation=organisation)
        messages.info(request, _("You no longer follow this call."))
    else:
        services.follow(call=call, organisation=organisation, user=_user(request))
        messages.success(
            request,
            _("You follow this call: reminders come 14 and 3 days before the deadline."),
        )
    return redirect(call)


@login_required
@require_POST
def call_send(request: HttpRequest, pk: int) -> HttpResponse:
    """A manager sends the call to the members of their networks that fit it."""
    call = get_object_or_404(visible_calls(request.user).select_related("programme"), pk=pk)
    if not services.may_send(request.user):
        raise PermissionDenied
    members = services.fitting_members(call, user=request.user)
    form = SendCallForm(
        request.POST, choices=[(m.organisation.pk, m.organisation.name) for m in members]
    )
    if not form.is_valid():
        messages.error(request, _("Choose at least one of the fitting members."))
        return redirect(call)
    chosen = [
        m.organisation for m in members if m.organisation.pk in form.cleaned_data["organisations"]
    ]
    notified, mailed = services.send_call(call=call, organisations=chosen, sender=_user(request))
    messages.success(
        request,
        _("The call went to %(orgs)d members (%(users)d people, %(mails)d mails).")
        % {"orgs": len(chosen), "users": notified, "mails": mailed},
    )
    return redirect(call)


@login_required
def deadlines_ics(request: HttpRequest) -> HttpResponse:
    """The deadlines the user's organisation follows, as a calendar file."""
    organisation = _own_organisation(request.user)
    if organisation is None:
        raise Http404
    calls = services.followed_calls(organisation).order_by("deadline")
    response = HttpResponse(
        services.deadlines_calendar(organisation, calls), content_type="text/calendar"
    )
    response["Content-Disposition"] = 'attachment; filename="foerderfristen.ics"'
    return response


@login_required
def followed(request: HttpRequest) -> HttpResponse:
    organisation = _own_organisation(request.user)
    if organisation is None:
        raise Http404
    calls = services.followed_calls(organisation).order_by("deadline")
    return render(
        request,
        "funding/followed.html",
        {"organisation": organisation, "calls": calls, "today": timezone.localdate()},
    )


def organisation_calls(request: HttpRequest, slug: str) -> HttpResponse:
    """The calls that fit an organisation: for its own people and its network's managers."""
    organisation = get_object_or_404(Organisation.objects.with_district(), slug=slug)
    if not may_see_calls_for(request.user, organisation):
        raise Http404
    return render(
        request,
        "funding/organisation_calls.html",
        {
            "organisation": organisation,
            "results": calls_for_organisation(organisation, user=request.user, limit=RESULT_LIMIT),
            "in_preparation": calls_in_preparation(request.user),
        },
    )


# --- Programmes -----------------------------------------------------------------------------


def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = (
        visible_programmes(request.user)
        .annotate(open_calls=Count("calls"))
        .prefetch_related("networks")
        .order_by("level", "name")
    )
    return render(
        request,
        "funding/programme_list.html",
        {"programmes": programmes, "may_curate": is_manager(request.user)},
    )


def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(visible_programmes(request.user), pk=pk)
    today = timezone.localdate()
    return render(
        request,
        "funding/programme_detail.html",
        {
            "programme": programme,
            "calls": programme.calls.filter(deadline__gte=today).order_by("deadline")[:100],
            "past_calls": programme.calls.filter(deadline__lt=today).count(),
            "may_edit": editable_programmes(request.user).filter(pk=programme.pk).exists(),
            "rules": eligibility(programme, None)[1],
        },
    )


def _managed_networks(user: Any) -> Any:
    return Network.objects.filter(pk__in=managed_network_ids(user)).order_by("name")


@login_required
def programme_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not is_manager(request.user):
        raise PermissionDenied
    programme = None
    if pk is not None:
        programme = get_object_or_404(visible_programmes(request.user), pk=pk)
        if not editable_programmes(request.user).filter(pk=pk).exists():
            raise PermissionDenied
    networks = _managed_networks(request.user)
    form = ProgrammeForm(request.POST or None, instance=programme, networks=networks)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save(commit=False)
            if saved.created_by_id is None:
                saved.created_by = _user(request)
            saved.save()
            # networks the manager does not manage stay as they were
            kept = list(saved.networks.exclude(pk__in=networks.values("pk"))) if programme else []
            saved.networks.set([*form.cleaned_data["networks"], *kept])
        messages.success(request, _("The programme has been saved."))
        return redirect(saved)
    return render(request, "funding/programme_form.html", {"form": form, "programme": programme})


@login_required
def call_edit(request: HttpRequest, programme_pk: int, pk: int | None = None) -> HttpResponse:
    programme = get_object_or_404(visible_programmes(request.user), pk=programme_pk)
    if not editable_programmes(request.user).filter(pk=programme.pk).exists():
        raise PermissionDenied
    call = get_object_or_404(programme.calls, pk=pk) if pk is not None else None
    form = CallForm(request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.programme = programme
        saved.save()
        messages.success(request, _("The call has been saved."))
        return redirect(saved)
    return render(
        request,
        "funding/call_form.html",
        {"form": form, "programme": programme, "call": call},
    )


# --- Upload of call files -------------------------------------------------------------------


def _may_import(user: Any) -> bool:
    return is_manager(user)


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload a call file: every row is checked first and the report is shown."""
    if not _may_import(request.user):
        raise PermissionDenied
    form = CallUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read()
        try:
            result = import_calls(content, dry_run=True)
        except CallImportError as error:
            form.add_error("file", str(error))
        else:
            job = CallImportJob.objects.create(
                content=content,
                filename=form.filename,
                created_by=_user(request),
                report=result.to_dict(),
                status=(
                    CallImportJob.Status.REJECTED
                    if result.rejected
                    else CallImportJob.Status.PENDING
                ),
            )
            return HttpResponseRedirect(reverse("funding:import_preview", args=[job.pk]))
    return render(request, "funding/import_form.html", {"form": form})


@login_required
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    if not _may_import(request.user):
        raise PermissionDenied
    jobs = CallImportJob.objects.all()
    if not is_site_admin(request.user):
        jobs = jobs.filter(created_by=_user(request))
    job = get_object_or_404(jobs, pk=pk)
    if request.method == "POST":
        if job.status != CallImportJob.Status.PENDING:
            messages.warning(request, _("This import has already been completed or cancelled."))
            return redirect(request.path)
        if "cancel" in request.POST:
            job.status = CallImportJob.Status.REJECTED
            job.save(update_fields=["status"])
            messages.info(request, _("The import was cancelled; nothing was written."))
            return redirect("funding:search")
        result = import_calls(bytes(job.content))
        job.report = result.to_dict()
        job.status = (
            CallImportJob.Status.REJECTED if result.rejected else CallImportJob.Status.IMPORTED
        )
        job.save(update_fields=["report", "status"])
        if result.rejected:
            messages.error(request, result.summary())
        else:
            # the changed calls are embedded by the worker; until then the first search does it
            from nahwerk.funding.tasks import refresh_vectors
            from nahwerk.jobs.queue import enqueue

            enqueue(refresh_vectors, name="embed calls")
            messages.success(request, result.summary())
        return redirect(request.path)
    result = CallImportResult.from_dict(job.report)
    return render(
        request,
        "funding/import_preview.html",
        {"job": job, "result": result, "problems": result.problems[:500]},
    )
