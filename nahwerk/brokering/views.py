"""Pages of the brokering loop: needs, a need's page with its steps, inbox, overview."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from nahwerk import spreadsheets
from nahwerk.accounts.permissions import Viewer, is_manager, managed_network_ids
from nahwerk.brokering import overview as overview_service
from nahwerk.brokering import services
from nahwerk.brokering.access import NeedAccess, visible_needs
from nahwerk.brokering.forms import (
    AnswerForm,
    MessageForm,
    NeedForm,
    OutcomeForm,
    OverviewForm,
    ReasonForm,
    RoutingForm,
)
from nahwerk.brokering.models import Need, NeedStatus, Notification, Referral
from nahwerk.forms import add_validation_errors
from nahwerk.matching.explanations import by_fit, present
from nahwerk.matching.services import MatchingError
from nahwerk.networks.models import Network
from nahwerk.submissions import Submission, already_submitted


def _need_for(request: HttpRequest, pk: int) -> tuple[Need, NeedAccess]:
    need = get_object_or_404(
        visible_needs(request.user).select_related("organisation", "network", "field"), pk=pk
    )
    return need, NeedAccess.of(need, request.user)


def need_list(request: HttpRequest) -> HttpResponse:
    """Needs the user may see: their own, routed to them, in their networks, open ones."""
    needs = visible_needs(request.user).select_related("organisation", "network")
    user = request.user
    org_id = getattr(user, "organisation_id", None)
    own = needs.filter(organisation=org_id) if org_id else needs.none()
    routed = needs.filter(referrals__organisation=org_id) if org_id else needs.none()
    others = needs.exclude(pk__in=own.values("pk")).exclude(pk__in=routed.values("pk"))
    managed = managed_network_ids(user)

    def with_asker(needs: Any) -> list[tuple[Need, str]]:
        return [
            (
                need,
                services.asker_label(
                    need, NeedAccess.of(need, user, managed=managed, with_referral=False)
                ),
            )
            for need in needs
        ]

    context = {
        "own": own.order_by("-created_at"),
        "routed": with_asker(routed.order_by("-created_at")),
        "others": with_asker(others.order_by("-created_at")[:100]),
        "can_post": bool(services.networks_for_posting(user)) if user.is_authenticated else False,
        "is_manager": bool(managed),
    }
    return render(request, "brokering/need_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def need_create(request: HttpRequest) -> HttpResponse:
    networks = services.networks_for_posting(request.user)  # type: ignore[arg-type]
    if not networks:
        raise PermissionDenied(
            _("Only users of an organisation that is a member of a network can post needs.")
        )
    # the partner search offers to post what found nothing: its text comes along
    initial = {"description": request.GET.get("beschreibung", "")[:2000]}
    form = NeedForm(request.POST or None, networks=networks, initial=initial)
    submission = Submission(request, "need")
    if request.method == "POST" and form.is_valid():
        earlier = submission.earlier()
        if earlier is not None:  # the same form sent twice
            return already_submitted(request, earlier, _("This need has already been posted."))
        data = form.cleaned_data
        try:
            need = services.post_need(
                request.user,  # type: ignore[arg-type]
                data["network"].pk,
                services.NeedInput(
                    title=data["title"],
                    description=data["description"],
                    partner_kind=data["partner_kind"],
                    posting=data["posting"],
                    max_distance_km=data["max_distance_km"],
                    deadline=data["deadline"],
                    field_id=data["field"].pk if data["field"] else None,
                ),
            )
        except ValidationError as error:
            submission.failed()
            add_validation_errors(form, error)
        else:
            submission.created(need.get_absolute_url())
            messages.success(
                request, _("Your need was posted. The network management will look at it.")
            )
            return redirect(need)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "submission": submission.key}
    return render(request, "brokering/need_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def need_edit(request: HttpRequest, pk: int) -> HttpResponse:
    need, access = _need_for(request, pk)
    if not access.can_edit:
        raise PermissionDenied(_("This need can no longer be edited by you."))
    form = NeedForm(request.POST or None, instance=Need.objects.get(pk=need.pk))
    if request.method == "POST" and form.is_valid():
        changes = {
            name: value
            for name, value in form.cleaned_data.items()
            if name != "field" and name in NeedForm.Meta.fields
        }
        changes["field_id"] = form.cleaned_data["field"].pk if form.cleaned_data["field"] else None
        try:
            services.edit_need(request.user, need, changes)  # type: ignore[arg-type]
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("The need was saved."))
            return redirect(need)
    status = 400 if request.method == "POST" else 200
    return render(request, "brokering/need_form.html", {"form": form, "need": need}, status=status)


# --- The need's page and its steps ----------------------------------------------------------

ACTIONS = ("accept", "reject", "route", "answer", "message", "reveal", "outcome")


@require_http_methods(["GET", "POST"])
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    need, access = _need_for(request, pk)
    forms: dict[str, Any] = {}
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            raise PermissionDenied
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            return HttpResponse(_("Unknown step."), status=400)
        try:
            done = _take_step(request, need, access, action, forms)
        except ValidationError as error:
            form = forms.get(action)
            if form is None:
                messages.error(request, " ".join(error.messages))
            else:
                add_validation_errors(form, error)
            done = None
        if done:
            messages.success(request, done)
            return redirect(need)
        status = 400
        need.refresh_from_db()
        access = NeedAccess.of(need, request.user)
    if request.user.is_authenticated:
        services.mark_read(request.user, need)
    return render(
        request,
        "brokering/need_detail.html",
        _detail_context(request, need, access, forms),
        status=status,
    )


def _take_step(
    request: HttpRequest, need: Need, access: NeedAccess, action: str, forms: dict[str, Any]
) -> str | None:
    """Run one step from a POST; returns the success message or None (forms hold errors)."""
    user: Any = request.user
    post = request.POST
    form: Any
    if action == "accept":
        services.accept_need(user, need)
        return _("The need was accepted.")
    if action == "reject":
        form = forms["reject"] = ReasonForm(post, prefix="reject")
        if not form.is_valid():
            return None
        services.reject_need(user, need, form.cleaned_data["reason"])
        return _("The need was rejected; the asking organisation is told why.")
    if action == "route":
        if not access.can_route:
            raise PermissionDenied
        form = forms["route"] = RoutingForm(
            post, prefix="route", organisations=services.routable_organisations(need)
        )
        if not form.is_valid():
            return None
        ids = [o.pk for o in form.cleaned_data["organisations"]]
        services.route_need(user, need, ids, form.cleaned_data["note"])
        return ngettext(
            "The need was routed to %(n)d organisation; it is notified.",
            "The need was routed to %(n)d organisations; they are notified.",
            len(ids),
        ) % {"n": len(ids)}
    if action == "answer":
        form = forms["answer"] = AnswerForm(post, prefix="answer")
        if not form.is_valid():
            return None
        services.answer_referral(
            user, need, form.cleaned_data["response"], form.cleaned_data["message"]
        )
        return _("Thank you, your answer was sent.")
    if action == "message":
        form = forms["message"] = MessageForm(post, prefix="message")
        if not form.is_valid():
            return None
        referral = Referral.objects.filter(need=need, pk=form.cleaned_data["referral"]).first()
        if referral is None or not access.may_write_in(referral):
            raise PermissionDenied
        services.write_message(user, need, referral, form.cleaned_data["body"])
        return _("Your message was sent.")
    if action == "reveal":
        services.reveal_asker(user, need)
        return _("Your organisation is now named to the organisations the need was routed to.")
    form = forms["outcome"] = OutcomeForm(post, prefix="outcome")
    if not form.is_valid():
        return None
    services.set_outcome(user, need, form.cleaned_data["status"], form.cleaned_data["reason"])
    return _("The status of the need was changed.")


def _detail_context(
    request: HttpRequest, need: Need, access: NeedAccess, forms: dict[str, Any]
) -> dict[str, Any]:
    user: Any = request.user
    matches: list[Any] = []
    matches_error = ""
    suggested: list[int] = []
    if access.sees_matches:
        try:
            found = services.matches_for(need, user)
        except MatchingError as error:
            matches_error = str(error)
        else:
            # only the profile passages and words this user may read
            matches = present(
                found,
                need_text=need.search_text,
                viewer=Viewer(user),
                origin=need.organisation.name,
            )
    if access.can_route and "route" not in forms:
        suggested = [m.organisation.pk for m in services.suggested_routing(need, user)]
        forms["route"] = RoutingForm(
            prefix="route",
            organisations=services.routable_organisations(need),
            initial={"organisations": suggested},
        )
    threads = [
        {
            "referral": referral,
            "messages": [(m, _message_author(m, need, access)) for m in referral.messages.all()],
            "form": forms["message"]
            if "message" in forms
            and forms["message"].data.get("message-referral") == str(referral.pk)
            else MessageForm(
                prefix="message",
                initial={"referral": referral.pk},
                auto_id=f"id_thread{referral.pk}_%s",
            ),
        }
        for referral in access.threads().prefetch_related("messages__author")
    ]
    close_results, partial_results = by_fit(matches)
    return {
        "need": need,
        "access": access,
        "asker": services.asker_label(need, access),
        "matches": matches,
        "close_results": close_results,
        "partial_results": partial_results,
        "matches_error": matches_error,
        "suggested": suggested,
        "referrals": access.threads(),
        "threads": threads,
        "timeline": [
            (event, services.actor_label(event, access))
            for event in services.visible_events(need, access)
        ],
        "reject_form": forms.get("reject") or ReasonForm(prefix="reject"),
        "route_form": forms.get("route"),
        "answer_form": forms.get("answer") or AnswerForm(prefix="answer"),
        "outcome_form": forms.get("outcome") or OutcomeForm(prefix="outcome"),
    }


def _message_author(message: Any, need: Need, access: NeedAccess) -> str:
    if message.from_asker:
        return services.asker_label(need, access)
    if message.from_manager:
        return _("network management")
    return message.referral.organisation.name


# --- Manager pages --------------------------------------------------------------------------


def _require_manager(request: HttpRequest) -> set[int]:
    if not is_manager(request.user):
        raise PermissionDenied(_("This page is for network managers."))
    return managed_network_ids(request.user)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The manager's inbox: the needs of the managed networks, new ones first."""
    managed = _require_manager(request)
    needs = Need.objects.filter(network__in=managed).select_related("organisation", "network")
    status = request.GET.get("status", "")
    if status and status in NeedStatus.values:
        needs = needs.filter(status=status)
    counts = dict(
        Need.objects.filter(network__in=managed)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    needs = needs.annotate(
        answers=Count("referrals", filter=~Q(referrals__response="pending"))
    ).order_by("status", "-created_at")
    return render(
        request,
        "brokering/inbox.html",
        {
            "needs": needs[:200],
            "status": status,
            "statuses": [(s.value, s.label, counts.get(s.value, 0)) for s in NeedStatus],
        },
    )


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    managed = _require_manager(request)
    networks = Network.objects.filter(pk__in=managed).order_by("name")
    form = OverviewForm(request.GET or None, networks=networks)
    needs = Need.objects.filter(network__in=managed)
    days = overview_service.SILENT_DAYS
    if form.is_bound:
        if not form.is_valid():
            return render(
                request, "brokering/overview.html", {"form": form, "overview": None}, status=400
            )
        data = form.cleaned_data
        if data["network"]:
            needs = needs.filter(network=data["network"])
        if data["since"]:
            needs = needs.filter(created_at__date__gte=data["since"])
        if data["until"]:
            needs = needs.filter(created_at__date__lte=data["until"])
        days = data["days"] or overview_service.SILENT_DAYS
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        header, rows = overview_service.export_table(needs)
        if export == "csv":
            content = spreadsheets.to_csv(header, rows)
            content_type = "text/csv; charset=utf-8"
        else:
            content = spreadsheets.to_xlsx(header, rows, title=_("Needs"))
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="bedarfe.{export}"'
        return response
    query = request.GET.copy()
    query.pop("export", None)
    return render(
        request,
        "brokering/overview.html",
        {
            "form": form,
            "overview": overview_service.build_overview(needs, silent_days=days),
            "query": query.urlencode(),
        },
    )


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    items = list(
        Notification.objects.filter(user=request.user.pk)
        .select_related("event__need__organisation", "event__organisation", "event__actor")
        .order_by("-created_at")[:100]
    )
    managed = managed_network_ids(request.user)
    rows = [
        (
            item,
            services.describe_event(
                item.event, NeedAccess.of(item.event.need, request.user, managed=managed)
            ),
        )
        for item in items
    ]
    from nahwerk.funding.models import FundingNotification
    from nahwerk.projects.models import ProjectNotification
    from nahwerk.projects.services import describe_notification

    funding = list(
        FundingNotification.objects.filter(user=request.user.pk)
        .select_related("call", "sent_by")
        .order_by("-created_at")[:100]
    )
    projects = [
        (note, describe_notification(note))
        for note in ProjectNotification.objects.filter(user=request.user.pk)
        .select_related("project", "organisation", "user")
        .order_by("-created_at")[:100]
    ]
    return render(
        request,
        "brokering/notifications.html",
        {"rows": rows, "funding_notifications": funding, "project_notifications": projects},
    )
