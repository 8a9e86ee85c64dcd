"""Event workflows: registration and waiting list, meeting requests, the schedule, agendas.

Every function checks the actor's rights (``events.access``), writes its changes in one
transaction and sends its e-mails after the commit, so a failing mail server never loses
a registration or a published schedule. Pages call these functions; they write nothing
on their own.

- ``common``: the error type, the rights check, the mails
- ``registration``: saving events, registering, cancelling, the waiting list, check-in
- ``meeting_requests``: B2B meeting requests, answers, availability
- ``scheduling``: slots and tables, scheduler runs and their jobs
- ``agendas``: publishing the schedule, agendas, explanations, participant lists, whom to meet
"""

from __future__ import annotations

from nahwerk.events.services.agendas import (
    AgendaItem,
    Suggestion,
    UnplacedExplanation,
    agenda,
    cancelled_meetings,
    capacity_warning,
    explain_unplaced,
    method_label,
    other_participants,
    participant_label,
    participant_rows,
    publish,
    suggestions,
)
from nahwerk.events.services.common import (
    EventError,
    absolute,
    send_mails,
)
from nahwerk.events.services.meeting_requests import (
    respond,
    send_request,
    set_availability,
)
from nahwerk.events.services.registration import (
    cancel,
    check_in,
    confirmed_count,
    price_for,
    promote_waitlisted,
    register,
    registration_open,
    save_event,
    seats_left,
    unique_event_slug,
    update_profile,
)
from nahwerk.events.services.scheduling import (
    MAX_SLOTS,
    MAX_TABLES,
    ScheduleInput,
    build_instance,
    cancel_schedule,
    failed_job,
    latest_run,
    published_meetings,
    published_run,
    request_schedule,
    run_scheduler,
    schedulable_requests,
    set_up_slots,
    slot_times,
    taking_place,
    unfinished_job,
)

__all__ = [
    "MAX_SLOTS",
    "MAX_TABLES",
    "AgendaItem",
    "EventError",
    "ScheduleInput",
    "Suggestion",
    "UnplacedExplanation",
    "absolute",
    "agenda",
    "build_instance",
    "cancel",
    "cancel_schedule",
    "cancelled_meetings",
    "capacity_warning",
    "check_in",
    "confirmed_count",
    "explain_unplaced",
    "failed_job",
    "latest_run",
    "method_label",
    "other_participants",
    "participant_label",
    "participant_rows",
    "price_for",
    "promote_waitlisted",
    "publish",
    "published_meetings",
    "published_run",
    "register",
    "registration_open",
    "request_schedule",
    "respond",
    "run_scheduler",
    "save_event",
    "schedulable_requests",
    "seats_left",
    "send_mails",
    "send_request",
    "set_availability",
    "set_up_slots",
    "slot_times",
    "suggestions",
    "taking_place",
    "unfinished_job",
    "unique_event_slug",
    "update_profile",
]
