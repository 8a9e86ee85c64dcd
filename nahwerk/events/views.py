"""Event pages: calendar, event page, registration, organiser pages, matchmaking, agenda."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nahwerk import spreadsheets
from nahwerk.accounts.permissions import managed_network_ids
from nahwerk.events import exports, services
from nahwerk.events.access import EventAccess, visible_events
from nahwerk.events.choices import OPEN_REQUEST_STATUSES, RegistrationStatus, RequestStatus
from nahwerk.events.forms import (
    MAX_PROGRAMME_ITEMS,
    AvailabilityForm,
    EventForm,
    EventProfileForm,
    MeetingRequestForm,
    ProgrammeFormSet,
    RunForm,
    SlotSetupForm,
)
from nahwerk.events.models import Event, MeetingRequest, Registration, ScheduleRun
from nahwerk.forms import add_validation_errors, check_formset_size
from nahwerk.networks.models import Network
from nahwerk.submissions import Submission, already_submitted

# while the worker runs the scheduler, the organiser's page reloads this often
JOB_REFRESH_SECONDS = 3


def _posted(request: HttpRequest) -> Any:
    """The POST data of a POST (even when empty, e.g. all boxes unticked), else None."""
    return request.POST if request.method == "POST" else None


def _event_for(request: HttpRequest, slug: str) -> tuple[Event, EventAccess]:
    """The event if the user may see it (unpublished ones are 404 to outsiders)."""
    event = get_object_or_404(visible_events(request.user).select_related("organiser"), slug=slug)
    return event, EventAccess.of(event, request.user)


def _organiser_event(request: HttpRequest, slug: str) -> tuple[Event, EventAccess]:
    event, access = _event_for(request, slug)
    if not access.is_organiser:
        raise PermissionDenied(_("Only the organisers of this event may open this page."))
    return event, access


def _participant_event(
    request: HttpRequest, slug: str, *, matchmaking: bool = True
) -> tuple[Event, EventAccess, Registration]:
    event, access = _event_for(request, slug)
    if matchmaking and not event.matchmaking:
        raise Http404(_("This event has no B2B matchmaking."))
    if not access.is_participant:
        raise PermissionDenied(_("Only confirmed participants of this event may open this page."))
    assert access.registration is not None
    return event, access, access.registration


# --- Calendar -------------------------------------------------------------------------------


def event_list(request: HttpRequest) -> HttpResponse:
    """Upcoming events by month, optionally of one network; past ones on request."""
    events = visible_events(request.user).select_related("organiser").prefetch_related("networks")
    network = None
    slug = request.GET.get("network", "")
    if slug:
        network = Network.objects.filter(slug=slug).first()
        if network is None:
            raise Http404(_("Unknown network."))
        events = events.filter(networks=network)
    past = request.GET.get("past") == "1"
    now = timezone.now()
    if past:
        events = events.filter(ends_at__lt=now).order_by("-starts_at")
    else:
        events = events.filter(ends_at__gte=now).order_by("starts_at")
    months: dict[Any, list[Event]] = defaultdict(list)
    for event in events[:200]:
        local = timezone.localtime(event.starts_at)
        months[local.date().replace(day=1)].append(event)
    context = {
        "months": list(months.items()),
        "network": network,
        "networks": Network.objects.filter(events__published=True).distinct().order_by("name"),
        "past": past,
        "can_create": bool(managed_network_ids(request.user)),
    }
    return render(request, "events/event_list.html", context)


def network_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """A network's published events as a calendar feed (.ics)."""
    network = get_object_or_404(Network, slug=slug)
    events = Event.objects.published().filter(networks=network).order_by("starts_at")
    return _ics_response(exports.events_calendar(network, events), f"{network.slug}.ics")


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Creating and editing -------------------------------------------------------------------


def _manager_networks(request: HttpRequest) -> set[int]:
    networks = managed_network_ids(request.user)
    if not networks:
        raise PermissionDenied(_("Only network managers can create events."))
    return networks


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, Event(), _manager_networks(request))


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    event = _organiser_event(request, slug)[0]
    networks = managed_network_ids(request.user) | {event.organiser_id}
    return _edit(request, event, networks)


