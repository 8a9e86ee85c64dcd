"""Take the README's screenshots from a running demo server with Debian's Chromium.

Usage: .venv/bin/python scripts/screenshots.py [http://127.0.0.1:8000] [docs/screenshots]
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = [
    ("start", "/", None),
    ("network-imkk", "/netzwerke/imkk/", None),
    (
        "organisation",
        "/organisationen/fgk-forschungsinstitut-glas-keramik/",
        None,
    ),
    ("admin-manager", "/admin/directory/organisation/", ("manager-imkk", "nahwerk-demo")),
]


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
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="de-DE")
        for name, path, login in PAGES:
            if login:
                page.goto(base + "/admin/login/")
                page.fill("#id_username", login[0])
                page.fill("#id_password", login[1])
                page.click("input[type=submit]")
            page.goto(base + path)
            if page.locator(".map").count():
                page.wait_for_selector(".map[data-ready]", timeout=15000)
            page.screenshot(path=str(folder / f"{name}.png"), full_page=False)
            print(f"{name}: {page.url}")
        browser.close()


if __name__ == "__main__":
    main(
        sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000",
        Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots"),
    )
