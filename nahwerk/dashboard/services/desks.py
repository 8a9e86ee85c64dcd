"""A network manager's start page: one desk per network (inbox, silence, events, invitations)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nahwerk.accounts.models import Invitation
from nahwerk.accounts.permissions import manageable_invitations, managed_network_ids
from nahwerk.brokering import overview
from nahwerk.brokering.access import visible_needs
from nahwerk.brokering.models import Need, NeedStatus
from nahwerk.dashboard.services.common import SECTION_LIMIT, _unread_by_need
from nahwerk.directory.models import Organisation
from nahwerk.events import services as event_services
from nahwerk.events.access import organised_events
from nahwerk.events.choices import RegistrationStatus
from nahwerk.events.models import Event
from nahwerk.networks.choices import MembershipStatus
from nahwerk.networks.models import Membership, Network


class ScheduleState:
    """Where the B2B schedule of an event stands, and what the organiser does next."""

    SET_UP = "set_up"
    NO_REQUESTS = "no_requests"
    RUN = "run"
    RUNNING = "running"
    RERUN = "rerun"
    PUBLISH = "publish"
    PUBLISHED = "published"

    LABELS = {
        SET_UP: _("Time slots and tables not yet set up"),
        NO_REQUESTS: _("No accepted meeting requests yet"),
        RUN: _("Schedule not yet computed"),
        RUNNING: _("The schedule is being computed"),
        RERUN: _("Requests have changed since the last schedule: compute it again"),
        PUBLISH: _("Schedule computed, not yet published"),
        PUBLISHED: _("Schedule published"),
    }
    # states in which the organiser has something to do
    TO_DO = frozenset({SET_UP, RUN, RERUN, PUBLISH})


def schedule_state(event: Event) -> str:
    """The organiser's next step for a B2B event's schedule (a ``ScheduleState`` value)."""
    if not event.slots.exists() or not event.tables.exists():
        return ScheduleState.SET_UP
    if event_services.unfinished_job(event) is not None:
        return ScheduleState.RUNNING
    accepted = set(event_services.schedulable_requests(event).values_list("pk", flat=True))
    latest = event_services.latest_run(event)
    if latest is None:
        return ScheduleState.RUN if accepted else ScheduleState.NO_REQUESTS
    considered = set(latest.meetings.values_list("request_id", flat=True))
    considered |= {item["request"] for item in latest.unplaced if item.get("request")}
    if accepted != considered:
        return ScheduleState.RERUN
    if latest.published_at is None:
        return ScheduleState.PUBLISH
    return ScheduleState.PUBLISHED


@dataclass(frozen=True)
class EventStatus:
    """An upcoming event as its organiser sees it on the start page."""

    event: Event
    confirmed: int
    waitlisted: int
    schedule: str | None  # a ScheduleState value for B2B events, else None

    @property
    def schedule_label(self) -> str:
        return str(ScheduleState.LABELS[self.schedule]) if self.schedule else ""

    @property
    def schedule_to_do(self) -> bool:
        return self.schedule in ScheduleState.TO_DO

    @property
    def schedule_url_name(self) -> str:
        return (
            "events:schedule_setup" if self.schedule == ScheduleState.SET_UP else "events:schedule"
        )


@dataclass(frozen=True)
class NeedActivity:
    """A need with steps the user has not read yet (answers, messages)."""

    need: Need
    unread: int
    latest: dt.datetime


@dataclass(frozen=True)
class NetworkDesk:
    """What waits for the manager of one network."""

    network: Network
    inbox: list[Need]  # the newest first, at most SECTION_LIMIT
    inbox_count: int
    silent: list[Need]  # brokering.overview.silent_needs
    silent_days: int
    activity: list[NeedActivity]
    events: list[EventStatus]
    open_invitations: int
    expired_invitations: int
    applications: int

    @property
    def is_quiet(self) -> bool:
        """Nothing waits and nothing is coming up: with several networks, one line is enough."""
        return not (
            self.inbox_count
            or self.silent
            or self.activity
            or self.events
            or self.open_invitations
            or self.expired_invitations
            or self.applications
        )


def _home_network(event: Event, managed: set[int], order: list[int]) -> int:
    """The one managed network under which an event is listed: its organiser if managed."""
    if event.organiser_id in managed:
        return event.organiser_id
    co = {n.pk for n in event.networks.all()} & managed
    return next(pk for pk in order if pk in co)


def network_desks(*, user: Any, now: dt.datetime | None = None) -> list[NetworkDesk]:
    """A desk per network the user manages (every network for the site administrator)."""
    now = now or timezone.now()
    managed = managed_network_ids(user)
    if not managed:
        return []
    networks = list(Network.objects.filter(pk__in=managed).order_by(Lower("name"), "pk"))
    order = [n.pk for n in networks]
    needs = visible_needs(user)
    unread = _unread_by_need(user, needs.filter(network__in=managed))
    events_by_network: dict[int, list[EventStatus]] = defaultdict(list)
    upcoming = (
        organised_events(user)
        .filter(ends_at__gte=now)
        .select_related("organiser")
        .prefetch_related("networks")
        .annotate(
            confirmed=Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.CONFIRMED),
                distinct=True,
            ),
            waitlisted=Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.WAITLISTED),
                distinct=True,
            ),
        )
        .order_by("starts_at", "pk")
    )
    for event in upcoming:
        events_by_network[_home_network(event, managed, order)].append(
            EventStatus(
                event=event,
                confirmed=event.confirmed,
                waitlisted=event.waitlisted,
                schedule=schedule_state(event) if event.matchmaking else None,
            )
        )
    invitations = Invitation.objects.open().filter(pk__in=manageable_invitations(user).values("pk"))
    desks = []
    for network in networks:
        own = needs.filter(network=network)
        new = (
            own.filter(status=NeedStatus.NEW)
            .select_related("organisation")
            .order_by("-created_at", "-pk")
        )
        activity = [
            NeedActivity(need=need, unread=unread[need.pk][0], latest=unread[need.pk][1])
            for need in own.filter(pk__in=list(unread)).select_related("organisation")
        ]
        activity.sort(key=lambda item: item.latest, reverse=True)
        members = Organisation.objects.in_networks([network.pk]).values("pk")
        network_invitations = invitations.filter(
            Q(network=network) | Q(organisation__in=members)
        ).distinct()
        expired = network_invitations.filter(expires_at__lte=now).count()
        desks.append(
            NetworkDesk(
                network=network,
                inbox=list(new[:SECTION_LIMIT]),
                inbox_count=new.count(),
                silent=overview.silent_needs(own, now=now),
                silent_days=overview.SILENT_DAYS,
                activity=activity,
                events=events_by_network.get(network.pk, []),
                open_invitations=network_invitations.count() - expired,
                expired_invitations=expired,
                applications=Membership.objects.filter(
                    network=network, status=MembershipStatus.APPLIED
                ).count(),
            )
        )
    return desks
