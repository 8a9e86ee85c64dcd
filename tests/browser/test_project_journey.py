"""In Chromium: a brokered need becomes a cooperation project, the institute accepts.

The need has gone through the brokering loop (posted anonymously by carla's company,
routed by alice, answered "interested" by ina's institute, cooperation started). Alice
creates the project from the need's page; ina accepts the invitation on the project page,
where the anonymous asker stays unnamed to her; the project shows its partners and status;
the manager's overview exports the platform project next to a member's CORDIS project.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from conftest import ensure_reference_data
from nahwerk.brokering import services as brokering_services
from nahwerk.brokering.models import NeedStatus, Posting, ReferralResponse
from nahwerk.brokering.tests.conftest import NEED_TITLE, brokering  # noqa: F401
from nahwerk.projects.models import Participation, Project
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def fresh(transactional_db: Any, request: Any) -> Any:
    ensure_reference_data()  # transactional tests empty the tables after each test
    b = request.getfixturevalue("brokering")
    need = b.routed(Posting.ANONYMOUS)
    brokering_services.answer_referral(b.ina, need, ReferralResponse.INTERESTED, "Gern!")
    brokering_services.set_outcome(b.alice, need, NeedStatus.COOPERATION)
    cordis = Project.objects.create(
        source="cordis",
        cordis_rcn=7,
        cordis_id=700,
        acronym="CERAFILT",
        title="Ceramic hot gas filters",
        start_date=dt.date(2019, 1, 1),
    )
    Participation.objects.create(
        project=cordis,
        pic="999000007",
        organisation=b.institute,
        role="participant",
        eu_contribution=Decimal(120000),
    )
    b.need = need
    return b


def test_a_need_becomes_a_project_that_the_institute_joins(fresh: Any, browse: Any) -> None:
    need = fresh.need
    # 1. The manager creates the project from the need's page.
    alice = browse("alice")
    alice.goto(need.get_absolute_url())
    form = alice.locator("form[action*='/projekte/neu/aus-bedarf/']")
    form.locator("select[name=partner]").select_option(str(fresh.institute.pk))
    form.locator("button").click()
    alice.wait_for_url("**/projekte/*/")
    project = Project.objects.get(need=need)
    assert alice.locator("[data-testid=project-status]").inner_text() == "Konsortium in Bildung"
    assert "Nord Keramik GmbH" in alice.locator("[data-testid=partners]").inner_text()

    # 2. The invited institute accepts; the anonymous asker is not named to it.
    ina = browse("ina")
    ina.goto("/projekte/meine/")
    ina.get_by_role("link", name=NEED_TITLE).click()
    partners = ina.locator("[data-testid=partners]").inner_text()
    assert "Nord Keramik GmbH" not in partners
    ina.locator("button[name=action][value=accept]").click()
    ina.wait_for_load_state()
    assert ina.locator("[data-testid=answer-ihk]").inner_text() == "Angenommen"
    screenshot(ina, "project-accepted")

    # 3. The project shows its partners with their answers and its status.
    alice.reload()
    assert alice.locator("[data-testid=answer-ihk]").inner_text() == "Angenommen"
    assert alice.locator("[data-testid=answer-nord-keramik]").inner_text() == "Noch keine Antwort"
    assert project.participations.get(organisation=fresh.institute).answer == "accepted"

    # 4. The manager's overview exports the platform and the CORDIS project.
    alice.goto("/uebersicht/")
    alice.locator("[data-testid=project-overview-link]").click()
    alice.wait_for_url("**/projekte/")
    screenshot(alice, "project-overview")
    with alice.expect_download() as download:
        alice.get_by_role("link", name="Als CSV exportieren").click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert NEED_TITLE in content and "Konsortium in Bildung" in content
    assert "CERAFILT" in content and "120000" in content
