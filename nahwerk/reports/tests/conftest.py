"""A network built by hand for the key figures: every figure of Q1 2026 is known in advance.

The period is 1 January to 31 March 2026 (Europe/Berlin); "now" is 1 June 2026.

Members (kind; since → until, status):
  A sme         2020-05-01 →            active      in the period throughout
  B university  2026-02-10 →            active      joined in February
  C company     2019-01-01 → 2026-03-15 ended       left in March
  D sme         (no date)  →            active      in the period throughout
  E startup     2026-01-05 →            applied     not a member
  F institute   2026-04-02 →            active      after the period
  G company     2018-01-01 → (none)     ended       no longer counts
  => at start 3 (A C D), at end 3 (A B D), joined 1, left 1; months 3, 4, 3.

Needs: N1 Jan (routed, answered after 24 h, cooperation), N2 Feb (routed, answered after
6 h), N3 Mar (not routed), N5 31 March 23:30 (in), N4 31 Dec 2025 23:30 (out)
  => posted 4, routed 2, answered 2, cooperation 1, median 15 h; months 1, 1, 2.

Projects: P1 granted (submitted Jan 100,000, granted Mar 80,000), P2 submitted (Feb
50,000), P3 idea, P4 rejected (submitted Nov 2025, decided Feb), P5 running (granted Oct
2025) => submitted 2 / 150,000; granted 1 / 80,000; one of each of five statuses.

Events: E4 20 Jan (C confirmed, X waiting), E1 12 Feb (A, B, X confirmed; D cancelled),
E2 5 Mar unpublished, E3 10 Apr => held 2, participants 4, of members 3 (75 %).
B2B at E1: X→A declined (30 Jan), A→X accepted (1 Feb), B→X pending (2 Feb); the published
schedule places A→X => requested 3, accepted 1, held 1.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from nahwerk.accounts.tests.factories import UserFactory
from nahwerk.brokering.models import EventKind as NeedStep
from nahwerk.brokering.models import Need, NeedEvent, NeedStatus, Referral
from nahwerk.directory.choices import OrganisationKind
from nahwerk.directory.models import Organisation
from nahwerk.directory.tests.factories import OrganisationFactory
from nahwerk.events.choices import RegistrationStatus, RequestStatus
from nahwerk.events.models import (
    Event,
    Meeting,
    MeetingRequest,
    Registration,
    ScheduleRun,
    Slot,
    Table,
)
from nahwerk.events.tests.factories import EventFactory
from nahwerk.networks.choices import MembershipStatus
from nahwerk.networks.models import Membership, Network
from nahwerk.networks.tests.factories import NetworkFactory
from nahwerk.projects.choices import ProjectSource, ProjectStatus
from nahwerk.projects.models import Project
from nahwerk.reports.keyfigures import Period

PERIOD = Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31))


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


def NOW() -> dt.datetime:
    return at(2026, 6, 1)


@dataclass
class Scene:
    network: Network
    members: dict[str, Organisation]
    outsider: Organisation
    manager: Any


def _member(
    network: Network,
    name: str,
    kind: str,
    since: dt.date | None,
    until: dt.date | None = None,
    status: str = MembershipStatus.ACTIVE,
) -> Organisation:
    organisation = OrganisationFactory(name=f"KF {name}", slug=f"kf-{name.lower()}", kind=kind)
    Membership.objects.create(
        organisation=organisation, network=network, since=since, until=until, status=status
    )
    return organisation


def _need(
    network: Network, asker: Organisation, title: str, posted: dt.datetime, **kw: Any
) -> Need:
    need = Need.objects.create(
        organisation=asker, network=network, title=title, description=title, **kw
    )
    Need.objects.filter(pk=need.pk).update(created_at=posted)
    return need


def _route(need: Need, to: Organisation, when: dt.datetime) -> None:
    referral = Referral.objects.create(need=need, organisation=to)
    Referral.objects.filter(pk=referral.pk).update(routed_at=when)


def _register(event: Event, organisation: Organisation, status: str) -> Registration:
    return Registration.objects.create(
        event=event,
        user=UserFactory(),
        organisation=organisation,
        status=status,
        price_charged=Decimal("0"),
    )


def _request(
    event: Event, sender: Registration, to: Registration, status: str, when: dt.datetime
) -> MeetingRequest:
    request = MeetingRequest.objects.create(
        event=event, requester=sender, recipient=to, status=status
    )
    MeetingRequest.objects.filter(pk=request.pk).update(created_at=when)
    return request


def build_scene() -> Scene:
    network = NetworkFactory(name="Kennzahlen-Netzwerk", slug="kennzahlen")
    K = OrganisationKind
    members = {
        "A": _member(network, "A", K.SME, dt.date(2020, 5, 1)),
        "B": _member(network, "B", K.UNIVERSITY, dt.date(2026, 2, 10)),
        "C": _member(
            network,
            "C",
            K.COMPANY,
            dt.date(2019, 1, 1),
            dt.date(2026, 3, 15),
            MembershipStatus.ENDED,
        ),
        "D": _member(network, "D", K.SME, None),
        "E": _member(network, "E", K.STARTUP, dt.date(2026, 1, 5), status=MembershipStatus.APPLIED),
        "F": _member(network, "F", K.RESEARCH_INSTITUTE, dt.date(2026, 4, 2)),
        "G": _member(network, "G", K.COMPANY, dt.date(2018, 1, 1), None, MembershipStatus.ENDED),
    }
    outsider = OrganisationFactory(name="KF X", slug="kf-x", kind=K.COMPANY)
    manager = UserFactory(username="kf-manager", is_staff=True)
    manager.managed_networks.add(network)

    a, b = members["A"], members["B"]
    n1 = _need(
        network,
        a,
        "N1",
        at(2026, 1, 10, 10),
        status=NeedStatus.CLOSED,
        first_answer_at=at(2026, 1, 11, 12),
    )
    _route(n1, b, at(2026, 1, 10, 12))
    NeedEvent.objects.create(
        need=n1, kind=NeedStep.STATUS, actor_role="manager", status=NeedStatus.COOPERATION
    )
    n2 = _need(
        network,
        a,
        "N2",
        at(2026, 2, 5, 9),
        status=NeedStatus.IN_CONTACT,
        first_answer_at=at(2026, 2, 5, 16),
    )
    _route(n2, b, at(2026, 2, 5, 10))
    _need(network, a, "N3", at(2026, 3, 20), status=NeedStatus.NEW)
    _need(network, a, "N4", at(2025, 12, 31, 23, 30), status=NeedStatus.NEW)
    _need(network, a, "N5", at(2026, 3, 31, 23, 30), status=NeedStatus.NEW)

    S = ProjectStatus
    for title, status, submitted, requested, decided, granted in (
        ("P1", S.GRANTED, dt.date(2026, 1, 15), "100000", dt.date(2026, 3, 1), "80000"),
        ("P2", S.SUBMITTED, dt.date(2026, 2, 1), "50000", None, None),
        ("P3", S.IDEA, None, None, None, None),
        ("P4", S.REJECTED, dt.date(2025, 11, 1), "30000", dt.date(2026, 2, 1), None),
        ("P5", S.RUNNING, dt.date(2025, 6, 1), "250000", dt.date(2025, 10, 1), "200000"),
    ):
        project = Project.objects.create(
            source=ProjectSource.PLATFORM,
            title=title,
            status=status,
            submitted_on=submitted,
            requested_amount=Decimal(requested) if requested else None,
            decided_on=decided,
            granted_amount=Decimal(granted) if granted else None,
        )
        project.networks.add(network)

    def event(slug: str, day: dt.datetime, published: bool = True) -> Event:
        return EventFactory(
            organiser=network,
            slug=slug,
            starts_at=day,
            ends_at=day + dt.timedelta(hours=8),
            published=published,
            matchmaking=True,
        )

    e1 = event("kf-e1", at(2026, 2, 12, 9))
    event("kf-e2", at(2026, 3, 5, 9), published=False)
    e3 = event("kf-e3", at(2026, 4, 10, 9))
    e4 = event("kf-e4", at(2026, 1, 20, 9))
    _register(e4, members["C"], RegistrationStatus.CONFIRMED)
    _register(e4, outsider, RegistrationStatus.WAITLISTED)
    reg_a = _register(e1, a, RegistrationStatus.CONFIRMED)
    reg_b = _register(e1, b, RegistrationStatus.CONFIRMED)
    reg_x = _register(e1, outsider, RegistrationStatus.CONFIRMED)
    _register(e1, members["D"], RegistrationStatus.CANCELLED)
    _register(e3, a, RegistrationStatus.CONFIRMED)
    _request(e1, reg_x, reg_a, RequestStatus.DECLINED, at(2026, 1, 30))
    accepted = _request(e1, reg_a, reg_x, RequestStatus.ACCEPTED, at(2026, 2, 1))
    _request(e1, reg_b, reg_x, RequestStatus.PENDING, at(2026, 2, 2))
    run = ScheduleRun.objects.create(
        event=e1,
        method="test",
        value=1,
        upper_bound=1,
        gap=0.0,
        seconds=0.1,
        published_at=at(2026, 2, 10),
    )
    slot = Slot.objects.create(
        event=e1, index=1, starts_at=at(2026, 2, 12, 10), ends_at=at(2026, 2, 12, 10, 20)
    )
    table = Table.objects.create(event=e1, index=1, name="Tisch 1")
    Meeting.objects.create(
        run=run, event=e1, request=accepted, slot=slot, table=table, published=True
    )
    return Scene(network, members, outsider, manager)


@pytest.fixture
def scene(db: Any) -> Scene:
    return build_scene()
