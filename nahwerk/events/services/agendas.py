"""Publishing the schedule, agendas, explanations of unplaced requests, whom to meet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from nahwerk.accounts.models import User
from nahwerk.events.access import can_organise
from nahwerk.events.choices import (
    RegistrationStatus,
)
from nahwerk.events.models import (
    Event,
    Meeting,
    MeetingRequest,
    Registration,
    ScheduleRun,
)
from nahwerk.events.services.common import (
    EventError,
    _mail_after_commit,
    _require,
    _subject,
    absolute,
)
from nahwerk.events.services.scheduling import (
    latest_run,
    published_meetings,
    schedulable_requests,
    taking_place,
)
from nahwerk_engine.scheduling import (
    UnplacedReason,
)

# --- Publishing -------------------------------------------------------------------------------


def _agendas(meetings: Iterable[Meeting]) -> dict[int, set[tuple[int, int, int]]]:
    """Registration id -> its meetings as (request, slot number, table number)."""
    agendas: dict[int, set[tuple[int, int, int]]] = {}
    for m in meetings:
        key = (m.request_id, m.slot.index, m.table.index)
        for registration_id in (m.request.requester_id, m.request.recipient_id):
            agendas.setdefault(registration_id, set()).add(key)
    return agendas


def publish(user: User, run: ScheduleRun) -> list[Registration]:
    """Publish a run; mails the participants whose agenda is new or changed.

    Returns the registrations that were told.
    """
    event = run.event
    _require(can_organise(user, event))
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if latest_run(event) != run:
            raise EventError(
                _("A newer scheduler run exists; publish that one instead."), code="stale"
            )
        if run.published_at is not None:
            raise EventError(_("This schedule is already published."), code="published")
        first = not published_meetings(event).exists()
        related = ("request", "slot", "table")
        # only meetings that take place count: whoever lost one to a cancellation was
        # told then, and is not mailed again unless their agenda changes otherwise
        before = _agendas(taking_place(published_meetings(event)).select_related(*related))
        after = _agendas(taking_place(run.meetings.all()).select_related(*related))
        Meeting.objects.filter(event=event, published=True).update(published=False)
        run.meetings.update(published=True)
        run.published_at = timezone.now()
        run.save(update_fields=["published_at"])
        changed = sorted(
            r for r in before.keys() | after.keys() if before.get(r, set()) != after.get(r, set())
        )
        registrations = list(
            Registration.objects.filter(pk__in=changed, status=RegistrationStatus.CONFIRMED)
            .select_related("user")
            .order_by("pk")
        )
        mails = []
        for registration in registrations:
            subject = _subject(
                gettext_noop("Your meetings at %(title)s")
                if first
                else gettext_noop("Your meetings at %(title)s have changed"),
                title=event.title,
            )
            mails.append(
                (
                    registration.user,
                    subject,
                    "events/mail/agenda.txt",
                    {
                        "event": event,
                        "changed": not first,
                        "items": agenda(registration),
                        "url": absolute(reverse("events:agenda", kwargs={"slug": event.slug})),
                    },
                )
            )
        _mail_after_commit(mails)
    return registrations


# --- Agendas and explanations ---------------------------------------------------------------


@dataclass(frozen=True)
class AgendaItem:
    meeting: Meeting
    other: Registration

    @property
    def starts_at(self) -> dt.datetime:
        return self.meeting.slot.starts_at

    @property
    def ends_at(self) -> dt.datetime:
        return self.meeting.slot.ends_at


def _published_for(registration: Registration) -> QuerySet[Meeting]:
    return (
        published_meetings(registration.event)
        .filter(Q(request__requester=registration) | Q(request__recipient=registration))
        .select_related(
            "slot",
            "table",
            "request__requester__user",
            "request__requester__organisation",
            "request__recipient__user",
            "request__recipient__organisation",
        )
        .order_by("slot__index")
    )


def agenda(registration: Registration) -> list[AgendaItem]:
    """The registration's published meetings that still take place, in time order."""
    meetings = taking_place(_published_for(registration))
    return [AgendaItem(meeting=m, other=m.request.other(registration)) for m in meetings]


