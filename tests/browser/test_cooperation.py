"""In Chromium: the manager of a demo network opens its cooperation graph and clicks a node."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import ensure_reference_data
from nahwerk.demo.loading import DEMO_PASSWORD, load_demo
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db: Any, settings: Any) -> None:
    ensure_reference_data()  # transactional tests empty the tables after each test
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo(with_history=False)


def test_the_manager_sees_the_graph_and_a_click_shows_the_organisation(
    demo: None, page: Any
) -> None:
    page.goto("/konto/anmelden/")
    page.get_by_label("Benutzername").fill("manager-imkk")
    page.get_by_label("Passwort").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_role("button", name="Abmelden").wait_for()
    page.goto("/regionen/netzwerke/imkk/")
    page.get_by_role("link", name="Kooperationsnetz: wer mit wem arbeitet").click()
    page.wait_for_url("**/regionen/netzwerke/imkk/kooperationen/")

    graph = page.locator("#cooperation-graph")
    graph.locator("canvas").first.wait_for()
    page.wait_for_function("document.getElementById('cooperation-graph').dataset.renderedNodes")
    drawn = int(graph.get_attribute("data-rendered-nodes"))
    assert drawn == int(graph.get_attribute("data-nodes")) and drawn > 20
    assert page.evaluate("window.cooperationGraph.edges().length") > 20
    # the tables say the same without the drawing
    assert page.locator("#central-table tbody tr").count() >= 5
    assert page.locator("#isolated-list li").count() >= 1
    assert page.locator("#suggestions-list form").count() >= 1
    assert page.locator("#panel-details").is_hidden()

    # click the most central member where Cytoscape drew it
    target = page.evaluate(
        """() => {
          const node = window.cooperationGraph.nodes('[?member]').max(n => n.degree()).ele;
          const p = node.renderedPosition();
          return {x: p.x, y: p.y, label: node.data('label'), url: node.data('url')};
        }"""
    )
    box = graph.bounding_box()
    page.mouse.click(box["x"] + target["x"], box["y"] + target["y"])
    panel = page.locator("#panel-details")
    panel.wait_for(state="visible")
    assert panel.locator("#panel-name").inner_text() == target["label"]
    assert panel.locator("#panel-member").inner_text() == "ja"
    assert panel.locator("#panel-ties li").count() >= 2
    assert (
        panel.get_by_role("link", name="Profil der Organisation").get_attribute("href")
        == (target["url"])
    )
    screenshot(page, "cooperation-graph")
