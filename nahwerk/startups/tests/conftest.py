"""A start-up of North, two funds and their users, on top of the shared two-network world."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from nahwerk.accounts.models import User
from nahwerk.directory.models import Organisation
from nahwerk.directory.tests.factories import OrganisationFactory
from nahwerk.networks.tests.factories import MembershipFactory
from nahwerk.reference.models import District
from nahwerk.startups.choices import InvestorKind, Release, Seeking, Stage
from nahwerk.startups.models import InvestorProfile, StartupProfile


@dataclass
class Founding:
    world: Any
    startup_org: Organisation
    profile: StartupProfile
    fund: InvestorProfile
    growth_fund: InvestorProfile
    stella: User  # works for the start-up
    ivo: User  # works for the seed fund's company


PITCH = (
    "Wir drucken technische Keramik im 3D-Druck: Brennerdüsen und Filterkörper mit "
    "innenliegenden Kanälen für Hochtemperaturanwendungen, ohne Werkzeug."
)


@pytest.fixture
def founding(world: Any) -> Founding:
    from nahwerk.accounts.tests.factories import UserFactory

    startup_org = OrganisationFactory(
        name="KeraLayer Westerwald UG", slug="keralayer", kind="startup", postcode="56203"
    )
    startup_org.district = District.objects.get(ags="07143")
    startup_org.save()
    startup_org.industry_codes.add("23.44")
    MembershipFactory(organisation=startup_org, network=world.north)
    profile = StartupProfile.objects.create(
        organisation=startup_org,
        founded_on=dt.date(2023, 4, 1),
        stage=Stage.SEED,
        team_size=5,
        seeking=[Seeking.CAPITAL, Seeking.PILOT_PARTNERS],
        pitch=PITCH,
        pitch_release=Release.PUBLIC,
        figures="Umsatz 2025: 180.000 Euro, drei Pilotkunden",
        figures_release=Release.NOBODY,
        team="Zwei Werkstoffingenieurinnen und ein Verfahrenstechniker",
        team_release=Release.MEMBERS,
        capital_sought=400_000,
        capital_sought_release=Release.INVESTORS,
    )
    investor_org = OrganisationFactory(
        name="Beteiligungsgesellschaft Rhein GmbH", slug="beteiligung-rhein", postcode="57610"
    )
    fund = InvestorProfile.objects.create(
        organisation=investor_org,
        name="Keramik-Seedfonds Westerwald",
        kind=InvestorKind.FUND,
        focus="Wir beteiligen uns an jungen Unternehmen der technischen Keramik, des "
        "3D-Drucks und der Werkstofftechnik im Westerwald.",
        stages=[Stage.PRE_SEED, Stage.SEED],
        ticket_min=100_000,
        ticket_max=1_000_000,
    )
    fund.districts.add("07143")
    fund.industry_codes.add("23")
    growth_fund = InvestorProfile.objects.create(
        organisation=investor_org,
        name="Wachstumsfonds Rhein",
        kind=InvestorKind.FUND,
        focus="Wachstumskapital für Industrieunternehmen.",
        stages=[Stage.GROWTH],
        ticket_min=2_000_000,
        ticket_max=10_000_000,
    )
    return Founding(
        world=world,
        startup_org=startup_org,
        profile=profile,
        fund=fund,
        growth_fund=growth_fund,
        stella=UserFactory(username="stella", organisation=startup_org),
        ivo=UserFactory(username="ivo", organisation=investor_org),
    )
