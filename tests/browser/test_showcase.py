"""In Chromium, on the demo: IMKK's competence map embedded in a plain HTML page that
another server (another port, so another origin) serves, its filters, and that nothing
which is not public appears in it or in its exports.

Two IMKK members are made less public first: one shows itself to members only, one keeps
its equipment and offers for members. Every organisation in the database is then checked:
one that is not a public IMKK entry never appears, nor any text it did not make public.
Screenshots go to var/screenshots (showcase-*.png).
"""

from __future__ import annotations

import http.server
import re
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

import pytest

from conftest import ensure_reference_data
from nahwerk.demo.loading import load_demo
from nahwerk.directory.choices import Visibility
from nahwerk.directory.models import Organisation
from nahwerk.matching import services as matching_services
from nahwerk.showcase import services
from nahwerk.showcase.models import EmbedSettings
from tests.browser.conftest import SCREENSHOTS, watch_policy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NETWORK = "imkk"
HIDDEN_SLUG = "keralayer-rhein-westerwald-gmbh-beispiel"
PRIVATE_EQUIPMENT = "Interne Prüfanlage für Kundenmuster (nur für Mitglieder)"
PRIVATE_OFFERS = "Sonderkonditionen nur für Mitglieder"


@pytest.fixture
def demo(transactional_db: Any, matching_index: Path, settings: Any) -> None:
    ensure_reference_data()  # transactional tests empty the tables after each test
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo(with_history=False)
    hidden = Organisation.objects.get(slug=HIDDEN_SLUG)
    hidden.visibility = Visibility.MEMBERS
    hidden.save()
    partly = public_imkk().exclude(equipment="").order_by("name").first()
    assert partly is not None
    partly.equipment += f"\n{PRIVATE_EQUIPMENT}"
    partly.equipment_visibility = Visibility.MEMBERS
    partly.offers = PRIVATE_OFFERS
    partly.offers_visibility = Visibility.MANAGERS
    partly.save()
    matching_services.rebuild_index()


def public_imkk() -> Any:
    from nahwerk.networks.models import Network

    return services.public_organisations(Network.objects.get(slug=NETWORK))


