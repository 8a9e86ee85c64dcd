"""Every map: a region with a label, the ground, what it fits to and a legend in words."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.checks import run_checks
from django.test import override_settings

from nahwerk.directory.tests.factories import OrganisationFactory
from nahwerk.events.tests.factories import EventFactory
from nahwerk.matching import services as matching_services

pytestmark = pytest.mark.django_db

NEED = "Wir suchen einen Partner für keramische Hochtemperaturfilter"


def map_tag(page: str, map_id: str) -> str:
    found = re.search(rf'<div class="[^"]*" id="{map_id}" role="region"[^>]*>', page)
    assert found is not None, f"no map #{map_id} with role=region"
    return found.group(0)


def attribute(tag: str, name: str) -> str:
    found = re.search(rf'{name}="([^"]*)"', tag)
    assert found is not None, f"{name} missing in {tag}"
    return html.unescape(found.group(1))


def legend(page: str, map_id: str) -> list[str]:
    found = re.search(
        rf'<details class="map-legend" id="{map_id}-legend"[^>]*>(.*?)</details>', page, re.S
    )
    assert found is not None, f"no legend for #{map_id}"
    items = re.findall(r"<li>(.*?)</li>", found.group(1), re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", item)).split()) for item in items]


def get(client: Any, url: str, language: str = "de") -> str:
    if language == "en":
        client.cookies["django_language"] = "en"
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_start_page_map_fits_the_regions_and_names_each_networks_colour(world, client) -> None:
    page = get(client, "/")
    tag = map_tag(page, "map")
    assert attribute(tag, "aria-label") == "Karte der Kreise der Netzwerke"
    assert attribute(tag, "data-ground-url") == "/karte/grund.json"
    assert attribute(tag, "data-fit") == "region"
    assert attribute(tag, "data-geojson-url") == "/karte/netzwerke.geojson"
    assert attribute(tag, "data-attribution") == "© GeoBasis-DE / BKG 2021"
    assert attribute(tag, "data-ground-attribution") == "© GeoNames"
    assert legend(page, "map") == ["Netzwerk Nord", "Netzwerk Süd", "Landesgrenze", "Kreisgrenze"]
    # the legend's colours are the map's colours
    colours = {
        f["properties"]["network"]: f["properties"]["color"]
        for f in client.get("/karte/netzwerke.geojson").json()["features"]
    }
    for name, colour in colours.items():
        assert re.search(rf'stroke="{colour}"[^>]*/></svg> {name}</li>', page)


def test_start_page_legend_in_english(world, client) -> None:
    page = get(client, "/", "en")
    assert legend(page, "map") == [
        "Netzwerk Nord",
        "Netzwerk Süd",
        "State border",
        "District border",
    ]
    assert "<summary>Legend</summary>" in page


def test_network_map_fits_its_districts_and_explains_its_markers(world, client) -> None:
    page = get(client, "/netzwerke/nord/")
    tag = map_tag(page, "map")
    assert attribute(tag, "data-fit") == "region"
    assert attribute(tag, "data-geojson-url") == "/netzwerke/nord/karte.geojson"
    assert legend(page, "map") == [
        "Kreise des Netzwerks",
        "Mitglied",
        "Landesgrenze",
        "Kreisgrenze",
    ]
    assert legend(get(client, "/netzwerke/nord/", "en"), "map")[:2] == [
        "Districts of the network",
        "Member",
    ]


def test_network_legend_names_fictitious_members_only_where_there_are_some(world, client) -> None:
    world.north_public.is_fictitious = True
    world.north_public.save()
    assert "Fiktives Beispielmitglied" in legend(get(client, "/netzwerke/nord/"), "map")
    assert "Fiktives Beispielmitglied" not in legend(get(client, "/netzwerke/sued/"), "map")


def test_event_map_shows_the_place_and_its_surroundings(world, client) -> None:
    event = EventFactory(organiser=world.north, venue="Keramikmuseum Westerwald", postcode="56203")
    page = get(client, event.get_absolute_url())
    tag = map_tag(page, "event-map")
    assert attribute(tag, "data-fit") == "point"
    assert attribute(tag, "data-point-label") == "Keramikmuseum Westerwald"
    assert float(attribute(tag, "data-point-lat")) == pytest.approx(50.43, abs=0.05)
    assert attribute(tag, "data-ground-url") == "/karte/grund.json"
    assert legend(page, "event-map") == ["Veranstaltungsort", "Landesgrenze", "Kreisgrenze"]
    english = get(client, event.get_absolute_url(), "en")
    assert legend(english, "event-map")[0] == "Place of the event"


def test_organisation_map_shows_its_location_and_district(world, client) -> None:
    page = get(client, world.north_public.get_absolute_url())
    tag = map_tag(page, "org-map")
    assert attribute(tag, "aria-label") == "Karte des Standorts von Nord Keramik GmbH"
    assert attribute(tag, "data-fit") == "point"
    district = world.north_public.district
    assert legend(page, "org-map") == [district.name, "Standort", "Landesgrenze", "Kreisgrenze"]


def test_user_text_in_map_labels_is_escaped(world, client) -> None:
    event = EventFactory(organiser=world.north, venue='Halle "A" & B', postcode="56203")
    page = get(client, event.get_absolute_url())
    assert 'data-point-label="Halle &quot;A&quot; &amp; B"' in page


@override_settings(
    MAP_TILE_URL="https://tiles.example.org/{z}/{x}/{y}.png",
    MAP_TILE_ATTRIBUTION="© OpenStreetMap-Mitwirkende",
)
def test_a_tile_server_replaces_the_offline_ground(world, client) -> None:
    page = get(client, "/netzwerke/nord/")
    tag = map_tag(page, "map")
    assert attribute(tag, "data-tile-url") == "https://tiles.example.org/{z}/{x}/{y}.png"
    assert attribute(tag, "data-tile-attribution") == "© OpenStreetMap-Mitwirkende"
    # the districts drawn on the tiles are still BKG's; the GeoNames names are not drawn
    assert attribute(tag, "data-attribution") == "© GeoBasis-DE / BKG 2021"
    assert "data-ground-attribution" not in tag
    assert legend(page, "map") == ["Kreise des Netzwerks", "Mitglied"]


def test_without_a_tile_server_no_page_names_a_remote_map_host(world, client) -> None:
    page = get(client, "/")
    assert 'data-tile-url=""' in page
    assert "openstreetmap" not in page.lower() and "tile." not in page


@pytest.mark.parametrize(
    ("url", "attribution", "problem"),
    [
        ("https://tiles.example.org/{z}/{x}/{y}.png", "", "nahwerk.W001"),
        ("https://tiles.example.org/tiles.png", "© Example", "nahwerk.E002"),
        ("javascript:alert(1)//{z}/{x}/{y}", "© Example", "nahwerk.E002"),
    ],
)
def test_incomplete_tile_settings_are_reported(url: str, attribution: str, problem: str) -> None:
    with override_settings(MAP_TILE_URL=url, MAP_TILE_ATTRIBUTION=attribution):
        ids = [message.id for message in run_checks()]
    assert problem in ids


def test_tile_settings_are_fine_when_complete_or_absent() -> None:
    for url, attribution in [("", ""), ("https://t.example.org/{z}/{x}/{y}.png", "© Example")]:
        with override_settings(MAP_TILE_URL=url, MAP_TILE_ATTRIBUTION=attribution):
            ids = [m.id for m in run_checks() if m.id.startswith("nahwerk.")]
        assert not [i for i in ids if i in {"nahwerk.W001", "nahwerk.E002"}]


# The results map of the partner search.


def results_map(page: str) -> dict[str, Any]:
    found = re.search(
        r'<script id="partner-map-data" type="application/json">(.*?)</script>', page, re.S
    )
    assert found is not None
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def add_ceramics(world: Any) -> None:
    """Two members and a partner in Athens that fit the ceramic-filter need; the index."""
    for organisation in (world.north_public, world.south_public):
        organisation.description = "Keramische Hochtemperaturfilter und Heißgasfilter."
        organisation.save()
    # a partner abroad (an earlier EU project partner, say) must not zoom the map out
    OrganisationFactory(
        name="Athens Ceramics Lab",
        slug="athens-ceramics",
        country="GR",
        postcode="",
        latitude=37.98,
        longitude=23.73,
        description="Keramische Hochtemperaturfilter aus Athen.",
    )
    matching_services.rebuild_index()


@pytest.fixture
def ceramics(world, matching_index: Path) -> None:
    add_ceramics(world)


def test_results_map_fits_the_origin_and_results_near_it_not_europe(client, ceramics) -> None:
    page = get(client, f"/partner-finden/?q={NEED}&near=56203")
    data = results_map(page)
    names = [m["name"] for m in data["markers"]]
    assert "Athens Ceramics Lab" in names  # on the map, reachable by panning
    assert data["abroad"] is True
    south, west, north, east = data["focus"]
    assert 47 < south < north < 55.1 and 5.8 < west < east < 15.1
    assert north - south < 2 and east - west < 3  # a region, not Germany, not Europe
    tag = map_tag(page, "partner-map")
    assert attribute(tag, "aria-label") == "Karte der gefundenen Organisationen"
    assert attribute(tag, "data-data-id") == "partner-map-data"
    assert legend(page, "partner-map") == [
        "Ausgangspunkt Ihrer Suche: PLZ 56203 (Höhr-Grenzhausen)",
        "1 Gefundene Organisation, nummeriert wie in der Liste",
        "Landesgrenze",
        "Kreisgrenze",
    ]


def test_results_map_legend_in_english(client, ceramics) -> None:
    page = get(client, f"/partner-finden/?q={NEED}&near=56203", "en")
    assert legend(page, "partner-map")[:2] == [
        "Starting point of your search: postcode 56203 (Höhr-Grenzhausen)",
        "1 Organisation found, numbered as in the list",
    ]


def test_results_map_without_origin_has_no_origin_in_its_legend(client, ceramics) -> None:
    page = get(client, f"/partner-finden/?q={NEED}")
    assert results_map(page)["origin"] is None
    assert not any(item.startswith("Ausgangspunkt") for item in legend(page, "partner-map"))
