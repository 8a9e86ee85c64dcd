"""Organisations around one need, shared by the matching tests."""

from __future__ import annotations

from typing import Any

import pytest

from nahwerk.directory.choices import Visibility
from nahwerk.directory.tests.factories import OrganisationFactory

NEED = "Wir suchen einen Partner für keramische Hochtemperaturfilter"


@pytest.fixture
def orgs() -> dict[str, Any]:
    institute = OrganisationFactory(
        name="Institut für Hochtemperaturwerkstoffe",
        kind="research_institute",
        postcode="57610",  # Altenkirchen, two districts from Höhr-Grenzhausen
        description="We develop ceramic filters for hot-gas cleaning and porous ceramics.",
    )
    studio = OrganisationFactory(
        name="Glatt & Schön Studio",
        kind="sme",
        postcode="56203",
        description="Laser hair removal studio; partner for high temperature wax treatments.",
    )
    plastics = OrganisationFactory(
        name="Spritzguss Westerwald GmbH",
        kind="sme",
        postcode="56410",
        description="Kunststoffspritzguss und Werkzeugbau für die Automobilindustrie.",
    )
    hidden = OrganisationFactory(
        name="Verdeckte Keramik GmbH",
        kind="sme",
        postcode="56203",
        visibility=Visibility.MANAGERS,
        description="Keramische Filter für Hochtemperaturanwendungen, Heißgasfiltration.",
    )
    return {"institute": institute, "studio": studio, "plastics": plastics, "hidden": hidden}
