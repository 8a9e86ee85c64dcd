"""In Chromium: a manager opens the region profile of their network and its white spots."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import ensure_reference_data
from nahwerk.accounts.tests.factories import PASSWORD
from nahwerk.directory.tests.factories import OrganisationFactory
from nahwerk.regional.tests.conftest import ensure_employment_data
from tests.browser.conftest import screenshot
from tests.browser.test_comparison import CHART_STATE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def region_world(transactional_db: Any, request: Any) -> Any:
    ensure_reference_data()  # transactional tests empty the tables after each test
    ensure_employment_data()
    world = request.getfixturevalue("world")
    world.north.districts.add("07132", "07138")  # with 07143: the IMKK districts
    world.north_public.industry_codes.add("23.44")
    OrganisationFactory(
        name="Westerwälder Hochbau GmbH", slug="ww-hochbau", postcode="56410", employees=120
    ).industry_codes.add("41.20")
    return world


def test_manager_sees_the_regions_manufacturing_and_whom_to_approach(
    page: Any, region_world: Any
) -> None:
    page.goto("/konto/anmelden/")
    page.get_by_label("Benutzername").fill("alice")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_role("button", name="Abmelden").wait_for()
    page.goto("/netzwerke/nord/")
    page.get_by_role("link", name="Beschäftigte und Wirtschaftsbereiche der Region").click()
    page.wait_for_url("**/regionen/netzwerke/nord/")
    row = page.locator('#sector-table tr[data-sector="C"]')
    assert "Verarbeitendes Gewerbe (C)" in row.inner_text()
    # (51793 / 171087) / (6849696 / 33322952) = 1.47 (engine test: the arithmetic)
    assert row.locator("td.lq").inner_text() == "1,47"
    # the chart is drawn by Chart.js, one bar per sector, with the table's value
    state = page.locator("#lq-chart").evaluate(CHART_STATE)
    assert state["bars"] == 10 and state["drawn"] > 3000
    assert round(state["values"][1], 2) == 1.47  # C, the second sector
    assert "1,47" in page.locator("#lq-chart-table").inner_text()
    screenshot(page, "regional-profile")
    page.get_by_role("link", name="Weiße Flecken: wen ansprechen").click()
    page.wait_for_url("**/weisse-flecken/")
    spot = page.locator("#spot-F")
    assert "Baugewerbe (F)" in spot.locator("h3").inner_text()
    assert "Westerwälder Hochbau GmbH" in spot.locator("table").inner_text()
    screenshot(page, "regional-white-spots")
    spot.get_by_role("link", name="Westerwälder Hochbau GmbH").click()
    page.wait_for_url("**/organisationen/ww-hochbau/")