def _edit(request: HttpRequest, event: Event, networks: set[int]) -> HttpResponse:
    check_formset_size(_posted(request), prefix="programme", max_forms=MAX_PROGRAMME_ITEMS)
    form = EventForm(_posted(request), instance=event, networks=networks)
    programme = ProgrammeFormSet(_posted(request), instance=event, prefix="programme")
    # only a new event carries a submission key: editing twice changes nothing more
    submission = Submission(request, "event") if event.pk is None else None
    if request.method == "POST" and form.is_valid() and programme.is_valid():
        earlier = submission.earlier() if submission else None
        if earlier is not None:  # the same form sent twice
            return already_submitted(request, earlier, _("This event has already been created."))
        event = form.save(commit=False)
        try:
            with transaction.atomic():
                services.save_event(
                    request.user,  # type: ignore[arg-type]
                    event,
                    form.cleaned_data["networks"],
                )
                programme.instance = event
                programme.save()
        except ValidationError as error:
            if submission:
                submission.failed()
            add_validation_errors(form, error)
        else:
            if submission:
                submission.created(event.get_absolute_url())
            messages.success(request, _("The event was saved."))
            return redirect(event)
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "programme": programme,
        "event": event if event.pk else None,
        "submission": submission.key if submission else "",
    }
    return render(request, "events/event_form.html", context, status=status)


# --- The event page and registration --------------------------------------------------------


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event, access = _event_for(request, slug)
    price, member = services.price_for(event, getattr(request.user, "organisation", None))
    context = {
        "event": event,
        "access": access,
        "registration": access.registration,
        "programme": event.programme.all(),
        "networks": event.networks.order_by("name"),
        "your_price": price,
        "your_member_price": member,
        "seats_left": services.seats_left(event),
        "registration_open": services.registration_open(event),
        "has_agenda": bool(access.is_participant and services.published_run(event)),
    }
    return render(request, "events/event_detail.html", context)


@login_required
@require_POST
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_for(request, slug)[0]
    try:
        registration = services.register(request.user, event)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if registration.is_confirmed:
            messages.success(request, _("You are registered for this event."))
        else:
            messages.warning(
                request,
                _("The event is full; you are on the waiting list and will be told by mail."),
            )
    return redirect(event)


@login_required
@require_POST
def cancel(request: HttpRequest, slug: str) -> HttpResponse:
    event, access = _event_for(request, slug)
    if access.registration is None:
        messages.error(request, _("You are not registered for this event."))
        return redirect(event)
    try:
        services.cancel(request.user, access.registration)  # type: ignore[arg-type]
    except ValidationError as error:  # e.g. cancelled from a second tab meanwhile
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your registration was cancelled."))
    return redirect(event)


