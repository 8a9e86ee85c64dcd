"""A brokering world on top of the personas: institutes to route to, and their users.

North (managed by alice): carla's company Nord Keramik asks; two ceramics institutes
(ina's and otto's) and an unrelated company are members. South (managed by bob) has its
own institute, and sven works for a South company: an outsider to North's needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from nahwerk.accounts.models import User
from nahwerk.accounts.tests.factories import UserFactory
from nahwerk.brokering import services
from nahwerk.brokering.models import Need, Posting
from nahwerk.directory.models import Organisation
from nahwerk.directory.tests.factories import OrganisationFactory
from nahwerk.matching import services as matching_services
from nahwerk.networks.tests.factories import MembershipFactory

NEED_TITLE = "Keramische Hochtemperaturfilter gesucht"
NEED_TEXT = (
    "Wir suchen einen Partner für keramische Hochtemperaturfilter zur Heißgasreinigung "
    "in unserer Brennofenanlage."
)


@dataclass
class Brokering:
    world: Any
    institute: Organisation
    second_institute: Organisation
    bakery: Organisation
    south_institute: Organisation
    ina: User
    otto: User
    sven: User
    alice: User
    bob: User
    carla: User
    root: User

    def post(self, posting: str = Posting.ANONYMOUS, **changes: Any) -> Need:
        data = services.NeedInput(
            title=changes.pop("title", NEED_TITLE),
            description=changes.pop("description", NEED_TEXT),
            posting=posting,
            **changes,
        )
        return services.post_need(self.carla, self.world.north.pk, data)

    def routed(self, posting: str = Posting.ANONYMOUS) -> Need:
        need = self.post(posting)
        services.accept_need(self.alice, need)
        services.route_need(self.alice, need, [self.institute.pk, self.second_institute.pk])
        need.refresh_from_db()
        return need


@pytest.fixture
def brokering(world: Any, matching_index: Path) -> Brokering:
    institute = OrganisationFactory(
        name="Institut für Hochtemperaturkeramik",
        slug="ihk",
        kind="research_institute",
        postcode="56203",
        description="Wir entwickeln keramische Filter für die Heißgasreinigung.",
    )
    second = OrganisationFactory(
        name="Forschungszentrum Technische Keramik",
        slug="ftk",
        kind="research_institute",
        postcode="56410",
        description="Ceramic filters for hot-gas cleaning and porous ceramics for kilns.",
    )
    bakery = OrganisationFactory(
        name="Bäckerei Westerwald",
        slug="baeckerei",
        kind="sme",
        postcode="56410",
        description="Brot und Brötchen aus dem Steinofen.",
    )
    south_institute = OrganisationFactory(
        name="Süd Institut für Filtertechnik",
        slug="sued-filter",
        kind="research_institute",
        postcode="57610",
        description="Keramische Hochtemperaturfilter und Heißgasfiltration.",
    )
    for org in (institute, second, bakery):
        MembershipFactory(organisation=org, network=world.north)
    MembershipFactory(organisation=south_institute, network=world.south)
    world.north_public.description = "Wir brennen technische Keramik."
    world.north_public.save()
    matching_services.rebuild_index()
    return Brokering(
        world=world,
        institute=institute,
        second_institute=second,
        bakery=bakery,
        south_institute=south_institute,
        ina=UserFactory(username="ina", organisation=institute, first_name="Ina"),
        otto=UserFactory(username="otto", organisation=second),
        sven=UserFactory(username="sven", organisation=world.south_public),
        alice=world.alice,
        bob=world.bob,
        carla=world.carla,
        root=world.root,
    )
