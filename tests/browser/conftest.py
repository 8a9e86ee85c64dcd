"""Playwright driving Debian's Chromium against pytest-django's live server.

A missing browser fails the tests; it never skips them (CI must not turn green without
them). Chromium runs with the flags this offline machine needs.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "var/screenshots"))

# Playwright's sync API runs an event loop in this thread; the ORM calls of the test
# itself are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def watch_policy(page: Any, violations: list[str]) -> None:
    """Collect what the page's Content-Security-Policy refused (Chromium logs each one)."""
    page.on(
        "console",
        lambda m: (
            violations.append(f"{page.url}: {m.text}")
            if "Content Security Policy" in m.text
            else None
        ),
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (make chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    # Nothing may be fetched from outside this installation, nor refused by its policy.
    external: list[str] = []
    violations: list[str] = []
    watch_policy(page, violations)
    page.on(
        "request",
        lambda r: (
            external.append(r.url) if not r.url.startswith((live_server.url, "data:")) else None
        ),
    )
    yield page
    context.close()
    assert external == [], f"pages requested external resources: {external}"
    assert violations == [], f"the Content-Security-Policy refused: {violations}"


@pytest.fixture
def browse(browser: Any, live_server: Any) -> Iterator[Any]:
    """``browse("alice")``: a page of that persona's own browser, logged in by the form."""
    from nahwerk.accounts.tests.factories import PASSWORD

    contexts: list[Any] = []
    external: list[str] = []
    violations: list[str] = []

    def open_as(username: str) -> Any:
        context = browser.new_context(
            base_url=live_server.url, locale="de-DE", viewport={"width": 1280, "height": 900}
        )
        contexts.append(context)
        page = context.new_page()
        watch_policy(page, violations)
        page.on(
            "request",
            lambda r: (
                external.append(r.url) if not r.url.startswith((live_server.url, "data:")) else None
            ),
        )
        page.goto("/konto/anmelden/")
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form:has(input[name=password]) button[type=submit]").click()
        page.wait_for_load_state()
        assert "/konto/anmelden/" not in page.url, f"{username} could not log in"
        return page

    yield open_as
    for context in contexts:
        context.close()
    assert external == [], f"pages requested external resources: {external}"
    assert violations == [], f"the Content-Security-Policy refused: {violations}"


def screenshot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
