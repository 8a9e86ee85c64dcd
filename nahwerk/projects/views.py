"""Pages of the platform projects: entering, the project page with its steps, "my projects",
the manager's overview with its export, and a network's fields of action (REK)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nahwerk import spreadsheets
from nahwerk.accounts.permissions import (
    is_manager,
    is_site_admin,
    managed_network_ids,
    visible_organisations,
)
from nahwerk.brokering.access import NeedAccess, visible_needs
from nahwerk.events.models import Event
from nahwerk.forms import add_validation_errors
from nahwerk.networks.models import Network
from nahwerk.projects import overview as overview_service
from nahwerk.projects import services
from nahwerk.projects.access import ProjectAccess, network_projects, visible_projects
from nahwerk.projects.choices import InvitationAnswer, ParticipantRole, ProjectSource
from nahwerk.projects.forms import (
    AssignmentForm,
    ConsortiumProjectForm,
    DocumentForm,
    FieldOfActionForm,
    FieldsForm,
    IndicatorForm,
    IndicatorValueForm,
    OverviewForm,
    PartnerForm,
    ProjectEditForm,
    ProjectForm,
    StatusForm,
)
from nahwerk.projects.models import FieldOfAction, Indicator, Project


def _partner_candidates(user: Any) -> Any:
    """Organisations a user may name as partners: visible ones of the user's networks."""
    networks = services.networks_for_projects(user).values("pk")
    own = Q(pk=user.organisation_id) if user.organisation_id else Q(pk__in=[])
    return (
        visible_organisations(user)
        .filter(Q(memberships__network__in=networks) | Q(network_roles__network__in=networks) | own)
        .distinct()
        .order_by("name")
    )


