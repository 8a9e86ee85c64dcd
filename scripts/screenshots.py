"""Take the README's screenshots from a running demo server with Debian's Chromium.

Usage: .venv/bin/python scripts/screenshots.py [http://127.0.0.1:8000] [docs/screenshots]

The brokering journey and the B2B day are photographed by their browser tests
(``JOURNEY_SCREENSHOT_DIR=docs/screenshots B2B_SCREENSHOT_DIR=docs/screenshots``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import quote_plus

from playwright.sync_api import Page, sync_playwright

CERAMIC_NEED = quote_plus("Wir suchen einen Partner für keramische Hochtemperaturfilter")
OFF_TOPIC_NEED = quote_plus("Steuerberater für Erbschaftsfragen")
PASSWORD = "nahwerk-demo"
SEARCH = "/partner-finden/"

# (file name, path, login or None)
PAGES = [
    ("start", "/", None),
    ("network-imkk", "/netzwerke/imkk/", None),
    ("organisation", "/organisationen/fgk-forschungsinstitut-glas-keramik/", None),
    ("directory", "/organisationen/?network=imkk", None),
    ("partner-search", f"{SEARCH}?q={CERAMIC_NEED}&near=56203#results-heading", None),
    ("partner-search-nothing-fits", f"{SEARCH}?q={OFF_TOPIC_NEED}#results-heading", None),
    ("event", "/veranstaltungen/imkk-branchentreffen-technische-keramik/", None),
    ("start-manager", "/uebersicht/", "manager-imkk"),
    ("start-member", "/uebersicht/", "mitglied-imkk"),
    ("admin-manager", "/admin/directory/organisation/", "manager-imkk"),
]


def log_in(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(base + "/konto/anmelden/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button.button")
    page.wait_for_load_state()


def main(base: str, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="de-DE")
        current: str | None = None
        for name, path, login in PAGES:
            if login != current:
                if login:
                    log_in(page, base, login)
                else:
                    page.context.clear_cookies()
                current = login
            page.goto(base + path)
            if page.locator(".map").count():
                page.wait_for_selector(".map[data-ready]", timeout=15000)
            page.screenshot(path=str(folder / f"{name}.png"))
            print(f"{name}: {page.url}")
        browser.close()


if __name__ == "__main__":
    main(
        sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000",
        Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots"),
    )
