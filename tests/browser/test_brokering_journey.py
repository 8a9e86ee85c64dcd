"""In Chromium, on a fresh database: a need from posting to "cooperation started".

Carla's company posts an anonymous need about ceramic high-temperature filters; Alice, the
network's manager, sees it with its matches and routes it to two institutes; Ina's
institute answers "interested" with a question; Carla reveals her company and replies;
Alice marks the cooperation as started. Each persona uses a browser of their own, logs in
through the login form, and the test checks what each of them may see at every step.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from conftest import ensure_reference_data
from nahwerk.brokering.models import Need, NeedStatus, ReferralResponse
from nahwerk.brokering.tests.conftest import NEED_TEXT, NEED_TITLE, brokering  # noqa: F401
from tests.browser.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The journey's screenshots are part of the documentation (README, docs/screenshots).
DOCS_SCREENSHOTS = Path(os.environ.get("JOURNEY_SCREENSHOT_DIR", SCREENSHOTS / "journey"))


@pytest.fixture
def fresh(transactional_db: Any, request: Any) -> Any:
    ensure_reference_data()  # transactional tests empty the tables after each test
    return request.getfixturevalue("brokering")


def shot(page: Any, step: str) -> None:
    DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(DOCS_SCREENSHOTS / f"{step}.png"), full_page=True)


def step_form(page: Any, action: str) -> Any:
    return page.locator(f"form:has(input[name=action][value={action}])")


def timeline(page: Any) -> str:
    return page.locator("[data-testid=timeline]").inner_text()


def test_an_anonymous_need_becomes_a_cooperation(fresh: Any, browse: Any) -> None:
    world = fresh.world
    # 1. The SME posts an anonymous need.
    carla = browse("carla")
    carla.goto("/bedarfe/neu/")
    carla.locator("[name=title]").fill(NEED_TITLE)
    carla.locator("[name=description]").fill(NEED_TEXT)
    carla.locator("[name=partner_kind]").select_option("research_institute")
    carla.locator("input[name=posting][value=anonymous]").check()
    shot(carla, "1-sme-posts-need")
    carla.locator("form.stacked-form button[type=submit]").click()
    carla.wait_for_url("**/bedarfe/*/")
    need = Need.objects.get()
    assert need.organisation == world.north_public and need.is_anonymous
    assert need.status == NeedStatus.NEW
    # the asker sees its matches too
    assert "Institut für Hochtemperaturkeramik" in carla.locator("ol.matches").inner_text()

    # 2. The manager sees it in the inbox, with its matches, and routes it to two institutes.
    alice = browse("alice")
    alice.goto("/bedarfe/eingang/")
    alice.get_by_role("link", name=NEED_TITLE).click()
    assert "Nord Keramik GmbH" in alice.locator("[data-testid=asker]").inner_text()
    matches = alice.locator("ol.matches > li h3 a").all_inner_texts()
    assert {
        "Institut für Hochtemperaturkeramik",
        "Forschungszentrum Technische Keramik",
    } <= set(matches[:3]), matches
    assert "Bäckerei Westerwald" not in matches[:3]
    step_form(alice, "accept").locator("button").click()
    alice.wait_for_load_state()
    routing = step_form(alice, "route")
    # the top matches of the network are preselected, the other network's institute absent
    for org in (fresh.institute, fresh.second_institute):
        assert routing.locator(f"input[value='{org.pk}']").is_checked()
    assert routing.locator(f"input[value='{fresh.south_institute.pk}']").count() == 0
    routing.locator("[name=route-note]").fill("Bitte melden Sie sich bis Monatsende.")
    shot(alice, "2-manager-sees-matches-and-routes")
    routing.locator("button[type=submit]").click()
    alice.wait_for_load_state()
    need.refresh_from_db()
    assert need.status == NeedStatus.ROUTED
    assert set(need.referrals.values_list("organisation__slug", flat=True)) == {"ihk", "ftk"}

    # 3. One institute answers "interested" and asks a question, without knowing the asker.
    ina = browse("ina")
    ina.goto("/bedarfe/benachrichtigungen/")
    ina.locator("ul.notifications a").first.click()
    ina.wait_for_url(f"**{need.get_absolute_url()}")
    assert "Nord Keramik" not in ina.content()
    assert "anonym" in ina.locator("[data-testid=asker]").inner_text()
    answer = step_form(ina, "answer")
    answer.locator("input[name=answer-response][value=interested]").check()
    answer.locator("[name=answer-message]").fill(
        "Bis zu welcher Temperatur muss der Filter halten?"
    )
    answer.locator("button[type=submit]").click()
    ina.wait_for_load_state()
    assert "Bis zu welcher Temperatur" in ina.locator(".thread").inner_text()
    shot(ina, "3-institute-answers-interested")

    # 4. The SME sees the answer, reveals itself and replies in the thread.
    carla.goto(need.get_absolute_url())
    assert "Interessiert" in carla.locator("[data-testid=answer-ihk]").inner_text() or (
        "Interested" in carla.locator("[data-testid=answer-ihk]").inner_text()
    )
    step_form(carla, "reveal").locator("button").click()
    carla.wait_for_load_state()
    thread = carla.locator("article.thread", has_text="Institut für Hochtemperaturkeramik")
    thread.locator("[name=message-body]").fill("Bis 900 °C im Dauerbetrieb. Wann passt ein Termin?")
    thread.locator("button[type=submit]").click()
    carla.wait_for_load_state()
    shot(carla, "4-sme-reveals-and-replies")
    ina.reload()
    assert "Nord Keramik GmbH" in ina.locator("[data-testid=asker]").inner_text()
    assert "Bis 900 °C" in ina.locator(".thread").inner_text()
    # the other institute never saw Ina's conversation
    otto = browse("otto")
    otto.goto(need.get_absolute_url())
    assert "Bis 900 °C" not in otto.content()
    assert "Bis zu welcher Temperatur" not in otto.content()

    # 5. The manager marks "cooperation started"; the timeline shows every step.
    alice.goto(need.get_absolute_url())
    outcome = step_form(alice, "outcome")
    outcome.locator("input[name=outcome-status][value=cooperation]").check()
    outcome.locator("button[type=submit]").click()
    alice.wait_for_load_state()
    need.refresh_from_db()
    assert need.status == NeedStatus.COOPERATION
    assert need.referrals.get(organisation=fresh.institute).response == ReferralResponse.INTERESTED
    steps = list(need.events.values_list("kind", flat=True))
    assert steps == [
        "posted",
        "accepted",
        "routed",
        "routed",
        "answered",
        "message",
        "revealed",
        "message",
        "status",
    ]
    lines = alice.locator("[data-testid=timeline] li").all_inner_texts()
    assert len(lines) == len(steps)
    assert "Alice" in timeline(alice) or "alice" in timeline(alice).lower()
    shot(alice, "5-manager-marks-cooperation-with-timeline")
