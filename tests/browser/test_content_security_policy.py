"""In Chromium: the pages, their maps, the admin and the API docs within the site's policy.

The ``page`` and ``browse`` fixtures fail a test on any violation of the
Content-Security-Policy that Chromium reports; every browser test checks it that way. Here
the pages that no other browser test opens, and proof that the policy is enforced at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import ensure_reference_data
from nahwerk.events.tests.factories import EventFactory
from tests.test_maps import add_ceramics

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEED = "Wir suchen einen Partner für keramische Hochtemperaturfilter"


@pytest.fixture
def csp_world(transactional_db: Any, request: Any, matching_index: Path) -> Any:
    ensure_reference_data()  # transactional tests empty the tables after each test
    world = request.getfixturevalue("world")
    add_ceramics(world)
    world.event = EventFactory(
        organiser=world.north, venue="Keramikmuseum Westerwald", postcode="56203"
    )
    return world


def test_inline_scripts_and_styles_are_refused(browser: Any, live_server: Any, db: Any) -> None:
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text))
    response = page.goto("/konto/anmelden/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.head.appendChild(script);
            const style = document.createElement("style");
            style.textContent = "body { display: none }";
            document.head.appendChild(style);
        }"""
    )
    assert page.evaluate("window.injected") is None
    assert page.locator("body").is_visible()
    context.close()
    assert len([t for t in refused if "Content Security Policy" in t]) == 2, refused


def test_the_maps_draw_within_the_policy(page: Any, csp_world: Any) -> None:
    for path, selector in [
        ("/", ".map"),
        ("/netzwerke/nord/", ".map"),
        (csp_world.event.get_absolute_url(), "#event-map"),
        (f"/partner-finden/?q={NEED}&near=56203", "#partner-map"),
    ]:
        page.goto(path)
        page.wait_for_selector(f"{selector}[data-ready=true]")


def test_swagger_ui_within_the_policy(page: Any, csp_world: Any) -> None:
    page.goto("/api/docs/")
    page.wait_for_selector(".swagger-ui .opblock")


def test_redoc_within_the_policy_which_keeps_its_logo_out(
    browser: Any, live_server: Any, csp_world: Any
) -> None:
    # ReDoc always shows Redocly's logo from their CDN; the policy refuses it, and that
    # refusal is the only one
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    refused: list[str] = []
    failed: list[tuple[str, str]] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.on("requestfailed", lambda r: failed.append((r.url, r.failure)))
    page.goto("/api/redoc/")
    page.wait_for_selector(".api-content")
    page.wait_for_load_state("networkidle")
    context.close()
    assert failed == [("https://cdn.redoc.ly/redoc/logo-mini.svg", "csp")]
    assert len(refused) == 1 and "img-src" in refused[0], refused


def test_the_admin_and_the_printable_participant_list_within_the_policy(
    browse: Any, csp_world: Any
) -> None:
    page = browse("alice")
    page.goto("/admin/")
    page.goto("/admin/directory/organisation/")
    page.goto(f"/admin/directory/organisation/{csp_world.north_public.pk}/change/")
    page.wait_for_load_state()
    page.goto(f"{csp_world.event.get_absolute_url()}teilnehmende/")
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1 } }")
    page.get_by_role("button", name="Drucken").click()
    assert page.evaluate("window.printed") == 1
