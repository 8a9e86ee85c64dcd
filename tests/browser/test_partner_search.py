"""In Chromium, on the demo: the partner search lists only what fits and says when nothing does.

"xyzzy quux" and needs that no demo organisation meets get "no fitting organisation" with
what to try instead; the ceramic-filter need gets only ceramics and filter organisations;
organisations known only from EU project history stay out of the directory and the
default search. Screenshots go to var/screenshots (search-*.png).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

import pytest

from conftest import ensure_reference_data
from nahwerk.demo.loading import load_demo
from nahwerk.directory.models import Organisation
from nahwerk.matching import services as matching_services
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CERAMIC_NEED = "Wir suchen einen Partner für keramische Hochtemperaturfilter"
NOTHING_FITS = (
    "xyzzy quux",
    "Steuerberater für Erbschaftsfragen",
    "Catering für unser Sommerfest mit 120 Gästen",
    "Looking for a wedding planner in Lisbon",
)
# The demo's organisations that work with ceramics, refractories or (hot-gas) filters.
CERAMICS_AND_FILTERS = {
    "heissgas-filtertechnik-kannenbaeckerland-gmbh-beispiel",
    "keralayer-rhein-westerwald-gmbh-beispiel",
    "keramik-additiv-westerwald-ug-beispiel",  # IMKK's applicant: ceramic parts, 3D-printed
    "westerwald-technische-keramik-gmbh-beispiel",
    "rhein-westerwald-lohnbrand-gmbh-beispiel",
    "steinzeugmanufaktur-hoher-westerwald-ek-beispiel",
    "feuerfestwerk-hoher-westerwald-gmbh-beispiel",
    "fgk-forschungsinstitut-glas-keramik",
    "pruef-und-forschungsinstitut-werkstoffe-kannenbaeckerland-ev-beispiel",
}


@pytest.fixture
def demo(transactional_db: Any, matching_index: Path, settings: Any) -> None:
    ensure_reference_data()  # transactional tests empty the tables after each test
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo(with_history=False)
    matching_services.rebuild_index()


def search(page: Any, need: str, extra: str = "") -> Any:
    page.goto(f"/partner-finden/?q={quote_plus(need)}{extra}")
    return page


def listed(page: Any) -> list[str]:
    links = page.locator("ol.results li.result h3 a")
    return [
        href.rstrip("/").rsplit("/", 1)[-1]
        for href in links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    ]


def test_needs_nobody_meets_get_no_list_but_what_to_try(demo: None, page: Any) -> None:
    for number, need in enumerate(NOTHING_FITS):
        search(page, need)
        heading = page.locator("#results-heading").inner_text()
        assert heading == "Keine Organisation passt zu Ihrem Bedarf", (need, heading)
        assert page.locator("li.result").count() == 0, need
        advice = page.locator(".nothing-fits").inner_text()
        assert "Was Sie tun können" in advice and "Mit anderen Worten beschreiben" in advice
        assert "Auch frühere EU-Projektpartner durchsuchen" in advice
        screenshot(page, f"search-nothing-fits-{number}")


def test_the_ceramic_filter_need_lists_only_ceramics_and_filter_organisations(
    demo: None, page: Any
) -> None:
    search(page, CERAMIC_NEED, "&near=56203")
    page.locator("details.partial-results summary").click()  # the partial fits too
    shown = listed(page)
    assert shown[0] == "heissgas-filtertechnik-kannenbaeckerland-gmbh-beispiel"
    assert set(shown) <= CERAMICS_AND_FILTERS, set(shown) - CERAMICS_AND_FILTERS
    labels = page.locator("li.result .fit").all_inner_texts()
    assert labels[0] == "sehr passend"
    assert set(labels) <= {"sehr passend", "passend", "entfernt passend"}
    assert "%" not in page.locator("ol.results").first.inner_text()
    screenshot(page, "search-ceramic-filters")


def test_the_eu_project_history_stays_out_unless_asked_for(demo: None, page: Any) -> None:
    history = set(Organisation.objects.history_only().values_list("slug", flat=True))
    assert len(history) > 700
    page.goto("/organisationen/?page=1")
    heading = page.locator("h2").filter(has_text="Organisationen").first.inner_text()
    public = Organisation.objects.listed().filter(visibility="public").count()
    assert heading.startswith(str(public)), heading
    need = "power semiconductors for electric vehicles"
    assert not set(listed(search(page, need))) & history
    found = listed(search(page, need, "&include_history=1"))
    assert set(found) & history, "the EU project partners are found when asked for"
    screenshot(page, "search-with-history")