# --- Entering -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    networks = services.networks_for_projects(user).order_by("name")
    if not networks.exists():
        raise PermissionDenied(
            _("Only network managers and users of a member organisation can enter projects.")
        )
    organisations = _partner_candidates(user)
    initial = {"lead": user.organisation_id} if user.organisation_id else {}
    form = ProjectForm(
        request.POST or None,
        user=user,
        networks=networks,
        organisations=organisations,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        lead = data["lead"]
        partners = [services.PartnerInput(lead, ParticipantRole.COORDINATOR)]
        partners += [
            services.PartnerInput(o, ParticipantRole.PARTNER)
            for o in data["partner"]
            if o.pk != lead.pk
        ]
        partners += [
            services.PartnerInput(o, ParticipantRole.ASSOCIATED)
            for o in data["associated"]
            if o.pk != lead.pk
        ]
        try:
            project = services.create_project(
                user=user,
                data=services.ProjectInput(
                    title=data["title"],
                    idea=data["idea"],
                    networks=(data["network"],),
                    partners=tuple(partners),
                    call=data["call"],
                    programme=data["programme"],
                    requested_amount=data["requested_amount"],
                    start_date=data["start_date"],
                    end_date=data["end_date"],
                ),
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("The project was entered; the partners are invited."))
            return redirect(project)
    status = 400 if request.method == "POST" else 200
    return render(request, "projects/project_form.html", {"form": form}, status=status)


@login_required
@require_POST
def create_from_consortium(request: HttpRequest) -> HttpResponse:
    """The consortium builder saves its team as a project in "consortium forming"."""
    user: Any = request.user
    networks = services.networks_for_projects(user)
    form = ConsortiumProjectForm(
        request.POST, user=user, networks=networks, organisations=visible_organisations(user)
    )
    if not form.is_valid():
        return _form_errors(form)
    data = form.cleaned_data
    lead = data["lead"]
    partners = [
        services.PartnerInput(lead, ParticipantRole.COORDINATOR, _role_text(request, lead.pk))
    ]
    for org in data["partner"]:
        if org.pk == lead.pk:
            continue
        text = _role_text(request, org.pk)
        role = (
            ParticipantRole.ASSOCIATED
            if text == ParticipantRole.ASSOCIATED
            else ParticipantRole.PARTNER
        )
        partners.append(
            services.PartnerInput(org, role, "" if text == ParticipantRole.ASSOCIATED else text)
        )
    try:
        project = services.create_project(
            user=user,
            data=services.ProjectInput(
                title=data["title"],
                idea=data["idea"],
                networks=(data["network"],),
                partners=tuple(partners),
                status="forming",
                call=data["call"],
                programme=data["programme"],
            ),
        )
    except ValidationError as error:
        add_validation_errors(form, error)
        return _form_errors(form)
    messages.success(request, _("The consortium was saved as a project; the partners are invited."))
    return redirect(project)


def _role_text(request: HttpRequest, organisation_id: int) -> str:
    return request.POST.get(f"role_{organisation_id}", "").strip()[:300]


def _form_errors(form: Any) -> HttpResponse:
    lines = [f"{name}: {' '.join(str(e) for e in errors)}" for name, errors in form.errors.items()]
    return HttpResponse("\n".join(lines), status=400, content_type="text/plain; charset=utf-8")


@login_required
@require_POST
def create_from_need(request: HttpRequest, need_pk: int) -> HttpResponse:
    from nahwerk.directory.models import Organisation

    user: Any = request.user
    need = get_object_or_404(visible_needs(user), pk=need_pk)
    access = NeedAccess.of(need, user)
    if not (access.is_manager or access.is_asker):
        raise PermissionDenied
    partner = (
        Organisation.objects.filter(
            pk__in=need.referrals.values("organisation"), pk=request.POST.get("partner") or 0
        ).first()
        if (request.POST.get("partner") or "").isdigit()
        else None
    )
    if partner is None:
        messages.error(request, _("Choose the organisation the cooperation started with."))
        return redirect(need)
    try:
        project = services.create_from_need(user=user, need=need, partner=partner)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(need)
    messages.success(request, _("The project was created; the partners are invited."))
    return redirect(project)


# --- The project's page ---------------------------------------------------------------------

ACTIONS = ("accept", "decline", "status", "partner", "document", "fields")


@require_http_methods(["GET", "POST"])
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(
        visible_projects(request.user).select_related("call", "funding_programme", "need"), pk=pk
    )
    access = ProjectAccess.of(project, request.user)
    forms: dict[str, Any] = {}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            return HttpResponse(_("Unknown step."), status=400)
        try:
            done = _take_step(request, project, access, action, forms)
        except ValidationError as error:
            form = forms.get(action)
            if form is None:
                messages.error(request, " ".join(error.messages))
            else:
                add_validation_errors(form, error)
            done = None
        if done:
            messages.success(request, done)
            return redirect(project)
        status = 400
        project.refresh_from_db()
        access = ProjectAccess.of(project, request.user)
    services.mark_read(request.user, project)
    return render(
        request,
        "projects/project_detail.html",
        _detail_context(request, project, access, forms),
        status=status,
    )


def _take_step(
    request: HttpRequest,
    project: Project,
    access: ProjectAccess,
    action: str,
    forms: dict[str, Any],
) -> str | None:
    user: Any = request.user
    form: Any
    if action in ("accept", "decline"):
        services.answer_invitation(user=user, project=project, accept=action == "accept")
        return _("Thank you, your answer was sent.")
    if action == "status":
        if not access.can_change:
            raise PermissionDenied
        form = forms["status"] = StatusForm(
            request.POST, prefix="status", steps=services.allowed_steps(project)
        )
        if not form.is_valid():
            return None
        services.change_status(
            user=user,
            project=project,
            status=form.cleaned_data["status"],
            on=form.cleaned_data["on"],
            amount=form.cleaned_data["amount"],
        )
        return _("The status of the project was changed.")
    if action == "partner":
        if not access.can_change:
            raise PermissionDenied
        form = forms["partner"] = PartnerForm(
            request.POST, prefix="partner", organisations=_partner_candidates(user)
        )
        if not form.is_valid():
            return None
        data = form.cleaned_data
        services.add_partner(
            user=user,
            project=project,
            partner=services.PartnerInput(data["organisation"], data["role"], data["task"]),
        )
        return _("The partner was invited.")
    if action == "document":
        form = forms["document"] = DocumentForm(request.POST, prefix="document")
        if not form.is_valid():
            return None
        services.add_document(
            user=user,
            project=project,
            title=form.cleaned_data["title"],
            url=form.cleaned_data["url"],
        )
        return _("The document was added.")
    if not access.can_assign_fields:
        raise PermissionDenied
    form = forms["fields"] = FieldsForm(
        request.POST, prefix="fields", fields=_assignable_fields(user, project)
    )
    if not form.is_valid():
        return None
    services.assign_fields(
        user=user, project=project, field_ids=[f.pk for f in form.cleaned_data["fields_of_action"]]
    )
    return _("The fields of action were saved.")


def _assignable_fields(user: Any, project: Project) -> Any:
    return services.manageable_fields(user).filter(network__in=project.networks.values("pk"))


def _detail_context(
    request: HttpRequest, project: Project, access: ProjectAccess, forms: dict[str, Any]
) -> dict[str, Any]:
    user: Any = request.user
    partners = [
        (p, access.partner_label(p), access.sees_name_of(p))
        for p in project.participations.select_related("organisation").order_by("role", "pk")
    ]
    context: dict[str, Any] = {
        "project": project,
        "access": access,
        "partners": partners,
        "networks": project.networks.all(),
        "documents": project.documents.all(),
        "document_form": forms.get("document") or DocumentForm(prefix="document"),
        "may_add_document": access.can_change
        or (access.partner is not None and access.partner.answer == InvitationAnswer.ACCEPTED),
    }
    if access.can_change:
        steps = services.allowed_steps(project)
        context["status_form"] = forms.get("status") or (
            StatusForm(prefix="status", steps=steps) if steps else None
        )
        context["partner_form"] = forms.get("partner") or PartnerForm(
            prefix="partner", organisations=_partner_candidates(user)
        )
    if access.can_assign_fields:
        fields = _assignable_fields(user, project)
        if fields.exists():
            context["fields_form"] = forms.get("fields") or FieldsForm(
                prefix="fields",
                fields=fields,
                initial={
                    "fields_of_action": list(project.fields_of_action.values_list("pk", flat=True))
                },
            )
    context["fields_of_action"] = project.fields_of_action.all() if access.is_manager else []
    return context


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(visible_projects(request.user), pk=pk)
    if not ProjectAccess.of(project, request.user).can_change:
        raise PermissionDenied(
            _("Only the network management and the coordinator change the project.")
        )
    form = ProjectEditForm(
        request.POST or None, user=request.user, instance=Project.objects.get(pk=project.pk)
    )
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.update_project(
                user=request.user,  # type: ignore[arg-type]
                project=project,
                changes=changes,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("The project was saved."))
            return redirect(project)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "projects/project_edit.html", {"form": form, "project": project}, status=status
    )


