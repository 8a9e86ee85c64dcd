"""Who may see and do what with an event: organisers, participants and the public.

Organisers are the managers of the organising network or of one of the event's networks,
and site administrators. Participants are users with a confirmed registration; only they
(and the organisers) learn the names of the other participants, the lawful basis being
their own registration for the same event.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from nahwerk.accounts.permissions import is_site_admin, managed_network_ids
from nahwerk.events.models import Event, Registration


def event_network_ids(event: Event) -> set[int]:
    return {event.organiser_id, *event.networks.values_list("pk", flat=True)}


def can_organise(user: Any, event: Event) -> bool:
    if is_site_admin(user):
        return True
    managed = managed_network_ids(user)
    return bool(managed and event_network_ids(event) & managed)


def organised_events(user: Any) -> QuerySet[Event]:
    if is_site_admin(user):
        return Event.objects.all()
    managed = managed_network_ids(user)
    if not managed:
        return Event.objects.none()
    return Event.objects.filter(Q(organiser__in=managed) | Q(networks__in=managed)).distinct()


def visible_events(user: Any) -> QuerySet[Event]:
    """Published events for everyone, unpublished ones for their organisers."""
    if is_site_admin(user):
        return Event.objects.all()
    managed = managed_network_ids(user)
    condition = Q(published=True)
    if managed:
        condition |= Q(organiser__in=managed) | Q(networks__in=managed)
    return Event.objects.filter(condition).distinct()


def own_registration(user: Any, event: Event) -> Registration | None:
    """The user's active (confirmed or waitlisted) registration for the event."""
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.active()
        .filter(event=event, user=user)
        .select_related("organisation", "user")
        .first()
    )


@dataclass
class EventAccess:
    """One user's rights on one event, read once per request."""

    event: Event
    user: Any
    is_organiser: bool
    registration: Registration | None

    @classmethod
    def of(cls, event: Event, user: Any) -> EventAccess:
        return cls(
            event=event,
            user=user,
            is_organiser=can_organise(user, event),
            registration=own_registration(user, event),
        )

    @property
    def is_participant(self) -> bool:
        """A confirmed participant: may see the other participants and request meetings."""
        return self.registration is not None and self.registration.is_confirmed

    @property
    def can_matchmake(self) -> bool:
        return self.event.matchmaking and self.is_participant

    @property
    def sees_participant_names(self) -> bool:
        return self.is_organiser or self.is_participant
