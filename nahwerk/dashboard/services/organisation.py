"""The start page of a user of an organisation: its needs, the needs routed to it, its events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q

from nahwerk.accounts.permissions import managed_network_ids, member_network_ids
from nahwerk.brokering.access import OPEN, NeedAccess, visible_needs
from nahwerk.brokering.models import Need, NeedStatus, Referral
from nahwerk.brokering.services import asker_label
from nahwerk.dashboard.services.common import _unread_by_need
from nahwerk.events import services as event_services
from nahwerk.events.access import visible_events
from nahwerk.events.choices import RegistrationStatus, RequestStatus
from nahwerk.events.models import Event, MeetingRequest, Registration

# Needs still worth showing to their asker: open ones and started cooperations.
FOLLOWED = (*OPEN, NeedStatus.COOPERATION)


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
