"""In Chromium: Emscher-Lippe compares itself with hannoverimpuls (issue 13, point 4)."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import ensure_reference_data
from nahwerk.directory.tests.factories import OrganisationFactory
from nahwerk.networks.tests.factories import MembershipFactory, NetworkFactory
from nahwerk.regional.tests.conftest import ensure_employment_data
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# the Chart.js instance on the canvas, and how many of its pixels are drawn
CHART_STATE = """canvas => {
  const chart = Chart.getChart(canvas);
  const context = canvas.getContext("2d");
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
  let drawn = 0;
  for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) { drawn++; } }
  return {
    datasets: chart.data.datasets.map(d => d.label),
    bars: chart.getDatasetMeta(0).data.length,
    values: chart.data.datasets[0].data,
    drawn: drawn,
    width: canvas.width,
  };
}"""


@pytest.fixture
def visit(transactional_db: Any) -> None:
    ensure_reference_data()  # transactional tests empty the tables after each test
    ensure_employment_data()
    emscher = NetworkFactory(
        name="Wirtschaftsförderer-Netzwerk Emscher-Lippe",
        short_name="Netzwerk Emscher-Lippe",
        slug="emscher-lippe",
    )
    emscher.districts.add("05512", "05513", "05562")  # Bottrop, Gelsenkirchen, Recklinghausen
    hannover = NetworkFactory(name="hannoverimpuls", slug="hannoverimpuls")
    hannover.districts.add("03241")  # Region Hannover
    for name, postcode, network, code in (
        ("Emscher Logistik GmbH", "45657", emscher, "49.41"),
        ("Lippe Kunststoff GmbH", "45768", emscher, "22.29"),
        ("Leine Laser GmbH", "30159", hannover, "26.70"),
    ):
        org = OrganisationFactory(name=name, postcode=postcode)
        org.industry_codes.add(code)
        MembershipFactory(organisation=org, network=network)


def test_emscher_lippe_and_hannoverimpuls_side_by_side(page: Any, visit: None) -> None:
    page.goto("/regionen/")
    page.get_by_role("link", name="Mit anderen Netzwerken und Kreisen vergleichen").click()
    page.wait_for_url("**/regionen/vergleich/")
    page.get_by_label("Wirtschaftsförderer-Netzwerk Emscher-Lippe").check()
    page.get_by_label("hannoverimpuls").check()
    page.get_by_role("button", name="Vergleichen").click()
    page.wait_for_url("**/regionen/vergleich/?netzwerk=emscher-lippe&netzwerk=hannoverimpuls*")
    assert page.locator("h1").inner_text() == "Netzwerk Emscher-Lippe · hannoverimpuls"
    # population and employees of the two regions (2018, 30 June 2020)
    assert "993.298" in page.locator("#row-population").inner_text()
    assert "518.606" in page.locator("#row-employees").inner_text()
    # the chart is drawn by Chart.js: both regions, ten sectors, pixels on the canvas
    canvas = page.locator("#comparison-chart")
    state = canvas.evaluate(CHART_STATE)
    assert state["datasets"] == ["Netzwerk Emscher-Lippe", "hannoverimpuls"]
    assert state["bars"] == 10
    assert state["drawn"] > 5000 and state["width"] > 300
    # the table beside it: manufacturing, LQ 0.69 and 0.67 in 2020
    row = page.locator('#sector-comparison-table tr[data-sector="C"]')
    assert row.locator(".lq").all_inner_texts() == ["0,69", "0,67"]
    members = page.locator("#members-table")
    assert members.locator("#row-organisations td").all_inner_texts() == ["2", "1"]
    assert "keine" in page.locator("#overlap-table").inner_text()  # no shared district
    screenshot(page, "regional-comparison")
