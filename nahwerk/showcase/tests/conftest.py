"""A North network whose members show every kind of visibility on the competence map."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from nahwerk.directory.choices import OrganisationKind, Visibility
from nahwerk.directory.models import Organisation
from nahwerk.directory.tests.factories import OrganisationFactory
from nahwerk.networks.tests.factories import MembershipFactory
from nahwerk.reference.models import IndustryCode

# texts that must never leave the platform's members: each test looks for them everywhere
SECRETS = ("Geheimes Brennverfahren", "Interne Röntgenanlage", "Nur für Mitglieder: Rabatt")


@dataclass
class Scene:
    world: Any
    ceramics: Organisation  # public, every text public
    metal: Organisation  # public, equipment and offers for members only
    institute: Organisation  # public research institute in another district
    hidden: Organisation  # visible to members only: never on the map


@pytest.fixture
def scene(world: Any) -> Scene:
    north = world.north
    world.north_public.competences = "Technische Keramik, Hochtemperaturfilter aus Siliziumkarbid"
    world.north_public.save()
    world.north_public.industry_codes.add(IndustryCode.objects.get(code="23.44"))
    metal = OrganisationFactory(
        name="Westerwald Metallbau GmbH",
        slug="westerwald-metallbau",
        postcode="56410",
        competences="Laserschneiden und Schweißen von Edelstahl",
        equipment=SECRETS[1],
        equipment_visibility=Visibility.MEMBERS,
        offers=SECRETS[2],
        offers_visibility=Visibility.MANAGERS,
    )
    metal.industry_codes.add(IndustryCode.objects.get(code="25.62"))
    institute = OrganisationFactory(
        name="Institut für Werkstoffprüfung",
        slug="institut-werkstoffpruefung",
        kind=OrganisationKind.RESEARCH_INSTITUTE,
        postcode="57610",
        competences="Werkstoffprüfung, Computertomographie von Bauteilen",
        equipment="Rasterelektronenmikroskop",
    )
    world.north_private.competences = SECRETS[0]
    world.north_private.save()
    for org in (metal, institute):
        MembershipFactory(organisation=org, network=north)
    return Scene(world, world.north_public, metal, institute, world.north_private)


def assert_nothing_hidden(text: str, scene: Scene) -> None:
    for secret in SECRETS:
        assert secret not in text
    for org in (scene.hidden, scene.world.south_public, scene.world.south_private):
        assert org.name not in text
        assert org.slug not in text