def cancelled_meetings(registration: Registration) -> list[AgendaItem]:
    """The registration's published meetings that no longer take place, in time order.

    Declined after all, or withdrawn because the other participant's registration was
    cancelled; shown beside the agenda until a newly published schedule replaces them,
    so the participant sees why a slot came free.
    """
    live = taking_place(_published_for(registration)).values("pk")
    meetings = _published_for(registration).exclude(pk__in=live)
    return [AgendaItem(meeting=m, other=m.request.other(registration)) for m in meetings]


def participant_label(registration: Registration) -> str:
    return f"{registration.display_name} ({registration.organisation.name})"


@dataclass(frozen=True)
class UnplacedExplanation:
    request: MeetingRequest | None
    reason: str
    message: str


def explain_unplaced(run: ScheduleRun) -> list[UnplacedExplanation]:
    """What could not be placed and why, naming both participants."""
    ids = [entry["request"] for entry in run.unplaced]
    requests = MeetingRequest.objects.select_related(
        "requester__user", "requester__organisation", "recipient__user", "recipient__organisation"
    ).in_bulk(ids)
    places = run.slot_count * run.table_count
    unavailable: dict[int, int] = {}
    for registration_id in {p for r in requests.values() for p in (r.requester_id, r.recipient_id)}:
        unavailable[registration_id] = Registration.unavailable_slots.through.objects.filter(
            registration_id=registration_id
        ).count()
    explanations = []
    for entry in run.unplaced:
        request = requests.get(entry["request"])
        if request is None:
            explanations.append(
                UnplacedExplanation(None, entry["reason"], _("A request that no longer exists."))
            )
            continue
        names = {
            "a": participant_label(request.requester),
            "b": participant_label(request.recipient),
        }
        reason = entry["reason"]
        if reason == UnplacedReason.PARTICIPANT_UNAVAILABLE:
            absent = [
                participant_label(r)
                for r in (request.requester, request.recipient)
                if unavailable.get(r.pk, 0) >= run.slot_count
            ]
            text = _(
                "The meeting of %(a)s and %(b)s could not be placed: %(who)s cannot attend "
                "any of the slots."
            ) % {**names, "who": " / ".join(absent) or _("one of them")}
        elif reason == UnplacedReason.NO_COMMON_SLOT:
            text = (
                _(
                    "The meeting of %(a)s and %(b)s could not be placed: there is no slot "
                    "that both of them can attend."
                )
                % names
            )
        elif reason == UnplacedReason.PARTICIPANT_FULL:
            text = (
                _(
                    "The meeting of %(a)s and %(b)s could not be placed: in every slot both "
                    "can attend, one of them already has another meeting."
                )
                % names
            )
        elif reason == UnplacedReason.CAPACITY:
            text = _(
                "The meeting of %(a)s and %(b)s could not be placed: all tables are taken "
                "in the slots both can attend. %(requests)d accepted meetings compete for "
                "%(places)d places (%(slots)d slots × %(tables)d tables); add slots or "  # noqa: RUF001
                "tables to place it."
            ) % {
                **names,
                "requests": run.requests,
                "places": places,
                "slots": run.slot_count,
                "tables": run.table_count,
            }
        elif reason == UnplacedReason.PUBLISHED_CONFLICT:
            text = (
                _(
                    "The published meeting of %(a)s and %(b)s can no longer stay at its place "
                    "and moving published meetings was not allowed; run the scheduler again "
                    "with “allow moves” to place it elsewhere."
                )
                % names
            )
        else:
            text = _("The meeting of %(a)s and %(b)s could not be placed (%(detail)s).") % {
                **names,
                "detail": entry.get("detail", reason),
            }
        explanations.append(UnplacedExplanation(request, reason, text))
    return explanations


