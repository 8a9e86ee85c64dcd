"""In Chromium: every kind of map draws its ground and its legend, and shows Germany.

The event map shows the venue with its surroundings, the network map the network's
districts, the results map the origin and the results near it, although one result lies
in Athens. Screenshots go to var/screenshots (maps-*.png) at 1280 and 390 px.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import ensure_reference_data
from nahwerk.events.tests.factories import EventFactory
from tests.browser.conftest import screenshot
from tests.test_maps import add_ceramics

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Germany (mainland and islands) with the margin a fitted view may show around it.
SOUTH, WEST, NORTH, EAST = 46.8, 5.0, 55.5, 15.9
NEED = "Wir suchen einen Partner für keramische Hochtemperaturfilter"


@pytest.fixture
def map_world(transactional_db: Any, request: Any, matching_index: Path) -> Any:
    ensure_reference_data()  # transactional tests empty the tables after each test
    world = request.getfixturevalue("world")
    add_ceramics(world)
    world.event = EventFactory(
        organiser=world.north, venue="Keramikmuseum Westerwald", postcode="56203"
    )
    return world


def settled(page: Any, selector: str) -> dict[str, Any]:
    """Wait for the map to be drawn; its view, ground and legend as the browser has them."""
    page.wait_for_selector(f"{selector}[data-ready]")
    element = page.locator(selector)
    assert element.get_attribute("data-ready") == "true", element.get_attribute("data-error")
    south, west, north, east = (float(v) for v in element.get_attribute("data-bounds").split(","))
    return {
        "bounds": (south, west, north, east),
        "zoom": float(element.get_attribute("data-zoom")),
        "ground": element.get_attribute("data-ground"),
        "state_paths": element.locator(".leaflet-ground-pane path.ground-state").count(),
        "district_paths": element.locator(".leaflet-ground-pane path.ground-district").count(),
        "land_paths": element.locator(".leaflet-ground-pane path.ground-land").count(),
        "names": element.locator(".leaflet-labels-pane .map-label__name").all_inner_texts(),
        "legend": element.locator(".leaflet-control .map-legend"),
    }


def assert_ground_and_legend(view: dict[str, Any], *legend_lines: str) -> None:
    assert view["ground"] == "offline"
    assert view["land_paths"] == 1 and view["state_paths"] == 1 and view["district_paths"] == 1
    assert view["names"], "no place names on the map"
    legend = view["legend"]
    assert legend.is_visible()
    text = legend.inner_text()
    for line in legend_lines:
        assert line in text, f"{line!r} not in legend {text!r}"


def assert_within_germany(view: dict[str, Any]) -> None:
    south, west, north, east = view["bounds"]
    assert SOUTH <= south < north <= NORTH and WEST <= west < east <= EAST, view["bounds"]


def test_event_map_shows_the_venue_and_its_surroundings(page: Any, map_world: Any) -> None:
    page.goto(map_world.event.get_absolute_url())
    view = settled(page, "#event-map")
    assert_ground_and_legend(view, "Veranstaltungsort", "Landesgrenze", "Kreisgrenze")
    assert_within_germany(view)
    south, west, north, east = view["bounds"]
    assert south < 50.43 < north and west < 7.67 < east  # the venue is in view
    assert 9 <= view["zoom"] <= 11  # a district's surroundings, not Germany, not a street
    assert "Koblenz" in view["names"]
    assert page.locator(".map-point-label").inner_text() == "Keramikmuseum Westerwald"
    screenshot(page, "maps-event")


def test_network_map_fits_its_districts(page: Any, map_world: Any) -> None:
    page.goto("/netzwerke/nord/")
    view = settled(page, "#map")
    assert_ground_and_legend(view, "Kreise des Netzwerks", "Mitglied")
    assert_within_germany(view)
    south, west, north, east = view["bounds"]
    # the Westerwaldkreis (about 50.35-50.75 N, 7.6-8.15 E) fills the view
    assert south < 50.4 and north > 50.7 and west < 7.65 and east > 8.1
    assert north - south < 1.5
    assert "WESTERWALDKREIS" in view["names"] or "Montabaur" in view["names"]
    screenshot(page, "maps-network")


def test_results_map_shows_the_results_near_the_origin_not_europe(
    page: Any, map_world: Any
) -> None:
    page.goto(f"/partner-finden/?q={NEED}&near=56203")
    view = settled(page, "#partner-map")
    assert_ground_and_legend(
        view, "Ausgangspunkt Ihrer Suche: PLZ 56203 (Höhr-Grenzhausen)", "nummeriert"
    )
    assert_within_germany(view)
    assert page.locator(".partner-marker").count() >= 3  # Athens too, outside the view
    screenshot(page, "maps-search")


def test_maps_work_at_390_px_in_english(browser: Any, live_server: Any, map_world: Any) -> None:
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 390, "height": 844}
    )
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page = context.new_page()
    try:
        page.goto(map_world.event.get_absolute_url())
        view = settled(page, "#event-map")
        assert_within_germany(view)
        legend = view["legend"]
        # folded behind its button on a narrow map, and opens with it
        assert legend.locator("summary").inner_text() == "Legend"
        assert not legend.locator("li").first.is_visible()
        legend.locator("summary").click()
        assert legend.locator("li").first.inner_text() == "Place of the event"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(page, "maps-event-390-en")
    finally:
        context.close()


def test_a_configured_tile_server_is_the_ground(page: Any, map_world: Any, settings: Any) -> None:
    # a tile server of this installation (here without tiles: they answer 404)
    settings.MAP_TILE_URL = "/kacheln/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© OpenStreetMap-Mitwirkende <b>x</b>"
    page.goto("/netzwerke/nord/")
    page.wait_for_selector("#map[data-ready=true]")
    element = page.locator("#map")
    assert element.get_attribute("data-ground") == "tiles"
    assert element.locator(".leaflet-tile-pane img").count() > 0
    assert element.locator(".leaflet-ground-pane path").count() == 0
    attribution = element.locator(".leaflet-control-attribution").inner_text()
    # the operator's text is shown as text, not as markup
    assert "© OpenStreetMap-Mitwirkende <b>x</b>" in attribution
    assert "© GeoBasis-DE / BKG 2021" in attribution and "GeoNames" not in attribution
    legend = element.locator(".leaflet-control .map-legend").inner_text()
    assert "Kreise des Netzwerks" in legend and "Kreisgrenze" not in legend
