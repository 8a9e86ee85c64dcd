"""In Chromium: the start page, logging in as a manager, and a network page with its map."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import ensure_reference_data
from nahwerk.accounts.tests.factories import PASSWORD
from nahwerk.networks.models import FocusIndustry
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_world(transactional_db: Any, request: Any) -> Any:
    ensure_reference_data()  # transactional tests empty the tables after each test
    world = request.getfixturevalue("world")
    focus = FocusIndustry.objects.create(network=world.north, label="Keramik")
    focus.industry_codes.add("23.44")
    return world


def test_start_page_lists_networks_and_draws_their_districts(page: Any, demo_world: Any) -> None:
    page.goto("/")
    assert page.locator("h1").inner_text() == "Partner in der Nähe finden"
    cards = page.locator(".card h3")
    assert cards.all_inner_texts() == ["Netzwerk Nord", "Netzwerk Süd"]
    page.wait_for_selector(".map[data-ready=true]")
    assert page.locator(".map").get_attribute("data-district-count") == "2"
    assert page.locator("path.leaflet-interactive").count() >= 2
    screenshot(page, "start")


def test_network_page_shows_districts_members_and_focus(page: Any, demo_world: Any) -> None:
    page.goto("/netzwerke/nord/")
    page.wait_for_selector(".map[data-ready=true]")
    assert page.locator(".map").get_attribute("data-district-count") == "1"
    members = page.locator("table.members tbody tr")
    # the members-only organisation is hidden from the anonymous public
    assert members.count() == 1
    assert "Nord Keramik GmbH" in members.first.inner_text()
    assert "Keramik" in page.locator("dl.focus").inner_text()
    assert "Westerwaldkreis" in page.locator("table.districts-table").inner_text()
    # a member marker opens a popup with a link to the organisation
    page.locator("path.leaflet-interactive").last.click(force=True)
    page.locator(".leaflet-popup-content a").click()
    page.wait_for_url("**/organisationen/nord-keramik/")
    assert page.locator("h1").inner_text() == "Nord Keramik GmbH"


def test_manager_logs_in_and_sees_members_only_organisation(page: Any, demo_world: Any) -> None:
    page.goto("/")
    page.get_by_role("link", name="Anmelden").click()
    page.get_by_label("Benutzername").fill("alice")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    # after login the redirect lands on the personal start page, with a logout button
    page.get_by_role("button", name="Abmelden").wait_for()
    assert page.url.endswith("/uebersicht/")
    assert page.locator("h1").inner_text() == "Meine Übersicht"
    page.goto("/netzwerke/nord/")
    assert page.locator("table.members tbody tr").count() == 2
    page.get_by_role("link", name="Verwaltung").click()
    page.wait_for_url("**/admin/")
    assert "Nord Keramik GmbH" in page.goto("/admin/directory/organisation/").text()
    screenshot(page, "admin-organisations")
    html = page.content()
    assert "Süd Metall GmbH" not in html


def test_language_switch_to_english(page: Any, demo_world: Any) -> None:
    page.goto("/")
    page.get_by_role("button", name="English").click()
    page.wait_for_selector("html[lang=en]")
    assert page.locator("h1").inner_text() == "Find partners nearby"
