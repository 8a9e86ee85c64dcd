"""Organisations and a call around one consortium, shared by the builder's tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from nahwerk.directory.tests.factories import CordisOrganisationFactory, OrganisationFactory
from nahwerk.funding.choices import FundingLevel
from nahwerk.funding.models import Call, Programme
from nahwerk.matching import services
from nahwerk.networks.tests.factories import MembershipFactory

SENSORS = "Sensoren zur Zustandsüberwachung von Industrieöfen"
FILTERS = "Keramische Filter für die Heißgasfiltration"


def make_setting(world: Any) -> dict[str, Any]:
    """Nord Keramik leads; a sensor member nearby, a French and an Italian EU partner, a call."""
    lead = world.north_public
    lead.description = "Wir fertigen technische Keramik für Industrieöfen."
    lead.save()
    sensor = OrganisationFactory(
        name="Nord Sensorik GmbH",
        postcode="56410",
        description="Sensoren zur Zustandsüberwachung von Industrieöfen und drahtlose Sensornetze.",
    )
    MembershipFactory(organisation=sensor, network=world.north)
    french = CordisOrganisationFactory(
        name="CAPTEURS INDUSTRIELS SA",
        country="FR",
        description="Sensors for condition monitoring of industrial furnaces; wireless sensor networks.",
    )
    italian = CordisOrganisationFactory(
        name="UNIVERSITA DELLA CERAMICA",
        country="IT",
        description="Ceramic membranes and porous ceramic filters for hot gas filtration.",
    )
    world.south_public.description = "Blechbearbeitung, Laserschneiden und Schweißen."
    world.south_public.save()
    programme = Programme.objects.create(
        name="Horizon Europe",
        funder="European Commission",
        level=FundingLevel.EU,
        source_url="https://ec.europa.eu/",
        checked_on=date(2026, 11, 1),
    )
    call = Call.objects.create(
        programme=programme,
        topic_id="HORIZON-CL4-2027-01-99",
        title="Hot gas filtration with monitored ceramic filters",
        description=(
            "Ceramic filters for hot gas cleaning in industrial furnaces. "
            "Sensors that monitor filter clogging in real time."
        ),
        action_type="RIA",
        deadline=date(2027, 3, 1),
        min_partners=3,
        min_countries=3,
        source_url="https://ec.europa.eu/",
        checked_on=date(2026, 11, 1),
    )
    services.rebuild_index()
    return {"lead": lead, "sensor": sensor, "french": french, "italian": italian, "call": call}