# --- Lists ----------------------------------------------------------------------------------


@login_required
def my_projects(request: HttpRequest) -> HttpResponse:
    """The projects of the user's organisation: platform ones and its EU history."""
    user: Any = request.user
    platform = (
        visible_projects(user).filter(participations__organisation=user.organisation_id).distinct()
        if user.organisation_id
        else Project.objects.none()
    )
    rows = []
    for project in platform.order_by("-created_at"):
        answer = project.participations.filter(organisation=user.organisation_id).first()
        rows.append((project, answer))
    history = (
        Project.objects.exclude(source=ProjectSource.PLATFORM)
        .filter(participations__organisation=user.organisation_id)
        .distinct()
        .order_by("-start_date")[:200]
        if user.organisation_id
        else []
    )
    managed = (
        visible_projects(user).filter(networks__in=managed_network_ids(user)).distinct()
        if is_manager(user)
        else Project.objects.none()
    )
    return render(
        request,
        "projects/my_projects.html",
        {
            "rows": rows,
            "history": history,
            "managed_count": managed.count(),
            "is_manager": is_manager(user),
            "can_create": services.networks_for_projects(user).exists(),
        },
    )


def _require_manager(request: HttpRequest) -> set[int]:
    if not is_manager(request.user):
        raise PermissionDenied(_("This page is for network managers."))
    return managed_network_ids(request.user)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The manager's overview: the networks' platform and EU projects, figures, export."""
    managed = _require_manager(request)
    networks = Network.objects.filter(pk__in=managed).order_by("name")
    form = OverviewForm(request.GET or None, networks=networks)
    chosen = set(managed)
    by = "year"
    status = ""
    since = until = None
    if form.is_bound:
        if not form.is_valid():
            return render(
                request, "projects/overview.html", {"form": form, "overview": None}, status=400
            )
        data = form.cleaned_data
        if data["network"]:
            chosen = {data["network"].pk}
        by = data["by"] or "year"
        status = data["status"]
        since, until = data["since"], data["until"]
    projects = network_projects(chosen)
    if status == overview_service.EU_HISTORY:
        projects = projects.exclude(source=ProjectSource.PLATFORM)
    elif status:
        projects = projects.filter(status=status)
    if since:
        projects = projects.filter(
            Q(start_date__gte=since) | Q(submitted_on__gte=since) | Q(created_at__date__gte=since)
        )
    if until:
        projects = projects.filter(
            Q(start_date__lte=until) | Q(submitted_on__lte=until) | Q(created_at__date__lte=until)
        )
    rows = overview_service.rows_for(projects.order_by("-start_date", "title"), chosen, by=by)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        header, table = overview_service.export_table(rows)
        if export == "csv":
            content = spreadsheets.to_csv(header, table)
            content_type = "text/csv; charset=utf-8"
        else:
            content = spreadsheets.to_xlsx(header, table, title=_("Projects"))
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="projekte.{export}"'
        return response
    query = request.GET.copy()
    query.pop("export", None)
    progress = [
        (network, overview_service.field_progress(network))
        for network in Network.objects.filter(pk__in=chosen).order_by("name")
    ]
    return render(
        request,
        "projects/overview.html",
        {
            "form": form,
            "overview": overview_service.build_overview(rows),
            "query": query.urlencode(),
            "progress": [(n, p) for n, p in progress if p],
        },
    )


# --- Fields of action (REK) -----------------------------------------------------------------

FIELD_ACTIONS = ("field", "indicator", "value", "assign")


@login_required
@require_http_methods(["GET", "POST"])
def fields_of_action(request: HttpRequest, slug: str) -> HttpResponse:
    """A network's regional development concept: fields, indicators, assigned work."""
    network = get_object_or_404(Network, slug=slug)
    user: Any = request.user
    if not (is_site_admin(user) or network.pk in managed_network_ids(user)):
        raise PermissionDenied(_("This page is for the network's managers."))
    fields = network.fields_of_action.all()
    needs = visible_needs(user).filter(network=network).order_by("-created_at")
    events = Event.objects.filter(networks=network).order_by("-starts_at")
    forms: dict[str, Any] = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in FIELD_ACTIONS:
            return HttpResponse(_("Unknown step."), status=400)
        if _field_step(request, network, action, forms, fields, needs, events):
            messages.success(request, _("Saved."))
            return redirect("projects:fields", slug=network.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "projects/fields_of_action.html",
        {
            "network": network,
            "progress": overview_service.field_progress(network),
            "field_form": forms.get("field") or FieldOfActionForm(prefix="field"),
            "indicator_form": forms.get("indicator")
            or IndicatorForm(prefix="indicator", fields=fields),
            "assign_form": forms.get("assign")
            or AssignmentForm(prefix="assign", fields=fields, needs=needs, events=events),
            "value_form": forms.get("value"),
        },
        status=status,
    )


