"""In Chromium: each persona lands on its start page after login, and the header fits.

alice (manager of North) finds carla's new need in her inbox card; carla (a North SME)
finds her routed need with its answer and a meeting request waiting for her; ina (the
institute it was routed to) finds it without the asker's name. The header keeps to one
line at 1366 px in German and English even with one more item of the length of
"Organisationen"; at 390 px it wraps without hiding anything.
"""

from __future__ import annotations

from typing import Any

import pytest

from conftest import ensure_reference_data
from nahwerk.brokering import services
from nahwerk.brokering.models import Posting
from nahwerk.brokering.tests.conftest import NEED_TITLE, brokering  # noqa: F401
from nahwerk.events import services as event_services
from nahwerk.events.choices import EventKind
from nahwerk.events.tests.factories import EventFactory
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# one more main-navigation item that another page of issue 10 adds
NAV_ORGANISATIONS = {"de": "Organisationen", "en": "Organisations"}


@pytest.fixture
def scene(transactional_db: Any, request: Any) -> Any:
    ensure_reference_data()  # transactional tests empty the tables after each test
    b = request.getfixturevalue("brokering")
    need = b.post(Posting.ANONYMOUS)
    services.accept_need(b.alice, need)
    services.route_need(b.alice, need, [b.institute.pk])
    services.answer_referral(b.ina, need, "question", "Welche Temperatur erwarten Sie?")
    b.post(Posting.NETWORK, title="Partner für die Digitalisierung der Qualitätsprüfung")
    day = EventFactory(
        kind=EventKind.B2B_DAY, title="Kooperationsbörse Nord", organiser=b.world.north
    )
    carla = event_services.register(b.carla, day)
    event_services.register(b.ina, day)
    event_services.send_request(b.ina, day, recipient_id=carla.pk, message="", priority=2)
    return b


def header_lines(page: Any) -> int:
    tops = page.evaluate(
        """() => Array.from(document.querySelectorAll('.site-header .brand, .nav > li'))
        .map(e => { const box = e.getBoundingClientRect(); return box.top + box.height / 2; })"""
    )
    # items on one line share their vertical middle (within a few pixels)
    lines: list[int] = []
    for top in sorted(tops):
        if not lines or top - lines[-1] > 8:
            lines.append(top)
    return len(lines)


def test_each_persona_lands_on_what_needs_it(scene: Any, browse: Any) -> None:
    alice = browse("alice")
    assert alice.url.endswith("/uebersicht/")
    inbox = alice.locator("section[aria-labelledby=inbox-nord]")
    assert "Partner für die Digitalisierung der Qualitätsprüfung" in inbox.inner_text()
    assert "Nord Keramik GmbH" in inbox.inner_text()
    assert (
        "Kooperationsbörse Nord"
        in alice.locator("section[aria-labelledby=events-nord]").inner_text()
    )
    screenshot(alice, "start-manager")

    carla = browse("carla")
    assert carla.url.endswith("/uebersicht/")
    own = carla.locator("section[aria-labelledby=own-heading]").inner_text()
    assert NEED_TITLE in own and "1 Antwort" in own
    assert "Ina" in carla.locator("section[aria-labelledby=requests-heading]").inner_text()
    screenshot(carla, "start-member")

    ina = browse("ina")
    waiting = ina.locator("section[aria-labelledby=conversations-heading]").inner_text()
    assert NEED_TITLE in waiting and "die anfragende Organisation (anonym)" in waiting
    assert "Nord Keramik GmbH" not in ina.content()
    ina.locator("section[aria-labelledby=conversations-heading] a", has_text=NEED_TITLE).click()
    ina.wait_for_url("**/bedarfe/*/")
    screenshot(ina, "start-institute-follows-link")


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_managers_header_fits_on_one_line_at_1366_px(
    scene: Any, browse: Any, live_server: Any, language: str
) -> None:
    alice = browse("alice")
    alice.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    alice.set_viewport_size({"width": 1366, "height": 900})
    alice.goto("/uebersicht/")
    assert alice.locator(".nav a", has_text=NAV_ORGANISATIONS[language]).count() == 1
    assert header_lines(alice) == 1
    # the region's offers wait in a menu that opens without JavaScript
    talent = alice.locator('.nav-menu a[href="/talente/"]')
    assert not talent.is_visible()
    alice.locator(".nav-menu summary").click()
    assert talent.is_visible() and alice.locator('.nav-menu a[href="/kompetenzen/"]').is_visible()
    alice.locator(".nav-menu summary").click()
    screenshot(alice, f"start-header-{language}-1366")
    # on a phone the header wraps, and every item stays inside the screen
    alice.set_viewport_size({"width": 390, "height": 844})
    assert alice.evaluate("() => document.documentElement.scrollWidth") <= 390
    screenshot(alice, f"start-header-{language}-390")
