"""In Chromium: a start-up and a fund find each other, and the manager moves the start-up
through the pipeline.

stella (KeraLayer, a North start-up) sees the Westerwald seed fund with its reasons and
why the growth fund does not fit; ivo (the fund's company) sees KeraLayer with only what
it released to investors (the pitch and the capital sought, not its figures or team);
alice (manager of North) takes it from the first contact to financed, with notes, and
finds it in North's key figures.
"""

from __future__ import annotations

from typing import Any

import pytest

from conftest import ensure_reference_data
from nahwerk.startups.models import PipelineEntry
from nahwerk.startups.tests.conftest import founding  # noqa: F401
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scene(transactional_db: Any, request: Any) -> Any:
    ensure_reference_data()  # transactional tests empty the tables after each test
    return request.getfixturevalue("founding")


def test_a_start_up_and_a_fund_find_each_other_and_the_manager_moves_it(
    scene: Any, browse: Any
) -> None:
    stella = browse("stella")
    stella.goto("/gruendungen/")
    stella.get_by_role("link", name="Passende Investoren für uns").click()
    card = stella.get_by_test_id(f"fund-match-{scene.fund.pk}")
    text = card.inner_text()
    assert "Keramik-Seedfonds Westerwald" in text
    assert "Investiert in der Phase Seed." in text
    assert (
        "Die gesuchten 400.000 € liegen in seiner Ticketgröße von 100.000 € bis 1.000.000 €."
        in text
    )
    assert "Investiert im Kreis Westerwaldkreis." in text
    assert "Wachstumsfonds Rhein" not in stella.get_by_test_id("fitting-funds").inner_text()
    stella.get_by_text("1 Investor passt nicht – und warum").click()  # noqa: RUF001
    assert "Investiert nur in: Wachstum" in stella.get_by_test_id("other-funds").inner_text()
    screenshot(stella, "startup-matches")

    ivo = browse("ivo")
    ivo.goto(f"/gruendungen/fonds/{scene.fund.pk}/")
    ivo.get_by_role("link", name="Passende Start-ups").click()
    card = ivo.get_by_test_id("startup-match-keralayer")
    assert "KeraLayer Westerwald UG" in card.inner_text()
    assert "Wir drucken technische Keramik" in card.get_by_test_id("field-pitch").inner_text()
    assert "400.000 €" in card.get_by_test_id("field-capital").inner_text()
    # figures are for nobody, the team for North's members: the fund sees neither
    assert card.get_by_test_id("field-figures").count() == 0
    assert card.get_by_test_id("field-team").count() == 0
    page_text = ivo.locator("main").inner_text()
    assert "180.000" not in page_text and "Werkstoffingenieurinnen" not in page_text
    screenshot(ivo, "fund-matches")

    alice = browse("alice")
    alice.goto("/gruendungen/netzwerke/nord/pipeline/")
    add = alice.get_by_test_id("pipeline-add")
    add.get_by_label("Start-up").select_option(label="KeraLayer Westerwald UG")
    add.get_by_label("Notiz").fill("Erstgespräch auf dem Keramiktag")
    add.get_by_role("button", name="Erstkontakt erfassen").click()
    assert alice.get_by_text("Das Start-up ist jetzt in der Pipeline.").is_visible()
    for stage, note in (
        ("Beratung", "Businessplan durchgesehen"),
        ("Pitch vorbereitet", "Pitchdeck mit dem Gründerteam geübt"),
        ("Investorengespräche", "Vorgestellt beim Keramik-Seedfonds"),
    ):
        entry = alice.locator("[data-testid=entry-keralayer]")
        entry.get_by_text("Weiterschieben").click()
        form = alice.get_by_test_id("move-keralayer")
        form.get_by_label("Verschieben nach").select_option(label=stage)
        form.get_by_label("Notiz").fill(note)
        form.get_by_role("button", name="Verschieben").click()
        assert alice.get_by_text("KeraLayer Westerwald UG wurde verschoben.").is_visible()
        assert (
            alice.get_by_test_id(
                "column-"
                + {
                    "Beratung": "advice",
                    "Pitch vorbereitet": "pitch_ready",
                    "Investorengespräche": "investor_talks",
                }[stage]
            )
            .get_by_test_id("entry-keralayer")
            .count()
            == 1
        )
    # a negative amount is refused with the field named, and nothing moves
    alice.locator("[data-testid=entry-keralayer]").get_by_text("Weiterschieben").click()
    form = alice.get_by_test_id("move-keralayer")
    form.get_by_label("Verschieben nach").select_option(label="Finanziert")
    form.get_by_label("Eingeworbenes Kapital (EUR), bei Finanzierung").fill("-5")
    form.get_by_role("button", name="Verschieben").click()
    assert alice.get_by_text(
        "Bitte geben Sie einen Betrag ab 0 € ein, keinen negativen."
    ).is_visible()
    assert PipelineEntry.objects.get().stage == "investor_talks"
    form = alice.get_by_test_id("move-keralayer")
    form.get_by_label("Eingeworbenes Kapital (EUR), bei Finanzierung").fill("400000")
    form.get_by_label("Notiz").fill("Seedrunde mit dem Keramik-Seedfonds abgeschlossen")
    form.get_by_role("button", name="Verschieben").click()
    column = alice.get_by_test_id("column-financed")
    assert column.get_by_test_id("entry-keralayer").count() == 1
    column.get_by_text("Verlauf und Notizen").click()
    assert "Seedrunde mit dem Keramik-Seedfonds abgeschlossen" in column.inner_text()
    assert "Erstgespräch auf dem Keramiktag" in column.inner_text()
    screenshot(alice, "startup-pipeline")

    alice.get_by_role("link", name="Kennzahlen").first.click()
    figures = alice.get_by_test_id("startup-figures").inner_text()
    assert "Im Zeitraum finanziert\t1" in figures or "Im Zeitraum finanziert 1" in figures
    assert "400.000" in figures