# --- Organiser pages ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def participants(request: HttpRequest, slug: str) -> HttpResponse:
    event, access = _organiser_event(request, slug)
    if request.method == "POST":
        registration = get_object_or_404(
            Registration, event=event, pk=request.POST.get("registration") or 0
        )
        try:
            if request.POST.get("action") == "cancel":
                services.cancel(request.user, registration)  # type: ignore[arg-type]
                messages.success(request, _("The registration was cancelled."))
            else:
                services.check_in(
                    request.user,  # type: ignore[arg-type]
                    registration,
                    undo=request.POST.get("action") == "undo",
                )
                messages.success(
                    request,
                    _("%(name)s is checked in.") % {"name": registration.display_name}
                    if registration.checked_in_at
                    else _("Check-in of %(name)s undone.") % {"name": registration.display_name},
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("events:participants", slug=event.slug)
    export = request.GET.get("format")
    if export in ("csv", "xlsx"):
        header, rows = services.participant_rows(event)
        name = f"{event.slug}-teilnehmende.{export}"
        if export == "csv":
            response = HttpResponse(spreadsheets.to_csv(header, rows), content_type="text/csv")
        else:
            response = HttpResponse(
                spreadsheets.to_xlsx(header, rows, title=_("Participants")),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    registrations = event.registrations.select_related("user", "organisation").order_by(
        "created_at", "pk"
    )
    groups = [
        (status, [r for r in registrations if r.status == status]) for status in RegistrationStatus
    ]
    context = {
        "event": event,
        "access": access,
        "groups": groups,
        "confirmed": sum(1 for r in registrations if r.is_confirmed),
        "checked_in": sum(1 for r in registrations if r.checked_in_at),
    }
    return render(request, "events/participants.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def schedule_setup(request: HttpRequest, slug: str) -> HttpResponse:
    event, access = _organiser_event(request, slug)
    if not event.matchmaking:
        raise Http404(_("This event has no B2B matchmaking."))
    form = SlotSetupForm(_posted(request), event=event)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_up_slots(
                request.user,  # type: ignore[arg-type]
                event,
                start=data["start"],
                count=data["count"],
                minutes=data["minutes"],
                pause=data["pause"],
                tables=data["tables"],
                table_prefix=data["table_prefix"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("The slots and tables were saved."))
            return redirect("events:schedule", slug=event.slug)
    status = 400 if request.method == "POST" else 200
    context = {
        "event": event,
        "access": access,
        "form": form,
        "slots": event.slots.order_by("index"),
        "tables": event.tables.order_by("index"),
    }
    return render(request, "events/schedule_setup.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def schedule(request: HttpRequest, slug: str) -> HttpResponse:
    """Queue a scheduler run; shows the latest run, or that the worker is at it.

    The worker (``manage.py worker``) carries the run out; while it works this page
    reloads itself and then shows the result.
    """
    event, access = _organiser_event(request, slug)
    if not event.matchmaking:
        raise Http404(_("This event has no B2B matchmaking."))
    form = RunForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            new = services.request_schedule(
                request.user,  # type: ignore[arg-type]
                event,
                allow_moves=form.cleaned_data["allow_moves"],
                language=request.LANGUAGE_CODE,
            )[1]
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if new:
                messages.success(
                    request,
                    _("The scheduler is at work; this page shows the result when it is done."),
                )
            else:
                messages.info(request, _("The scheduler is already at work for this event."))
            return redirect("events:schedule", slug=event.slug)
    latest = services.latest_run(event)
    if request.method == "GET" and latest is not None and not services.unfinished_job(event):
        return redirect("events:schedule_run", slug=event.slug, pk=latest.pk)
    return render(request, "events/schedule.html", _schedule_context(event, access, form, None))


@login_required
@require_http_methods(["POST"])
def schedule_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    """Cancel the waiting or running scheduler job, e.g. when it takes too long."""
    event, _access = _organiser_event(request, slug)
    job = services.cancel_schedule(request.user, event)  # type: ignore[arg-type]
    if job is None:
        messages.info(request, _("No scheduler run was waiting; nothing was cancelled."))
    else:
        messages.success(
            request, _("The scheduler run was cancelled. You can start a new one now.")
        )
    return redirect("events:schedule", slug=event.slug)


def _schedule_context(
    event: Event, access: EventAccess, form: RunForm, run: ScheduleRun | None
) -> dict[str, Any]:
    slots = list(event.slots.order_by("index"))
    tables = list(event.tables.order_by("index"))
    grid: list[tuple[Any, list[Any]]] = []
    if run is not None:
        placed = {
            (m.slot_id, m.table_id): m
            for m in run.meetings.select_related(
                "request__requester__user",
                "request__requester__organisation",
                "request__recipient__user",
                "request__recipient__organisation",
            )
        }
        grid = [(slot, [placed.get((slot.pk, table.pk)) for table in tables]) for slot in slots]
    requests = services.schedulable_requests(event)
    return {
        "event": event,
        "access": access,
        "form": form,
        "run": run,
        "gap_percent": run.gap * 100 if run else None,
        "placed_count": run.meetings.count() if run else 0,
        "method_label": services.method_label(run.method) if run else "",
        "slots": slots,
        "tables": tables,
        "grid": grid,
        "unplaced": services.explain_unplaced(run) if run else [],
        "accepted": requests.count(),
        "pending": MeetingRequest.objects.filter(event=event, status=RequestStatus.PENDING).count(),
        "warning": services.capacity_warning(event) if slots and tables else "",
        "is_latest": run is not None and services.latest_run(event) == run,
        "published_run": services.published_run(event),
        "runs": event.schedule_runs.annotate(placed_count=Count("meetings")).order_by(
            "-created_at", "-pk"
        )[:10],
        "job": services.unfinished_job(event),
        "failed_job": services.failed_job(event),
        "refresh_seconds": JOB_REFRESH_SECONDS,
    }


@login_required
@require_http_methods(["GET", "POST"])
def schedule_run(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event, access = _organiser_event(request, slug)
    run = get_object_or_404(ScheduleRun, event=event, pk=pk)
    if request.method == "POST":
        try:
            told = services.publish(request.user, run)  # type: ignore[arg-type]
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The schedule is published; %(n)d participant(s) were told by mail.")
                % {"n": len(told)},
            )
        return redirect("events:schedule_run", slug=event.slug, pk=run.pk)
    return render(request, "events/schedule.html", _schedule_context(event, access, RunForm(), run))


# --- Participant pages ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def event_profile(request: HttpRequest, slug: str) -> HttpResponse:
    event, access, registration = _participant_event(request, slug)
    form = EventProfileForm(_posted(request), instance=registration)
    if request.method == "POST" and form.is_valid():
        services.update_profile(
            request.user,  # type: ignore[arg-type]
            registration,
            offers=form.cleaned_data["offers"],
            seeks=form.cleaned_data["seeks"],
        )
        messages.success(request, _("Your event profile was saved."))
        return redirect("events:matchmaking", slug=event.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "events/profile.html",
        {"event": event, "access": access, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def matchmaking(request: HttpRequest, slug: str) -> HttpResponse:
    """Whom to meet: suggestions, all other participants, and the request form."""
    event, access, registration = _participant_event(request, slug)
    form = MeetingRequestForm(_posted(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                sent = services.send_request(
                    request.user,  # type: ignore[arg-type]
                    event,
                    recipient_id=form.cleaned_data["recipient"],
                    message=form.cleaned_data["message"],
                    priority=form.cleaned_data["priority"],
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Your request was sent to %(name)s.") % {"name": sent.recipient.display_name},
                )
                return redirect("events:matchmaking", slug=event.slug)
    others = services.other_participants(registration)
    mine = MeetingRequest.objects.filter(
        Q(requester=registration) | Q(recipient=registration),
        event=event,
        status__in=OPEN_REQUEST_STATUSES,
    )
    asked = {r.other(registration).pk: r for r in mine.select_related("requester", "recipient")}
    found, note = services.suggestions(registration, request.user)  # type: ignore[arg-type]
    context = {
        "event": event,
        "access": access,
        "registration": registration,
        "others": [(other, asked.get(other.pk)) for other in others],
        "suggestions": found,
        "suggestion_note": note,
        "form": form,
        "failed_recipient": form.data.get("recipient") if request.method == "POST" else None,
    }
    return render(request, "events/matchmaking.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_requests(request: HttpRequest, slug: str) -> HttpResponse:
    event, access, registration = _participant_event(request, slug)
    if request.method == "POST":
        meeting_request = get_object_or_404(
            MeetingRequest.objects.select_related("recipient", "requester", "event"),
            event=event,
            recipient=registration,
            pk=request.POST.get("request") or 0,
        )
        action = request.POST.get("action")
        if action not in ("accept", "decline"):
            return HttpResponse(_("Unknown step."), status=400)
        try:
            services.respond(
                request.user,  # type: ignore[arg-type]
                meeting_request,
                accept=action == "accept",
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("You accepted the meeting.") if action == "accept" else _("You declined."),
            )
        return redirect("events:requests", slug=event.slug)
    related = (
        "requester__user",
        "requester__organisation",
        "recipient__user",
        "recipient__organisation",
    )
    context = {
        "event": event,
        "access": access,
        "incoming": registration.requests_received.select_related(*related).order_by("-created_at"),
        "outgoing": registration.requests_sent.select_related(*related).order_by("-created_at"),
    }
    return render(request, "events/requests.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def availability(request: HttpRequest, slug: str) -> HttpResponse:
    event, access, registration = _participant_event(request, slug)
    form = AvailabilityForm(
        _posted(request),
        event=event,
        initial={"unavailable": list(registration.unavailable_slots.values_list("pk", flat=True))},
    )
    if request.method == "POST" and form.is_valid():
        services.set_availability(
            request.user,  # type: ignore[arg-type]
            registration,
            [slot.pk for slot in form.cleaned_data["unavailable"]],
        )
        messages.success(request, _("Your availability was saved."))
        return redirect("events:availability", slug=event.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "events/availability.html",
        {"event": event, "access": access, "form": form, "has_slots": event.slots.exists()},
        status=status,
    )


@login_required
def agenda(request: HttpRequest, slug: str) -> HttpResponse:
    event, access, registration = _participant_event(request, slug)
    context = {
        "event": event,
        "access": access,
        "registration": registration,
        "items": services.agenda(registration),
        "cancelled": services.cancelled_meetings(registration),
        "published": services.published_run(event) is not None,
    }
    return render(request, "events/agenda.html", context)


@login_required
def agenda_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event, _access, registration = _participant_event(request, slug)
    content = exports.agenda_calendar(
        registration,
        services.agenda(registration),
        request.get_host(),
        cancelled=services.cancelled_meetings(registration),
    )
    return _ics_response(content, f"{event.slug}-agenda.ics")


@login_required
def agenda_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    event, _access, registration = _participant_event(request, slug)
    response = HttpResponse(
        exports.agenda_pdf(registration, services.agenda(registration)),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="{event.slug}-agenda.pdf"'
    return response
