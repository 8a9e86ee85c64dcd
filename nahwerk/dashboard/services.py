"""What needs each user now: the queries behind the personal start page ("Meine Übersicht").

A network manager (and the site administrator, over all networks) gets a desk per
network: new needs waiting for triage, needs without an answer, new answers and
messages, upcoming events with their registrations and B2B schedule, open invitations
and membership applications. A user of an organisation gets its needs and their answers,
the needs routed to it, the meeting requests waiting for an answer and its events.

Everything is read through the access rules (``accounts.permissions``,
``brokering.access``, ``events.access``), so the page never shows a need, a thread or
an organisation that the user may not see; an anonymous asker stays unnamed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nahwerk.accounts.models import Invitation
from nahwerk.accounts.permissions import (
    Viewer,
    is_site_admin,
    manageable_invitations,
    managed_network_ids,
    member_network_ids,
)
from nahwerk.brokering import overview
from nahwerk.brokering.access import OPEN, NeedAccess, visible_needs
from nahwerk.brokering.models import EventKind, Need, NeedStatus, Notification, Referral
from nahwerk.brokering.services import asker_label, networks_for_posting
from nahwerk.directory.choices import OrganisationKind
from nahwerk.directory.models import Organisation
from nahwerk.directory.services import may_edit_profile
from nahwerk.events import services as event_services
from nahwerk.events.access import organised_events, visible_events
from nahwerk.events.choices import RegistrationStatus, RequestStatus
from nahwerk.events.models import Event, MeetingRequest, Registration
from nahwerk.networks.choices import MembershipStatus
from nahwerk.networks.models import Membership, Network

__all__ = [
    "NetworkDesk",
    "ScheduleState",
    "StartPage",
    "build_start_page",
    "network_desks",
    "schedule_state",
]

# How many rows a section lists before it links to the full page.
SECTION_LIMIT = 5
# Organisations that research: needs are routed to them, so their page starts there.
SCIENCE_KINDS = frozenset({OrganisationKind.RESEARCH_INSTITUTE, OrganisationKind.UNIVERSITY})
# Steps of a need that a manager or asker wants to read when they are new.
ACTIVITY_KINDS = (EventKind.ANSWERED, EventKind.MESSAGE, EventKind.REVEALED)
# Needs still worth showing to their asker: open ones and started cooperations.
FOLLOWED = (*OPEN, NeedStatus.COOPERATION)


# --- Manager: one desk per network -----------------------------------------------------------


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


def _unread_by_need(user: Any, needs: QuerySet[Need]) -> dict[int, tuple[int, dt.datetime]]:
    """Need id -> (unread answers and messages, when the latest came) for this user."""
    rows = (
        Notification.objects.filter(
            user=user.pk,
            read_at__isnull=True,
            event__kind__in=ACTIVITY_KINDS,
            event__need__in=needs.values("pk"),
        )
        .values_list("event__need")
        .annotate(n=Count("pk"), latest=Max("created_at"))
    )
    return {need_id: (n, latest) for need_id, n, latest in rows}


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


# --- A user of an organisation ---------------------------------------------------------------


@dataclass(frozen=True)
class OwnNeed:
    """One of the organisation's needs, with the answers and messages it got."""

    need: Need
    routed: int
    answered: int
    interested: int
    messages: int
    unread: int


@dataclass(frozen=True)
class RoutedNeed:
    """A need routed to the user's organisation, named as the user may know its asker."""

    referral: Referral
    need: Need
    asker: str
    messages: int
    last_message_at: dt.datetime | None
    unread: int

    @property
    def waits_for_answer(self) -> bool:
        return self.referral.response == "pending" and self.need.status in OPEN


@dataclass(frozen=True)
class EventEntry:
    """An upcoming event the user is registered for, with its B2B state for them."""

    registration: Registration
    event: Event
    pending_requests: int  # requests waiting for this user's answer
    meetings: int  # meetings on the published agenda

    @property
    def waitlisted(self) -> bool:
        return self.registration.status == RegistrationStatus.WAITLISTED


