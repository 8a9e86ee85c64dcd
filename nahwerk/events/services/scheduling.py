"""Slots and tables, the scheduler runs and their jobs."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from nahwerk.accounts.models import User
from nahwerk.events.access import can_organise
from nahwerk.events.choices import (
    RegistrationStatus,
    RequestStatus,
)
from nahwerk.events.models import (
    Event,
    Meeting,
    MeetingRequest,
    Registration,
    ScheduleJob,
    ScheduleRun,
    Slot,
    Table,
)
from nahwerk.events.services.common import EventError, _require
from nahwerk.validators import reject_markup
from nahwerk_engine.scheduling import (
    Instance,
    Request,
    Schedule,
    check,
    greedy,
    solve,
)

logger = logging.getLogger(__name__)

# solves without holding the event before the one that holds it (see run_scheduler)
_SOLVE_ATTEMPTS = 3

MAX_SLOTS = 60
MAX_TABLES = 200


# --- Slots and tables -----------------------------------------------------------------------


def slot_times(
    start: dt.datetime, count: int, minutes: int, pause: int
) -> list[tuple[dt.datetime, dt.datetime]]:
    step = dt.timedelta(minutes=minutes + pause)
    length = dt.timedelta(minutes=minutes)
    return [(start + i * step, start + i * step + length) for i in range(count)]


def published_meetings(event: Event) -> QuerySet[Meeting]:
    return Meeting.objects.filter(event=event, published=True)


def taking_place(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """The meetings whose request still stands: accepted, both participants confirmed.

    A placed meeting drops out when it is declined or withdrawn by a cancellation; the
    schedule run keeps its row as the record of what was proposed or published.
    """
    return meetings.filter(
        request__status=RequestStatus.ACCEPTED,
        request__requester__status=RegistrationStatus.CONFIRMED,
        request__recipient__status=RegistrationStatus.CONFIRMED,
    )


def set_up_slots(
    user: User,
    event: Event,
    *,
    start: dt.datetime,
    count: int,
    minutes: int,
    pause: int = 0,
    tables: int,
    table_prefix: str = "",
) -> None:
    """Create the event's slots and tables (renumbering kept ones in place).

    Once a schedule is published its slots stay as they are and tables can only be added,
    so that nobody's published meeting changes its time or place behind their back.
    """
    _require(can_organise(user, event))
    if not event.matchmaking:
        raise EventError(_("This event has no B2B matchmaking."), code="no_matchmaking")
    if not 1 <= count <= MAX_SLOTS:
        raise EventError({"count": _("Choose between 1 and %(n)d slots.") % {"n": MAX_SLOTS}})
    if not 1 <= tables <= MAX_TABLES:
        raise EventError({"tables": _("Choose between 1 and %(n)d tables.") % {"n": MAX_TABLES}})
    if not 5 <= minutes <= 240 or not 0 <= pause <= 240:
        raise EventError({"minutes": _("A slot lasts 5 to 240 minutes, a pause 0 to 240.")})
    times = slot_times(start, count, minutes, pause)
    prefix = table_prefix.strip() or _("Table")
    reject_markup(prefix)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        existing_slots = list(event.slots.order_by("index"))
        existing_tables = list(event.tables.order_by("index"))
        if published_meetings(event).exists():
            same = [(s.starts_at, s.ends_at) for s in existing_slots] == times
            if not same or tables < len(existing_tables):
                raise EventError(
                    _(
                        "The schedule is already published: the slots can no longer be "
                        "changed and tables can only be added."
                    ),
                    code="published",
                )
        else:
            event.schedule_runs.all().delete()  # proposals for the old set-up are void
        for index, (begins, ends) in enumerate(times):
            Slot.objects.update_or_create(
                event=event, index=index, defaults={"starts_at": begins, "ends_at": ends}
            )
        event.slots.filter(index__gte=count).delete()
        for index in range(tables):
            table = next((t for t in existing_tables if t.index == index), None)
            if table is None:
                Table.objects.create(event=event, index=index, name=f"{prefix} {index + 1}"[:60])
        event.tables.filter(index__gte=tables).delete()


# --- The scheduler --------------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleInput:
    """An engine instance and how its indices map back to the database."""

    instance: Instance
    slots: list[Slot]
    tables: list[Table]
    requests: dict[int, MeetingRequest]


def schedulable_requests(event: Event) -> QuerySet[MeetingRequest]:
    """Accepted requests between two confirmed participants."""
    return MeetingRequest.objects.filter(
        event=event,
        status=RequestStatus.ACCEPTED,
        requester__status=RegistrationStatus.CONFIRMED,
        recipient__status=RegistrationStatus.CONFIRMED,
    ).select_related(
        "requester__user", "recipient__user", "requester__organisation", "recipient__organisation"
    )


def build_instance(event: Event, *, allow_moves: bool = False) -> ScheduleInput:
    slots = list(event.slots.order_by("index"))
    tables = list(event.tables.order_by("index"))
    slot_pos = {slot.pk: i for i, slot in enumerate(slots)}
    table_pos = {table.pk: i for i, table in enumerate(tables)}
    requests = {r.pk: r for r in schedulable_requests(event).order_by("pk")}
    participants = {p for r in requests.values() for p in (r.requester_id, r.recipient_id)}
    unavailable: dict[int, set[int]] = {}
    through = Registration.unavailable_slots.through.objects.filter(
        registration_id__in=participants
    ).values_list("registration_id", "slot_id")
    for registration_id, slot_id in through:
        if slot_id in slot_pos:
            unavailable.setdefault(registration_id, set()).add(slot_pos[slot_id])
    published = {
        m.request_id: (slot_pos[m.slot_id], table_pos[m.table_id])
        for m in published_meetings(event).filter(request__in=list(requests))
        if m.slot_id in slot_pos and m.table_id in table_pos
    }
    instance = Instance(
        slots=len(slots),
        tables=len(tables),
        requests=tuple(
            Request(id=r.pk, a=r.requester_id, b=r.recipient_id, priority=r.priority)
            for r in requests.values()
        ),
        unavailable={p: frozenset(s) for p, s in unavailable.items()},
        published=published,
        allow_moves=allow_moves,
    )
    return ScheduleInput(instance=instance, slots=slots, tables=tables, requests=requests)


def _solve(instance: Instance, time_limit: float) -> Schedule:
    """The exact solver within the time limit; the greedy heuristic if it fails."""
    try:
        schedule = solve(instance, time_limit=time_limit, workers=2, seed=0)
        problems = check(instance, schedule)
        if not problems:
            return schedule
        logger.error("The solver's schedule breaks the rules: %s", "; ".join(problems))
    except Exception:
        logger.exception("The solver failed; falling back to the greedy schedule")
    schedule = greedy(instance)
    problems = check(instance, schedule)
    if problems:
        raise EventError(
            _("The scheduler could not produce a valid schedule: %(problems)s")
            % {"problems": "; ".join(problems)}
        )
    return schedule


class JobFinished(Exception):
    """The job was cancelled or carried out meanwhile; its run must not be stored."""


def run_scheduler(
    user: User,
    event: Event,
    *,
    allow_moves: bool = False,
    time_limit: float | None = None,
    job: ScheduleJob | None = None,
) -> ScheduleRun:
    """Place the accepted requests at slots and tables and store the run as a proposal.

    Takes up to ``EVENT_SCHEDULER_SECONDS``: pages queue a :func:`request_schedule`
    instead, and the worker calls this through ``events.tasks.run_schedule_job``. The
    solver works without holding the event; the run is stored only if its input (requests,
    availability, slots, tables, published meetings) is still the same under the lock,
    else it solves again, the last of ``_SOLVE_ATTEMPTS`` times under the lock.

    With ``job``, the run is stored and the job marked done in one transaction, and only
    while the job is unfinished (else :class:`JobFinished`): a job handed out twice, or
    cancelled while the solver worked, never leaves a second run.
    """
    _check_schedulable(user, event)
    seconds = float(time_limit or settings.EVENT_SCHEDULER_SECONDS)
    for attempt in range(_SOLVE_ATTEMPTS):
        last = attempt == _SOLVE_ATTEMPTS - 1
        if not last:
            # solve without holding the event (nor a transaction): registrations and
            # requests go on meanwhile
            data = build_instance(event, allow_moves=allow_moves)
            schedule = _solve(data.instance, seconds)
        with transaction.atomic():
            locked = Event.objects.select_for_update().get(pk=event.pk)
            current = build_instance(locked, allow_moves=allow_moves)
            if last:  # the input kept changing: solve under the lock, which nothing overtakes
                data, schedule = current, _solve(current.instance, seconds)
            elif _fingerprint(current) != _fingerprint(data):
                continue  # the input changed while the solver worked: solve again
            if job is not None:
                claimed = ScheduleJob.objects.select_for_update().filter(
                    pk=job.pk, finished_at__isnull=True
                )
                if not claimed.exists():
                    raise JobFinished
            run = _store_run(locked, user, data, schedule, allow_moves=allow_moves)
            if job is not None:
                ScheduleJob.objects.filter(pk=job.pk).update(
                    finished_at=timezone.now(), run=run, error=""
                )
            return run
    raise AssertionError("unreachable: the last attempt always stores its run")


def _fingerprint(data: ScheduleInput) -> tuple[Any, ...]:
    """What a schedule depends on: the engine instance and the rows behind its indices."""
    return (
        data.instance,
        [s.pk for s in data.slots],
        [(s.starts_at, s.ends_at) for s in data.slots],
        [t.pk for t in data.tables],
    )


def _store_run(
    event: Event, user: User, data: ScheduleInput, schedule: Schedule, *, allow_moves: bool
) -> ScheduleRun:
    """Write a run and its meetings; call inside the transaction that holds the event."""
    run = ScheduleRun.objects.create(
        event=event,
        created_by=user,
        method=schedule.method[:40],
        value=schedule.value,
        upper_bound=schedule.upper_bound,
        gap=schedule.gap,
        idle_gaps=schedule.idle_gaps,
        seconds=round(schedule.seconds, 3),
        optimal=schedule.optimal,
        allow_moves=allow_moves,
        moved=getattr(schedule, "moved", 0),
        requests=len(data.requests),
        slot_count=len(data.slots),
        table_count=len(data.tables),
        unplaced=[
            {"request": u.request_id, "reason": str(u.reason), "detail": u.detail}
            for u in schedule.unplaced
        ],
    )
    Meeting.objects.bulk_create(
        [
            Meeting(
                run=run,
                event=event,
                request=data.requests[a.request_id],
                slot=data.slots[a.slot],
                table=data.tables[a.table],
            )
            for a in schedule.assignments
        ]
    )
    return run


def _check_schedulable(user: User, event: Event) -> None:
    _require(can_organise(user, event))
    if not event.matchmaking:
        raise EventError(_("This event has no B2B matchmaking."), code="no_matchmaking")
    if not event.slots.exists() or not event.tables.exists():
        raise EventError(
            _("Set up the slots and tables before running the scheduler."), code="setup"
        )


def request_schedule(
    user: User, event: Event, *, allow_moves: bool = False, language: str = ""
) -> tuple[ScheduleJob, bool]:
    """Queue a scheduler run for the worker; returns the job and whether it is new.

    The same checks as :func:`run_scheduler` refuse at once what could not run. While a
    job of the event is unfinished, asking again returns that job (one run at a time).
    The job and its task are written in one transaction: neither exists without the other.
    """
    from nahwerk.events.tasks import run_schedule_job
    from nahwerk.jobs.queue import enqueue

    _check_schedulable(user, event)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        waiting = unfinished_job(event)
        if waiting is not None:
            return waiting, False
        job = ScheduleJob.objects.create(
            event=event,
            requested_by=user,
            allow_moves=allow_moves,
            language=language or translation.get_language() or "",
        )
        enqueue(run_schedule_job, job.pk, name="schedule-event")
    return job, True


def cancel_schedule(user: User, event: Event) -> ScheduleJob | None:
    """Cancel the event's waiting or running scheduler job; returns it (None: there was none).

    Possible at any time, also when its worker died: the organiser can then run the
    scheduler again at once. A run the solver finishes after the cancellation is not stored.
    """
    _require(can_organise(user, event))
    with transaction.atomic():
        job = ScheduleJob.objects.select_for_update().unfinished().filter(event=event).first()
        if job is None:
            return None
        job.finished_at = timezone.now()
        job.cancelled = True
        job.save(update_fields=["finished_at", "cancelled"])
    return job


def unfinished_job(event: Event) -> ScheduleJob | None:
    return ScheduleJob.objects.unfinished().filter(event=event).first()


def failed_job(event: Event) -> ScheduleJob | None:
    """The latest finished job if it failed and no run came after it."""
    job = (
        ScheduleJob.objects.filter(event=event, finished_at__isnull=False)
        .order_by("-finished_at", "-pk")
        .first()
    )
    if job is None or not job.error or job.finished_at is None:
        return None
    latest = latest_run(event)
    return job if latest is None or latest.created_at < job.finished_at else None


def carry_out(job_id: int) -> str:
    """Carry out a queued scheduler job (the worker's part); says what became of it.

    Safe to call twice for the same job: a finished or cancelled job is left alone. A job
    that fails records why and changes nothing else: the run is written in one transaction
    with the job's end, so a failure (or a killed worker) leaves no half schedule.
    """
    started = ScheduleJob.objects.filter(pk=job_id, finished_at__isnull=True).update(
        started_at=timezone.now()
    )
    job = ScheduleJob.objects.select_related("event", "requested_by").filter(pk=job_id).first()
    if not started or job is None:
        return "finished or cancelled before"
    error = ""
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            if job.requested_by is None:
                raise PermissionDenied
            run_scheduler(job.requested_by, job.event, allow_moves=job.allow_moves, job=job)
        except JobFinished:
            return "finished or cancelled meanwhile"
        except PermissionDenied:
            error = _("The person who asked for this run may no longer organise the event.")
        except ValidationError as problem:
            error = " ".join(problem.messages)
        except Exception:
            logger.exception("Scheduler job %s failed", job.pk)
            error = _(
                "The scheduler failed; nothing was changed. The administrators find the "
                "details in the log."
            )
    if not error:
        return "done"
    ScheduleJob.objects.filter(pk=job.pk, finished_at__isnull=True).update(
        finished_at=timezone.now(), error=error
    )
    return "failed"


def latest_run(event: Event) -> ScheduleRun | None:
    return event.schedule_runs.order_by("-created_at", "-pk").first()


def published_run(event: Event) -> ScheduleRun | None:
    return (
        event.schedule_runs.filter(published_at__isnull=False)
        .order_by("-published_at", "-pk")
        .first()
    )