def test_a_member_changes_and_withdraws_its_mentor_offer_and_the_fund_deletes_its_profile(
    scene: Any, browse: Any
) -> None:
    from nahwerk.startups.models import InvestorProfile, MentorOffer

    carla = browse("carla")
    carla.goto("/gruendungen/mentoring/")
    carla.get_by_label("Netzwerk").select_option(label=scene.world.north.name)
    carla.get_by_label("Themen").fill("Serienfertigung technischer Keramik")
    carla.get_by_label("Zeitaufwand").fill("zwei Stunden im Monat")
    carla.get_by_role("button", name="Angebot veröffentlichen").click()
    card = carla.get_by_test_id("mentor-offers").locator("li.card").first
    assert "Serienfertigung technischer Keramik" in card.inner_text()
    card.get_by_role("link", name="Bearbeiten").click()
    carla.get_by_label("Themen").fill("<b>fett</b>")
    carla.get_by_role("button", name="Speichern").click()
    assert "ohne HTML" in carla.locator(".field.has-error").inner_text()
    assert MentorOffer.objects.get().topics == "Serienfertigung technischer Keramik"
    carla.get_by_label("Themen").fill("Serienfertigung und Qualitätssicherung in der Keramik")
    carla.get_by_role("button", name="Speichern").click()
    assert "Ihr Mentoring-Angebot wurde gespeichert." in carla.locator("body").inner_text()
    card = carla.get_by_test_id("mentor-offers").locator("li.card").first
    assert "Qualitätssicherung in der Keramik" in card.inner_text()
    screenshot(carla, "mentor-offers")
    card.get_by_role("link", name="Angebot zurückziehen").click()
    assert "Mentoring-Angebot zurückziehen" in carla.locator("h1").inner_text()
    carla.get_by_test_id("confirm-delete").get_by_role(
        "button", name="Angebot zurückziehen"
    ).click()
    assert "Ihr Mentoring-Angebot wurde zurückgezogen." in carla.locator("body").inner_text()
    assert not MentorOffer.objects.exists()

    # alice manages North but does not run the fund: no delete button for her
    alice = browse("alice")
    alice.goto(f"/gruendungen/fonds/{scene.fund.pk}/")
    assert alice.get_by_role("link", name="Profil löschen").count() == 0
    ivo = browse("ivo")
    ivo.goto(f"/gruendungen/fonds/{scene.fund.pk}/")
    ivo.get_by_role("link", name="Profil löschen").click()
    assert "Start-ups finden es dann nicht mehr" in ivo.locator("main").inner_text()
    ivo.get_by_test_id("confirm-delete").get_by_role("button", name="Profil löschen").click()
    assert "wurde gelöscht" in ivo.locator("body").inner_text()
    assert not InvestorProfile.objects.filter(pk=scene.fund.pk).exists()
    assert InvestorProfile.objects.filter(pk=scene.growth_fund.pk).exists()