@pytest.fixture
def host_site(tmp_path: Path, live_server: Any) -> Iterator[str]:
    """A municipality's plain website on another port: one page with the embed script."""
    (tmp_path / "index.html").write_text(
        "<!DOCTYPE html><html lang='de'><head><meta charset='utf-8'>"
        "<title>Verbandsgemeinde Höhr-Grenzhausen: Wirtschaft</title></head>"
        "<body><h1>Wirtschaftsstandort Höhr-Grenzhausen</h1>"
        "<p>Die Kompetenzen unserer Region auf einen Blick:</p>"
        f"<script src='{live_server.url}/kompetenzen/{NETWORK}/einbetten.js'></script>"
        "<p>Impressum</p></body></html>",
        encoding="utf-8",
    )
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def screenshot(page: Any, name: str) -> None:
    """What a visitor sees first (the map and the list's start), not the whole long list."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def assert_only_public(text: str, where: str) -> None:
    """Checked against the database, for every organisation there is."""
    public = {org.pk: org for org in public_imkk()}
    for org in Organisation.objects.all():
        if org.pk not in public:
            # names of other networks' public members may be words of an IMKK text: the
            # page and the exports name organisations by slug in their links
            assert f"/organisationen/{org.slug}/" not in text, (where, org.slug)
            for field in services.SHOWN_TEXTS:
                value = getattr(org, field).strip()
                if len(value) > 40 and org.field_visibility(field) != Visibility.PUBLIC:
                    assert value not in text, (where, org.slug, field)
            continue
        for field in services.SHOWN_TEXTS:
            if org.field_visibility(field) != Visibility.PUBLIC:
                for line in filter(None, (s.strip() for s in getattr(org, field).splitlines())):
                    assert line not in text, (where, org.slug, field, line)
    assert PRIVATE_EQUIPMENT not in text and PRIVATE_OFFERS not in text


def test_the_embedded_map_filters_and_shows_only_what_is_public(
    demo: None, browser: Any, live_server: Any, host_site: str
) -> None:
    # the demo's colours of IMKK (nahwerk/demo/showcase.py)
    assert EmbedSettings.objects.get(network__slug=NETWORK).primary_colour == "#8a3b12"
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    violations: list[str] = []
    foreign: list[str] = []
    watch_policy(page, violations)
    page.on(
        "request",
        lambda r: (
            foreign.append(r.url)
            if not r.url.startswith((live_server.url, host_site, "data:"))
            else None
        ),
    )
    page.goto(host_site + "/")
    frame_element = page.locator("iframe.nahwerk-competence-map")
    frame_element.wait_for()
    frame = page.frame_locator("iframe.nahwerk-competence-map")
    map_el = frame.locator("#showcase-map")
    map_el.and_(frame.locator("[data-ready]")).wait_for(timeout=30_000)
    assert map_el.get_attribute("data-ready") == "true", map_el.get_attribute("data-error")

    expected = public_imkk().count()
    with_location = public_imkk().filter(latitude__isnull=False).count()
    assert int(map_el.get_attribute("data-marker-count") or 0) == with_location > 10
    assert frame.locator(".showcase-cluster").count() >= 1  # the region's markers cluster
    heading = frame.locator("#showcase-count").inner_text()
    assert heading.startswith(f"{expected} Organisationen"), heading
    # the network's colours, from its stylesheet (no inline style under the policy)
    colour = frame.locator("h1").evaluate("h => getComputedStyle(h).color")
    assert colour == "rgb(138, 59, 18)"
    # the frame grew to its content (the script's height message)
    assert frame_element.evaluate("f => f.getBoundingClientRect().height") > 900
    page.wait_for_timeout(300)
    screenshot(page, "showcase-embed")

    html = frame.locator("body").inner_html()
    assert_only_public(html, "embed")
    assert HIDDEN_SLUG not in html

    # the filters (a GET form) load a new page into the frame: wait for its address, or
    # the old page's ready map answers first and vanishes under the test
    content = frame_element.element_handle().content_frame()
    assert content is not None

    def submit(parameter: str) -> None:
        frame.locator("form.showcase-filters button[type=submit]").click()
        content.wait_for_url(re.compile(rf"[?&]{re.escape(parameter)}(&|$)"), timeout=60_000)

    # the filters, inside the frame: type of organisation
    frame.locator("#id_kind").select_option("research_institute")
    submit("kind=research_institute")
    map_el.and_(frame.locator("[data-ready=true]")).wait_for(timeout=30_000)
    institutes = public_imkk().filter(kind="research_institute")
    names = frame.locator(".showcase-entry h3 a").all_inner_texts()
    assert sorted(names) == sorted(org.name for org in institutes) and names
    assert (
        int(map_el.get_attribute("data-marker-count") or 0)
        == institutes.exclude(latitude=None).count()
    )

    # a competence in the visitor's words, through the matching engine
    frame.locator("#id_kind").select_option("")
    frame.locator("#id_q").fill("keramische Hochtemperaturfilter")
    submit("q=keramische+Hochtemperaturfilter")
    map_el.and_(frame.locator("[data-ready=true]")).wait_for(timeout=60_000)
    slugs = frame.locator(".showcase-entry").evaluate_all(
        "items => items.map(i => i.dataset.organisation)"
    )
    assert slugs and len(slugs) < expected
    assert any("filter" in slug or "keram" in slug for slug in slugs[:3]), slugs
    assert HIDDEN_SLUG not in slugs
    assert_only_public(frame.locator("body").inner_html(), "embed, searched")

    # a WZ code nobody knows: named, nothing listed, no server error
    frame.locator("#id_q").fill("")
    frame.locator("#id_wz").fill("99.99")
    submit("wz=99.99")
    frame.locator(".error-summary").wait_for()
    assert "„99.99“ ist kein WZ-2008-Code." in frame.locator(".error-summary").inner_text()
    assert frame.locator(".showcase-entry").count() == 0

    # the exports, as a visitor downloads them
    for name in ("karte.geojson", "export.geojson", "export.csv"):
        response = page.request.get(f"{live_server.url}/kompetenzen/{NETWORK}/{name}")
        assert response.ok, name
        assert_only_public(response.body().decode("utf-8-sig"), name)
    csv_text = page.request.get(f"{live_server.url}/kompetenzen/{NETWORK}/export.csv").text()
    assert "CC BY 4.0" in csv_text.splitlines()[0]
    context.close()
    assert foreign == [], f"requests to other sites: {foreign}"
    assert violations == [], f"the Content-Security-Policy refused: {violations}"


def test_the_map_page_in_the_site_and_without_javascript(
    demo: None, page: Any, browser: Any, live_server: Any
) -> None:
    page.goto(f"/netzwerke/{NETWORK}/")
    page.get_by_role("link", name="Kompetenzkarte der Region").click()
    page.locator("#showcase-map[data-ready=true]").wait_for(timeout=30_000)
    assert page.locator(".showcase-entry").count() == min(public_imkk().count(), 50)
    page.locator("#id_q").fill("Laserschweißen")
    page.locator("form.showcase-filters button[type=submit]").click()
    page.locator("#showcase-map[data-ready=true]").wait_for(timeout=60_000)
    page.goto(f"/kompetenzen/{NETWORK}/")
    page.locator("#showcase-map[data-ready=true]").wait_for(timeout=30_000)
    page.wait_for_timeout(300)
    screenshot(page, "showcase-map")
    assert_only_public(page.content(), "map page")

    # without JavaScript the directory is all there; the map stays empty
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    plain = context.new_page()
    plain.goto(f"/kompetenzen/{NETWORK}/?kind=research_institute&q={quote_plus('Keramik')}")
    names = plain.locator(".showcase-entry h3 a").all_inner_texts()
    assert names and all(
        org.kind == "research_institute" for org in Organisation.objects.filter(name__in=names)
    )
    context.close()