def own_needs(*, user: Any, organisation_id: int) -> list[OwnNeed]:
    """The organisation's needs that are still followed (open or cooperating), newest first."""
    needs = visible_needs(user).filter(organisation=organisation_id, status__in=FOLLOWED)
    unread = _unread_by_need(user, needs)
    rows = (
        needs.select_related("network")
        .annotate(
            routed=Count("referrals", distinct=True),
            answered=Count("referrals", filter=~Q(referrals__response="pending"), distinct=True),
            interested=Count(
                "referrals", filter=Q(referrals__response="interested"), distinct=True
            ),
            message_count=Count("referrals__messages", distinct=True),
        )
        .order_by("-created_at", "-pk")
    )
    return [
        OwnNeed(
            need=need,
            routed=need.routed,
            answered=need.answered,
            interested=need.interested,
            messages=need.message_count,
            unread=unread.get(need.pk, (0, None))[0],
        )
        for need in rows
    ]


def routed_needs(*, user: Any, organisation_id: int) -> list[RoutedNeed]:
    """Needs routed to the organisation that are still followed; waiting ones first."""
    needs = visible_needs(user).filter(status__in=FOLLOWED)
    referrals = (
        Referral.objects.filter(organisation=organisation_id, need__in=needs.values("pk"))
        .select_related("need__organisation", "need__network", "organisation")
        .annotate(message_count=Count("messages"), last_message_at=Max("messages__created_at"))
        .order_by("-routed_at", "-pk")
    )
    unread = _unread_by_need(user, needs)
    managed = managed_network_ids(user)
    rows = []
    for referral in referrals:
        need = referral.need
        access = NeedAccess.of(need, user, managed=managed, with_referral=False)
        rows.append(
            RoutedNeed(
                referral=referral,
                need=need,
                asker=asker_label(need, access),
                messages=referral.message_count,
                last_message_at=referral.last_message_at,
                unread=unread.get(need.pk, (0, None))[0],
            )
        )
    rows.sort(key=lambda row: not row.waits_for_answer)  # stable: newest first within
    return rows


def pending_meeting_requests(*, user: Any, now: dt.datetime) -> list[MeetingRequest]:
    """Meeting requests at upcoming events that wait for this user's answer."""
    return list(
        MeetingRequest.objects.filter(
            recipient__user=user.pk,
            recipient__status=RegistrationStatus.CONFIRMED,
            requester__status=RegistrationStatus.CONFIRMED,
            status=RequestStatus.PENDING,
            event__ends_at__gte=now,
            event__in=visible_events(user).values("pk"),
        )
        .select_related("event", "requester__user", "requester__organisation")
        .order_by("event__starts_at", "-priority", "created_at")
    )


def registered_events(*, user: Any, now: dt.datetime) -> list[EventEntry]:
    """Upcoming events the user is registered for (or waiting for a seat), soonest first."""
    registrations = (
        Registration.objects.active()
        .filter(user=user.pk, event__ends_at__gte=now, event__in=visible_events(user).values("pk"))
        .select_related("event__organiser", "organisation", "user")
        .annotate(
            pending=Count(
                "requests_received",
                filter=Q(requests_received__status=RequestStatus.PENDING),
                distinct=True,
            )
        )
        .order_by("event__starts_at", "pk")
    )
    return [
        EventEntry(
            registration=registration,
            event=registration.event,
            pending_requests=registration.pending if registration.is_confirmed else 0,
            meetings=len(event_services.agenda(registration))
            if registration.event.matchmaking and registration.is_confirmed
            else 0,
        )
        for registration in registrations
    ]


def network_events(*, user: Any, now: dt.datetime, exclude: set[int]) -> list[Event]:
    """Published upcoming events of the user's networks that the user is not registered for."""
    networks = member_network_ids(user)
    if not networks:
        return []
    return list(
        visible_events(user)
        .filter(published=True, ends_at__gte=now)
        .filter(Q(organiser__in=networks) | Q(networks__in=networks))
        .exclude(pk__in=exclude)
        .select_related("organiser")
        .distinct()
        .order_by("starts_at", "pk")[:3]
    )


# --- The whole page --------------------------------------------------------------------------


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
    page.meeting_requests = pending_meeting_requests(user=user, now=now)
    page.registrations = registered_events(user=user, now=now)
    page.more_events = network_events(
        user=user, now=now, exclude={entry.event.pk for entry in page.registrations}
    )
    return page
