"""The API keeps organisations known only from EU project history out unless asked for them."""

from __future__ import annotations

from typing import Any

import pytest

from nahwerk.directory.tests.factories import CordisOrganisationFactory, OrganisationFactory
from nahwerk.matching import services as matching_services
from nahwerk.networks.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

NEED = "Wir suchen einen Partner für keramische Hochtemperaturfilter"


@pytest.fixture
def cordis(world: Any) -> Any:
    member = OrganisationFactory(
        name="Filterwerk Westerwald GmbH",
        description="Keramische Hochtemperaturfilter und Filterkerzen für die Heißgasreinigung.",
    )
    MembershipFactory(organisation=member, network=world.north)
    org = CordisOrganisationFactory(
        name="HEISSGAS FILTER AG",
        description="Keramische Hochtemperaturfilter für Heißgas, Filterkerzen aus Keramik.",
    )
    matching_services.rebuild_index()
    return org


def names(rows: list[dict[str, Any]]) -> list[str]:
    return [row["name"] for row in rows]


def test_the_organisation_list_leaves_the_history_out(api: Any, cordis: Any) -> None:
    for who in ("anonymous", "carla", "root"):
        listed = names(api(who).get("/api/organisations/").json()["results"])
        assert "HEISSGAS FILTER AG" not in listed, who
        assert "Nord Keramik GmbH" in listed


def test_the_organisation_list_includes_it_on_request(api: Any, cordis: Any) -> None:
    rows = api("anonymous").get("/api/organisations/", {"include_history": "true"}).json()
    by_name = {row["name"]: row for row in rows["results"]}
    assert by_name["HEISSGAS FILTER AG"]["is_history_only"] is True
    assert by_name["Nord Keramik GmbH"]["is_history_only"] is False


def test_its_record_stays_reachable(api: Any, cordis: Any) -> None:
    response = api("anonymous").get(f"/api/organisations/{cordis.pk}/")
    assert response.status_code == 200
    assert response.json()["is_history_only"] is True


def test_the_partner_search_finds_it_only_on_request(api: Any, cordis: Any) -> None:
    default = api("anonymous").get("/api/partners/", {"q": NEED}).json()
    assert "HEISSGAS FILTER AG" not in [m["organisation"]["name"] for m in default]
    assert all(m["from_history"] is False for m in default)
    asked = api("anonymous").get("/api/partners/", {"q": NEED, "include_history": "true"}).json()
    flags = {m["organisation"]["name"]: m["from_history"] for m in asked}
    assert flags["HEISSGAS FILTER AG"] is True
    assert flags["Filterwerk Westerwald GmbH"] is False
    declined = api("anonymous").get("/api/partners/", {"q": NEED, "include_history": "false"})
    assert "HEISSGAS FILTER AG" not in [m["organisation"]["name"] for m in declined.json()]


def test_the_schema_documents_the_parameters(api: Any) -> None:
    schema = api("anonymous").get("/api/schema/", {"format": "json"}).json()
    search = schema["paths"]["/api/partners/"]["get"]["parameters"]
    assert "include_history" in [p["name"] for p in search]
    listing = schema["paths"]["/api/organisations/"]["get"]["parameters"]
    assert "include_history" in [p["name"] for p in listing]
