"""In Chromium: a manager builds a consortium for a call with a lead from the network.

Alice, North's manager, opens the builder for the call, picks Nord Keramik as lead and
names two competences; the team has the sensor member nearby and EU partners from France
and Italy for the call's three countries; she swaps the sensor partner for an alternative
(a plain link, no script needed) and sees the save form. Screenshots: var/screenshots.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import ensure_reference_data
from nahwerk.directory.tests.factories import OrganisationFactory
from nahwerk.funding.tests.consortium_fixtures import FILTERS, SENSORS, make_setting
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scene(transactional_db: Any, matching_index: Path, request: Any) -> dict[str, Any]:
    ensure_reference_data()  # transactional tests empty the tables after each test
    world = request.getfixturevalue("world")
    OrganisationFactory(
        name="Westerwald Messtechnik GmbH",
        postcode="56203",
        description="Sensoren und Messtechnik zur Überwachung von Industrieöfen.",
    )
    return {"world": world, **make_setting(world)}


def test_a_manager_builds_a_consortium_and_swaps_a_partner(scene: Any, browse: Any) -> None:
    page = browse("alice")
    page.goto(f"/foerderung/konsortium/?call={scene['call'].pk}")
    assert page.locator("select[name=call]").input_value() == str(scene["call"].pk)
    page.locator("select[name=lead]").select_option(label="Nord Keramik GmbH")
    page.locator("textarea[name=competences]").fill(f"{SENSORS}\n{FILTERS}")
    page.get_by_role("button", name="Team vorschlagen").click()
    page.wait_for_load_state()

    sensor_role = page.locator("#role-1")
    assert "Nord Sensorik GmbH" in sensor_role.locator(".team-member").inner_text()
    assert "Mitglied des Netzwerks" in sensor_role.inner_text()
    rules = page.locator(".rule-checks").inner_text()
    assert "mindestens 3 Länder" in rules and "Regel nicht erfüllt" not in rules
    team = page.locator("ol.team").inner_text()
    assert "CAPTEURS INDUSTRIELS SA" in team and "UNIVERSITA DELLA CERAMICA" in team
    screenshot(page, "consortium-1-team")

    sensor_role.locator("summary").click()
    alternative = sensor_role.locator(".alternatives li").first
    name = alternative.inner_text().split("(")[0].strip()
    alternative.get_by_role("link", name="Stattdessen nehmen").click()
    page.wait_for_load_state()
    swapped = page.locator("#role-1 .team-member").inner_text()
    assert name in swapped and "Ihre Wahl" in swapped
    assert "Nord Sensorik GmbH" not in swapped
    form = page.locator("form.save-consortium")
    assert form.get_attribute("action") == "/projekte/neu/aus-konsortium/"
    assert form.get_by_role("button", name="Als Projekt speichern").is_visible()
    screenshot(page, "consortium-2-swapped")
