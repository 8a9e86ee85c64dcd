"""The whole start page of one user, whatever roles they hold."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from nahwerk.accounts.permissions import Viewer, is_site_admin
from nahwerk.brokering.services import networks_for_posting
from nahwerk.dashboard.services.desks import NetworkDesk, network_desks
from nahwerk.dashboard.services.organisation import (
    EventEntry,
    OwnNeed,
    RoutedNeed,
    network_events,
    own_needs,
    pending_meeting_requests,
    registered_events,
    routed_needs,
)
from nahwerk.directory.choices import OrganisationKind
from nahwerk.directory.models import Organisation
from nahwerk.directory.services import may_edit_profile
from nahwerk.events.models import Event, MeetingRequest
from nahwerk.talent.services import new_applications

# Organisations that research: needs are routed to them, so their page starts there.
SCIENCE_KINDS = frozenset({OrganisationKind.RESEARCH_INSTITUTE, OrganisationKind.UNIVERSITY})


@dataclass
class StartPage:
    """Everything the personal start page shows to one user."""

    is_admin: bool = False
    desks: list[NetworkDesk] = field(default_factory=list)
    organisation: Organisation | None = None
    is_science: bool = False
    own: list[OwnNeed] = field(default_factory=list)
    routed: list[RoutedNeed] = field(default_factory=list)
    meeting_requests: list[MeetingRequest] = field(default_factory=list)
    registrations: list[EventEntry] = field(default_factory=list)
    more_events: list[Event] = field(default_factory=list)
    can_post: bool = False
    can_edit_profile: bool = False
    # the talent exchange: applications to the organisation's postings not yet looked at
    new_application_count: int = 0
    new_applications: list[Any] = field(default_factory=list)

    @property
    def is_manager(self) -> bool:
        return bool(self.desks)

    @property
    def busy_desks(self) -> list[NetworkDesk]:
        """The desks shown in full: all of a single network, else those with something on."""
        if len(self.desks) == 1:
            return self.desks
        return [desk for desk in self.desks if not desk.is_quiet]

    @property
    def quiet_desks(self) -> list[NetworkDesk]:
        if len(self.desks) == 1:
            return []
        return [desk for desk in self.desks if desk.is_quiet]

    @property
    def waiting(self) -> list[RoutedNeed]:
        """Routed needs that wait for the organisation's answer."""
        return [row for row in self.routed if row.waits_for_answer]

    @property
    def conversations(self) -> list[RoutedNeed]:
        """Routed needs the organisation has answered: its threads with the askers."""
        return [row for row in self.routed if not row.waits_for_answer]

    @property
    def shows_routed(self) -> bool:
        """Institutes always see the needs routed to them, others once there are any."""
        return self.is_science or bool(self.routed)


def build_start_page(*, user: Any, now: dt.datetime | None = None) -> StartPage:
    """The start page of a logged-in user, whatever roles they hold."""
    now = now or timezone.now()
    page = StartPage(is_admin=is_site_admin(user))
    page.desks = network_desks(user=user, now=now)
    organisation_id = user.organisation_id
    if organisation_id:
        organisation = Organisation.objects.get(pk=organisation_id)
        page.organisation = organisation
        page.is_science = organisation.kind in SCIENCE_KINDS
        page.own = own_needs(user=user, organisation_id=organisation_id)
        page.routed = routed_needs(user=user, organisation_id=organisation_id)
        page.can_post = bool(networks_for_posting(user))
        page.can_edit_profile = may_edit_profile(Viewer(user), organisation)
        page.new_application_count, page.new_applications = new_applications(organisation_id)
    page.meeting_requests = pending_meeting_requests(user=user, now=now)
    page.registrations = registered_events(user=user, now=now)
    page.more_events = network_events(
        user=user, now=now, exclude={entry.event.pk for entry in page.registrations}
    )
    return page
