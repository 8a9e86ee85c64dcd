"""An events world on top of the personas: a B2B matchmaking day of the North network.

alice manages North and organises the day; carla (Nord Keramik, a North member) and dana
(Nord Geheim, a North member) take part, so do emil (a company outside every network,
full price) and ina (a North research institute). sven works for a South company and
stays outside the event unless a test registers him. Mails are collected in ``mailoutbox``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from nahwerk.accounts.models import User
from nahwerk.accounts.tests.factories import UserFactory
from nahwerk.directory.models import Organisation
from nahwerk.directory.tests.factories import OrganisationFactory
from nahwerk.events import services
from nahwerk.events.choices import EventKind, RequestStatus
from nahwerk.events.models import Event, MeetingRequest, Registration
from nahwerk.events.tests.factories import EventFactory
from nahwerk.networks.tests.factories import MembershipFactory


@dataclass
class EventWorld:
    world: Any
    day: Event
    alice: User
    bob: User
    carla: User
    dana: User
    emil: User
    ina: User
    sven: User
    root: User
    outsider_org: Organisation
    institute: Organisation

    def register_all(self) -> dict[str, Registration]:
        return {
            name: services.register(getattr(self, name), self.day)
            for name in ("carla", "dana", "emil", "ina")
        }

    def accepted(self, requester: User, recipient: User, priority: int = 1) -> MeetingRequest:
        """A request from one participant to another, accepted."""
        to = Registration.objects.active().get(event=self.day, user=recipient)
        request = services.send_request(
            requester, self.day, recipient_id=to.pk, message="Gern!", priority=priority
        )
        services.respond(recipient, request, accept=True)
        request.refresh_from_db()
        assert request.status == RequestStatus.ACCEPTED
        return request

    def set_up(self, slots: int = 6, tables: int = 3) -> None:
        services.set_up_slots(
            self.alice,
            self.day,
            start=self.day.starts_at + dt.timedelta(hours=1),
            count=slots,
            minutes=20,
            pause=5,
            tables=tables,
        )

    def published_day(self) -> dict[str, Registration]:
        """Four registered participants; Carla's two accepted meetings scheduled and published."""
        regs = self.register_all()
        self.set_up(slots=6, tables=3)
        self.accepted(self.carla, self.dana, 3)
        self.accepted(self.carla, self.emil, 1)
        services.publish(self.alice, services.run_scheduler(self.alice, self.day))
        return regs


@pytest.fixture(autouse=True)
def _fast_scheduler(settings: Any) -> None:
    settings.EVENT_SCHEDULER_SECONDS = 5


@pytest.fixture
def events(world: Any) -> EventWorld:
    outsider = OrganisationFactory(name="Emils Werkzeugbau GmbH", slug="emil-werkzeugbau")
    institute = OrganisationFactory(
        name="Institut für Glas und Keramik", slug="igk", kind="research_institute"
    )
    MembershipFactory(organisation=institute, network=world.north)
    day = EventFactory(
        kind=EventKind.B2B_DAY,
        title="Kooperationsbörse Keramik",
        slug="kooperationsboerse-keramik",
        organiser=world.north,
        capacity=10,
    )
    return EventWorld(
        world=world,
        day=day,
        alice=world.alice,
        bob=world.bob,
        carla=world.carla,
        dana=UserFactory(
            username="dana", first_name="Dana", last_name="Dreher", organisation=world.north_private
        ),
        emil=UserFactory(
            username="emil", first_name="Emil", last_name="Egger", organisation=outsider
        ),
        ina=UserFactory(username="ina", first_name="Ina", last_name="Igel", organisation=institute),
        sven=UserFactory(username="sven", organisation=world.south_public),
        root=world.root,
        outsider_org=outsider,
        institute=institute,
    )
