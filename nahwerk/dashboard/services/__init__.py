"""What needs each user now: the queries behind the personal start page ("Meine Übersicht").

A network manager (and the site administrator, over all networks) gets a desk per
network: new needs waiting for triage, needs without an answer, new answers and
messages, upcoming events with their registrations and B2B schedule, open invitations
and membership applications. A user of an organisation gets its needs and their answers,
the needs routed to it, the meeting requests waiting for an answer and its events.

Everything is read through the access rules (``accounts.permissions``,
``brokering.access``, ``events.access``), so the page never shows a need, a thread or
an organisation that the user may not see; an anonymous asker stays unnamed.

- ``common``: the length of a section, unread answers and messages per need
- ``desks``: a network manager's desk per network, the state of a B2B schedule
- ``organisation``: an organisation's needs, the needs routed to it, meeting requests, events
- ``page``: the whole page
"""

from __future__ import annotations

from nahwerk.dashboard.services.common import ACTIVITY_KINDS, SECTION_LIMIT
from nahwerk.dashboard.services.desks import (
    EventStatus,
    NeedActivity,
    NetworkDesk,
    ScheduleState,
    network_desks,
    schedule_state,
)
from nahwerk.dashboard.services.organisation import (
    FOLLOWED,
    EventEntry,
    OwnNeed,
    RoutedNeed,
    network_events,
    own_needs,
    pending_meeting_requests,
    registered_events,
    routed_needs,
)
from nahwerk.dashboard.services.page import SCIENCE_KINDS, StartPage, build_start_page

__all__ = [
    "ACTIVITY_KINDS",
    "FOLLOWED",
    "SCIENCE_KINDS",
    "SECTION_LIMIT",
    "EventEntry",
    "EventStatus",
    "NeedActivity",
    "NetworkDesk",
    "OwnNeed",
    "RoutedNeed",
    "ScheduleState",
    "StartPage",
    "build_start_page",
    "network_desks",
    "network_events",
    "own_needs",
    "pending_meeting_requests",
    "registered_events",
    "routed_needs",
    "schedule_state",
]
