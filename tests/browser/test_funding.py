"""In Chromium: a member SME finds ranked, explained calls for a German idea; a manager
uploads a call file with three broken rows and sees the per-row report, nothing written."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
import time_machine

from nahwerk.accounts.tests.factories import UserFactory
from nahwerk.directory.tests.factories import OrganisationFactory
from nahwerk.funding.models import Call, Programme
from nahwerk.funding.tests.conftest import (  # noqa: F401 (fixtures)
    call_file,
    catalogue,
    fresh_call_index,
    shipped_records,
)
from nahwerk.networks.tests.factories import MembershipFactory, NetworkFactory
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _on_the_catalogues_day() -> Any:
    with time_machine.travel(dt.datetime(2026, 12, 3, 9, tzinfo=dt.UTC), tick=True):
        yield


@pytest.fixture
def network(request: Any) -> Any:
    request.getfixturevalue("catalogue")
    network = NetworkFactory(name="IMKK", slug="imkk")
    sme = OrganisationFactory(
        name="Westerwald Keramik GmbH", kind="sme", size_band="small", postcode="56203"
    )
    MembershipFactory(organisation=sme, network=network)
    UserFactory(username="mitglied", organisation=sme)
    manager = UserFactory(username="managerin", is_staff=True)
    manager.managed_networks.add(network)
    return network


def test_a_member_sme_gets_ranked_explained_calls_for_a_german_idea(
    browse: Any, network: Any
) -> None:
    page = browse("mitglied")
    page.goto("/foerderung/")
    page.get_by_label("Ihre Projektidee").fill(
        "Wir wollen keramische Filter für die Heißgasreinigung in Stahlwerken entwickeln."
    )
    page.get_by_role("button", name="Förderaufrufe finden").click()
    results = page.locator(".call-fit")
    assert results.count() >= 2
    first = results.first
    assert first.get_attribute("data-topic") == "HORIZON-CL4-2027-01-01"
    text = first.inner_text()
    assert "Warum er passt" in text and "Einreichungsfrist" in text and "in 120 Tagen" in text
    assert "Antragsberechtigt" in text or "Mitgliedstaaten" in text
    # the state programme for SMEs in Rhineland-Palatinate: eligible, and says why
    voucher = page.locator('.call-fit[data-topic="RLP-IG-2027"]')
    assert voucher.count() == 1 and "Rheinland-Pfalz" in voucher.inner_text()
    screenshot(page, "funding-fit")


def test_a_manager_uploads_a_file_with_three_broken_rows(
    browse: Any, network: Any, tmp_path: Any
) -> None:
    records = copy.deepcopy(shipped_records(8))
    records[1]["topicId"] = ""
    records[4]["deadline"] = "2027-02-30"
    records[6]["budgetMin"], records[6]["budgetMax"] = 900000, 100
    path = tmp_path / "aufrufe.jsonl.gz"
    path.write_bytes(call_file(records))
    calls, programmes = Call.objects.count(), Programme.objects.count()
    page = browse("managerin")
    page.goto("/foerderung/")
    page.get_by_role("link", name="Förderaufrufe importieren").first.click()
    page.get_by_label("Datei mit Förderaufrufen").set_input_files(str(path))
    page.get_by_role("button", name="Datei prüfen").click()
    status = page.locator(".import-status").inner_text()
    assert "Nichts importiert: 3 von 8 Zeilen sind fehlerhaft" in status
    rows = page.locator(".import-problems tbody tr")
    assert rows.count() == 3
    report = page.locator(".import-problems").inner_text()
    assert "2027-02-30" in report and "budgetMax" in report and "topicId" in report
    assert page.get_by_role("button", name="Jetzt importieren").count() == 0
    screenshot(page, "funding-import-report")
    assert (Call.objects.count(), Programme.objects.count()) == (calls, programmes)