def _field_step(
    request: HttpRequest,
    network: Network,
    action: str,
    forms: dict[str, Any],
    fields: Any,
    needs: Any,
    events: Any,
) -> bool:
    form: Any
    if action == "field":
        form = forms["field"] = FieldOfActionForm(request.POST, prefix="field")
        form.instance.network = network
        if not form.is_valid():
            return False
        form.save()
        return True
    if action == "indicator":
        form = forms["indicator"] = IndicatorForm(request.POST, prefix="indicator", fields=fields)
        if not form.is_valid():
            return False
        form.save()
        return True
    if action == "value":
        form = forms["value"] = IndicatorValueForm(request.POST, prefix="value")
        form.fields["indicator"].queryset = Indicator.objects.filter(field__network=network)
        if not form.is_valid():
            return False
        indicator = form.cleaned_data["indicator"]
        indicator.current = form.cleaned_data["current"]
        indicator.save(update_fields=["current"])
        return True
    form = forms["assign"] = AssignmentForm(
        request.POST, prefix="assign", fields=fields, needs=needs, events=events
    )
    if not form.is_valid():
        return False
    field_: FieldOfAction = form.cleaned_data["field"]
    field_.needs.set(form.cleaned_data["needs"])
    field_.events.set(form.cleaned_data["events"])
    return True


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    notes = services.unread_notifications(request.user).select_related(
        "project", "organisation", "user"
    )[:100]
    return render(
        request,
        "projects/notifications.html",
        {"notes": [(n, services.describe_notification(n)) for n in notes]},
    )
