"""Error pages: in the site's layout, in German and English, with a way on; never Django's bare page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import World, login

pytestmark = pytest.mark.django_db

FAILING_URLS = "nahwerk.tests.failing_urls"


def page(client: Client, path: str, language: str = "de", **extra: Any) -> tuple[int, str]:
    client.cookies["django_language"] = language
    response = client.get(path, **extra)
    return response.status_code, response.content.decode()


def assert_in_site_layout(html: str, language: str) -> None:
    assert f'<html lang="{language}">' in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert 'href="/"' in html and 'href="/partner-finden/"' in html  # start page and search
    assert "Not Found" not in html and "Server Error (500)" not in html


@pytest.fixture(autouse=True)
def _production(settings: Any) -> None:
    settings.DEBUG = False


@pytest.mark.parametrize(
    ("language", "heading", "link"),
    [
        ("de", "Diese Seite gibt es nicht", "Zur Startseite"),
        ("en", "This page does not exist", "Go to the start page"),
    ],
)
def test_a_missing_page_says_so_in_the_visitors_language(
    client: Client, language: str, heading: str, link: str
) -> None:
    status, html = page(client, "/gibt-es-nicht/", language)
    assert status == 404
    assert heading in html and link in html
    assert_in_site_layout(html, language)
    assert 'href="/konto/anmelden/?next=/gibt-es-nicht/"' in html


def test_a_missing_organisation_gets_the_same_page(client: Client) -> None:
    status, html = page(client, "/organisationen/keine-solche-firma/")
    assert status == 404 and "Diese Seite gibt es nicht" in html


@pytest.mark.parametrize(
    ("language", "heading", "reason"),
    [
        ("de", "Diese Seite können Sie nicht öffnen", "für das Netzwerkmanagement bestimmt"),
        ("en", "You cannot open this page", "This page is for network managers."),
    ],
)
def test_a_forbidden_page_gives_the_reason_and_no_login_link_to_the_logged_in(
    client: Client, world: World, language: str, heading: str, reason: str
) -> None:
    login(client, world.carla)  # a member, not a manager
    status, html = page(client, "/bedarfe/eingang/", language)
    assert status == 403
    assert heading in html and reason in html
    assert_in_site_layout(html, language)
    assert "/konto/anmelden/" not in html.split('class="error-links"')[1]


@pytest.mark.parametrize(
    ("language", "heading"),
    [("de", "Bei uns ist etwas schiefgegangen"), ("en", "Something went wrong on our side")],
)
def test_a_server_error_renders_while_the_database_is_down(
    settings: Any, language: str, heading: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.ROOT_URLCONF = FAILING_URLS

    def broken(request: Any) -> dict[str, Any]:
        raise RuntimeError("a context processor that needs the database")

    # were the 500 page to run the context processors, this one would break it
    monkeypatch.setattr("nahwerk.context_processors.site", broken)
    client = Client(raise_request_exception=False)
    status, html = page(client, "/kaputt/", language)
    assert status == 500
    assert heading in html
    assert_in_site_layout(html, language)
    assert "could not connect" not in html  # no internals on the page


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("de", "Diese Anfrage konnten wir nicht bearbeiten"),
        ("en", "We could not process this request"),
    ],
)
def test_a_bad_request_gets_a_page_in_the_layout(
    settings: Any, language: str, heading: str
) -> None:
    settings.ROOT_URLCONF = FAILING_URLS
    status, html = page(Client(), "/unsinn/", language)
    assert status == 400
    assert heading in html
    assert_in_site_layout(html, language)


@pytest.mark.parametrize(
    ("language", "heading", "advice"),
    [
        ("de", "Ihr Formular konnte nicht angenommen werden", "laden Sie die Seite neu"),
        ("en", "Your form could not be accepted", "reload the page"),
    ],
)
def test_an_expired_form_explains_what_to_do(language: str, heading: str, advice: str) -> None:
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = language
    response = client.post("/konto/anmelden/", {"username": "x", "password": "y"})
    html = response.content.decode()
    assert response.status_code == 403
    assert heading in html and advice in html
    assert_in_site_layout(html, language)
    assert "CSRF" not in html
