"""The funder report as PDF and Excel: the hand-built network in the IMKK region."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from nahwerk.regional.tests.conftest import _employment_once, employment  # noqa: F401
from nahwerk.reports.report import build_report, render_pdf, render_xlsx
from nahwerk.reports.tests.conftest import NOW, PERIOD

pytestmark = pytest.mark.django_db
PNG_DIR = Path("var/screenshots")


@pytest.fixture
def report(scene, employment) -> Any:  # noqa: F811
    scene.network.districts.add("07132", "07138", "07143")  # Altenkirchen, Neuwied, Westerwald
    return build_report(scene.network, PERIOD, now=NOW())


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_pdf_says_the_figures_in_german_with_the_regions_statistics(report) -> None:
    data = render_pdf(report)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "Bericht für den Fördermittelgeber" in text
    assert "Kennzahlen-Netzwerk" in text
    assert "01.01.2026\u201331.03.2026" in text
    assert "Altenkirchen" in text and "Westerwaldkreis" in text
    assert "Bewilligte Fördermittel (EUR)" in text and "80.000" in text
    assert "Verarbeitendes Gewerbe (C)" in text
    assert "13111-07-05-4" in text and "dl-de/by-2-0" in text
    # the region's manufacturing location quotient, as on the regional pages
    c = report.profile.row("C").stats
    assert f"{c.lq:.2f}".replace(".", ",") in text


def test_the_pdf_in_english(report) -> None:
    with translation.override("en"):
        text = pdf_text(render_pdf(report))
    assert "Report for the funding body" in text
    assert "Manufacturing (C)" in text
    assert "Funding granted (EUR)" in text


def test_the_pdf_pages_render_to_images(report) -> None:
    """Rendered for a person to look at (var/screenshots/report-page-N.png)."""
    document = pypdfium2.PdfDocument(render_pdf(report))
    assert len(document) >= 2
    PNG_DIR.mkdir(parents=True, exist_ok=True)
    for index in range(len(document)):
        image = document[index].render(scale=1.5).to_pil()
        image.save(PNG_DIR / f"report-page-{index + 1}.png")
        # a page with content: not a blank sheet
        assert image.convert("L").getextrema()[0] < 100


def test_the_same_data_give_the_same_report(report) -> None:
    assert render_pdf(report) == render_pdf(report)
    first = load_workbook(io.BytesIO(render_xlsx(report)))
    second = load_workbook(io.BytesIO(render_xlsx(report)))
    for name in first.sheetnames:
        assert [[c.value for c in r] for r in first[name].iter_rows()] == [
            [c.value for c in r] for r in second[name].iter_rows()
        ]


def _sheet_dict(sheet: Any) -> dict[str, Any]:
    return {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}


def test_the_excel_has_a_sheet_per_section_with_numbers_in_cells(report) -> None:
    book = load_workbook(io.BytesIO(render_xlsx(report)))
    assert book.sheetnames == [
        "Übersicht",
        "Mitglieder",
        "Bedarfe",
        "Projekte",
        "Veranstaltungen",
        "Monat für Monat",
        "Regionalstatistik",
    ]
    members = _sheet_dict(book["Mitglieder"])
    assert members["Mitglieder am Ende des Zeitraums"] == 3
    assert members["Beigetreten"] == 1
    needs = _sheet_dict(book["Bedarfe"])
    assert needs["Mediane Zeit bis zur ersten Antwort (Stunden)"] == 15.0
    projects = _sheet_dict(book["Projekte"])
    assert (
        projects["Beantragte Fördermittel (EUR)"] == Decimal("150000")
        or projects["Beantragte Fördermittel (EUR)"] == 150000
    )
    assert isinstance(projects["Bewilligte Fördermittel (EUR)"], int | float)
    events = _sheet_dict(book["Veranstaltungen"])
    assert events["Anteil der Mitglieder (%)"] == 75.0
    monthly = list(book["Monat für Monat"].iter_rows(values_only=True))
    assert monthly[1:] == [
        ("01/2026", 3, 0, 0, 1, 1, 1, 1, 0),
        ("02/2026", 4, 1, 0, 1, 1, 1, 3, 1),
        ("03/2026", 3, 0, 1, 2, 0, 0, 0, 0),
    ]
    stats = book["Regionalstatistik"]
    rows = {r[0]: r for r in stats.iter_rows(min_row=4, values_only=True) if r[0]}
    c = report.profile.row("C").stats
    assert rows["Verarbeitendes Gewerbe (C)"][1] == c.employees
    assert rows["Verarbeitendes Gewerbe (C)"][3] == round(c.lq, 2)
    assert 1.4 < rows["Verarbeitendes Gewerbe (C)"][3] < 1.7
