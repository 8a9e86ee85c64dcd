"""In Chromium: a manager opens the key figures, the charts are drawn, the report downloads."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from conftest import ensure_reference_data
from nahwerk.reports.tests.conftest import build_scene
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# How many pixels of a canvas Chart.js painted (not transparent).
PAINTED = """canvas => {
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) painted++; }
  return painted;
}"""


def test_manager_sees_charts_and_downloads_the_funder_report(
    browse: Any, transactional_db: Any
) -> None:
    ensure_reference_data()  # transactional tests empty the tables after each test
    scene = build_scene()
    page = browse(scene.manager.username)
    page.goto(scene.network.get_absolute_url())
    page.get_by_role("link", name="Kennzahlen und Bericht für den Fördermittelgeber").click()
    page.wait_for_url("**/regionen/netzwerke/kennzahlen/kennzahlen/")
    page.get_by_label("Von").fill("2026-01-01")
    page.get_by_label("Bis").fill("2026-03-31")
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_url("**/kennzahlen/?von=2026-01-01&bis=2026-03-31")
    assert page.locator('[data-figure="needs-posted"]').inner_text() == "4"
    canvases = page.locator("canvas[data-chart]")
    assert canvases.count() == 4
    for index in range(4):
        canvas = canvases.nth(index)
        canvas.wait_for()
        assert canvas.get_attribute("data-drawn") is not None
        assert canvas.evaluate(PAINTED) > 500, canvas.get_attribute("id")
    # the table beside the charts carries the same numbers
    february = page.locator("#series-table tbody tr").nth(1)
    assert february.locator("th").inner_text() == "02/2026"
    assert [c.inner_text() for c in february.locator("td").all()] == [
        "4",
        "1",
        "0",
        "1",
        "1",
        "1",
        "3",
        "1",
    ]
    screenshot(page, "keyfigures-dashboard")

    with page.expect_download() as pdf_download:
        page.locator("#report-pdf").click()
    pdf = pdf_download.value
    assert pdf.suggested_filename == "bericht-kennzahlen-2026-01-01-2026-03-31.pdf"
    with open(pdf.path(), "rb") as file:
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(file.read())).pages)
    assert "Bericht für den Fördermittelgeber" in text and "Kennzahlen-Netzwerk" in text

    with page.expect_download() as xlsx_download:
        page.locator("#report-xlsx").click()
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    with open(xlsx_download.value.path(), "rb") as file:
        book = load_workbook(io.BytesIO(file.read()))
    assert book["Mitglieder"]["B3"].value == 3  # members at the end of the period
    assert book["Bedarfe"]["B2"].value == 4
