"""In Chromium: a company posts a thesis topic and sees the two best fitting chairs
explained; a person applies without an account with a PDF, the company finds the
application in its inbox, another company does not.

carla works for Nord Keramik (North); sven for Süd Metall (South), another company. The
applicant is the anonymous public.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import ensure_reference_data
from nahwerk.talent.models import Application, Posting
from nahwerk.talent.tests.conftest import pdf_bytes, private_root, talent  # noqa: F401
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOPIC = "Bachelorarbeit: Haarrisse in Steinzeugglasuren beim Schnellbrand"
DESCRIPTION = (
    "In unseren Steinzeugfliesen entstehen beim Schnellbrand Haarrisse in der Glasur. "
    "Untersuchen Sie Wärmeausdehnung von Glasur und Scherben und schlagen Sie eine "
    "Glasurzusammensetzung vor, die rissfrei bleibt."
)


@pytest.fixture
def scene(transactional_db: Any, request: Any) -> Any:
    ensure_reference_data()  # transactional tests empty the tables after each test
    return request.getfixturevalue("talent")


def test_a_company_posts_a_thesis_and_sees_the_fitting_chairs(scene: Any, browse: Any) -> None:
    carla = browse("carla")
    carla.goto("/talente/")
    carla.get_by_role("link", name="Angebot einstellen").first.click()
    carla.get_by_label("Art", exact=True).select_option(label="Bachelorarbeit")
    carla.get_by_label("Titel", exact=True).fill(TOPIC)
    carla.get_by_label("Worum es geht").fill(DESCRIPTION)
    carla.get_by_label("Fachrichtung").select_option(label="Werkstoffe und Keramik")
    # an end before the start is refused with both dates named, and nothing is saved
    carla.get_by_label("Beginn", exact=True).fill("2027-04-01")
    carla.get_by_label("Ende", exact=True).fill("2027-03-01")
    carla.get_by_role("button", name="Veröffentlichen").click()
    assert carla.get_by_text(
        "Das Ende (01.03.2027) liegt vor dem Beginn (01.04.2027)."
    ).first.is_visible()
    assert not Posting.objects.filter(title=TOPIC).exists()
    carla.get_by_label("Ende", exact=True).fill("2027-09-30")
    carla.get_by_role("button", name="Veröffentlichen").click()
    assert carla.get_by_text("Das Angebot ist in der Börse.").is_visible()

    chairs = carla.get_by_test_id("fitting-chairs")
    assert "Lehrstühle, die zum Thema passen" in chairs.inner_text()
    results = chairs.locator("li.result")
    first_two = {results.nth(i).locator("h3 a").inner_text() for i in range(2)}
    assert first_two == {scene.university.name, scene.institute.name}
    # each is explained: passages from its profile and the words it shares with the topic
    for i in range(2):
        assert results.nth(i).locator(".passages li, .shared-terms li").count() > 0
    assert scene.software_chair.name not in chairs.inner_text()
    assert scene.glaze_sme.name not in chairs.inner_text()
    screenshot(carla, "talent-thesis-chairs")


def test_a_person_applies_without_an_account_and_only_the_company_sees_it(
    scene: Any, page: Any, browse: Any, tmp_path: Path
) -> None:
    thesis = scene.thesis
    page.goto("/talente/")
    assert thesis.title in page.get_by_test_id("board").inner_text()
    page.get_by_label("Was interessiert Sie?").fill("Glasuren und Brennfehler bei Fliesen")
    page.get_by_role("button", name="Angebote anzeigen").click()
    fits = page.get_by_test_id("interest-results")
    assert thesis.title in fits.inner_text()
    assert page.locator("#partner-map .partner-marker").count() >= 1
    screenshot(page, "talent-board")

    page.get_by_role("link", name=thesis.title).first.click()
    assert page.locator("#posting-map").is_visible()
    ld = page.locator('script[type="application/ld+json"]').text_content()
    assert '"@type": "JobPosting"' in ld and thesis.title in ld
    page.get_by_role("link", name="Jetzt bewerben").click()
    page.get_by_label("Ihr Name").fill("Lena Bewerberin")
    page.get_by_label("Ihre E-Mail-Adresse").fill("lena@example.org")
    page.get_by_label("Ihre Nachricht").fill("Ich studiere Werkstofftechnik Glas und Keramik.")
    fake = tmp_path / "lebenslauf.pdf"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n not really a pdf")
    page.get_by_label("Lebenslauf oder Unterlagen").set_input_files(str(fake))
    page.get_by_label("Ich willige ein").check()
    page.get_by_role("button", name="Bewerbung absenden").click()
    assert page.get_by_text("„lebenslauf.pdf“ ist keine PDF-Datei.").first.is_visible()
    assert Application.objects.count() == 0

    real = tmp_path / "Lebenslauf Lena.pdf"
    real.write_bytes(pdf_bytes(pages=2))
    page.get_by_label("Lebenslauf oder Unterlagen").set_input_files(str(real))
    page.get_by_label("Ich willige ein").check()
    page.get_by_role("button", name="Bewerbung absenden").click()
    assert page.get_by_role("heading", name="Bewerbung gesendet").is_visible()
    application = Application.objects.get()
    assert application.consent_version and application.attachment_name == "Lebenslauf Lena.pdf"

    carla = browse("carla")
    carla.goto("/talente/eingang/")
    inbox = carla.get_by_test_id("applications")
    assert "Lena Bewerberin" in inbox.inner_text()
    screenshot(carla, "talent-inbox")
    carla.get_by_role("link", name="Lena Bewerberin").click()
    with carla.expect_download() as download:
        carla.get_by_role("link", name="Lebenslauf Lena.pdf").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
    carla.get_by_label("Status").select_option(label="Zum Gespräch eingeladen")
    carla.get_by_role("button", name="Status speichern").click()
    assert carla.get_by_text("Status: Zum Gespräch eingeladen").is_visible()

    sven = browse("sven")
    sven.goto("/talente/eingang/")
    assert "Lena Bewerberin" not in sven.content()
    for address in (
        f"/talente/bewerbungen/{application.pk}/",
        f"/talente/bewerbungen/{application.pk}/anlage.pdf",
    ):
        response = sven.goto(address)
        assert response is not None and response.status == 404, address