def method_label(method: str) -> str:
    """The scheduler's method (a code of nahwerk_engine.scheduling) in words."""
    labels = {
        "cp-sat": _("CP-SAT constraint solver (OR-Tools)"),
        "greedy": _("step-by-step placement (greedy)"),
        "greedy-fallback": _(
            "step-by-step placement (greedy); the solver found nothing better in time"
        ),
    }
    return str(labels.get(method, method))


def capacity_warning(event: Event) -> str:
    """A warning before running when more meetings are accepted than there are places."""
    accepted = schedulable_requests(event).count()
    slots, tables = event.slots.count(), event.tables.count()
    places = slots * tables
    if accepted <= places:
        return ""
    return _(
        "%(accepted)d meetings are accepted but there are only %(places)d places "
        "(%(slots)d slots × %(tables)d tables): at least %(missing)d cannot be placed."  # noqa: RUF001
    ) % {
        "accepted": accepted,
        "places": places,
        "slots": slots,
        "tables": tables,
        "missing": accepted - places,
    }


# --- Participant lists ----------------------------------------------------------------------


def participant_rows(event: Event) -> tuple[list[str], list[list[object]]]:
    """The organiser's participant list for export (names and e-mails: organisers only)."""
    header = [
        _("Name"),
        _("E-mail"),
        _("Organisation"),
        _("Status"),
        _("Price (EUR)"),
        _("Member price"),
        _("Registered"),
        _("Checked in"),
    ]
    rows: list[list[object]] = []
    for r in event.registrations.select_related("user", "organisation").order_by(
        "status", "created_at"
    ):
        rows.append(
            [
                r.display_name,
                r.user.email,
                r.organisation.name,
                str(RegistrationStatus(r.status).label),
                r.price_charged,
                _("yes") if r.member_price_applied else _("no"),
                timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
                timezone.localtime(r.checked_in_at).strftime("%Y-%m-%d %H:%M")
                if r.checked_in_at
                else "",
            ]
        )
    return header, rows


def other_participants(registration: Registration) -> Sequence[Registration]:
    return list(
        registration.event.registrations.confirmed()
        .exclude(pk=registration.pk)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__last_name", "user__username")
    )


# --- Whom to meet ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """Another participant's organisation that fits what the participant is looking for."""

    match: Any  # matching.services.PartnerMatch
    registrations: list[Registration]
    passages: tuple[str, ...] = ()  # only those of profile texts the viewer may read

    @property
    def fit_label(self) -> str:
        from nahwerk.matching.explanations import fit_label

        return fit_label(self.match.fit)


def suggestions(
    registration: Registration, user: User, *, limit: int = 8
) -> tuple[list[Suggestion], str]:
    """The other participants ranked by the matching engine; a note when it cannot say."""
    from nahwerk.accounts.permissions import Viewer
    from nahwerk.matching.explanations import FieldGate
    from nahwerk.matching.services import MatchingError, PartnerFilters, find_partners

    by_organisation: dict[int, list[Registration]] = {}
    for other in other_participants(registration):
        if other.organisation_id != registration.organisation_id:
            by_organisation.setdefault(other.organisation_id, []).append(other)
    if not by_organisation:
        return [], _("No other organisation is registered yet.")
    text = registration.seeks.strip()
    if not text:
        return [], _(
            "Write in your event profile what you are looking for, and the matching "
            "suggests whom to meet."
        )
    try:
        matches = find_partners(
            text,
            filters=PartnerFilters(organisation_ids=frozenset(by_organisation)),
            user=user,
            asker=registration.organisation,
            nearness=0.0,
            limit=limit,
        )
    except MatchingError as error:
        return [], str(error)
    viewer = Viewer(user)
    found = []
    for m in matches:
        gate = FieldGate(viewer, m.organisation)
        passages = tuple(p.passage for p in m.explanation.passages if gate.sees(p.field))
        found.append(Suggestion(m, by_organisation[m.organisation.pk], passages))
    return found, ""
