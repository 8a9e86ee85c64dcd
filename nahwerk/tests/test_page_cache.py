"""Pages for visitors who are not logged in are kept (ANONYMOUS_PAGE_CACHE_SECONDS).

Production keeps them a minute, in the database for all web processes; the demo and the other tests do not
(settings). Here the cache is switched on as in production.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client

from nahwerk.directory.models import Organisation
from nahwerk.settings import with_page_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.MIDDLEWARE = with_page_cache(settings.MIDDLEWARE)
    settings.CACHE_MIDDLEWARE_SECONDS = 60
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def rename_quietly(organisation: Organisation, name: str) -> None:
    # as a change of another process would: nothing in this one learns of it
    Organisation.objects.filter(pk=organisation.pk).update(name=name)


def test_a_public_page_sets_no_cookie_so_that_it_can_be_kept(world, client) -> None:
    for url in ("/", "/organisationen/", "/netzwerke/nord/", "/veranstaltungen/"):
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cookies, url  # a CSRF cookie would make it one visitor's page


def test_visitors_without_login_get_the_kept_page(world, client, page_cache) -> None:
    assert "Nord Keramik GmbH" in client.get("/organisationen/").content.decode()
    rename_quietly(world.north_public, "Nord Porzellan GmbH")
    response = Client().get("/organisationen/")  # another visitor, within a minute
    assert "Nord Keramik GmbH" in response.content.decode()
    assert response["Cache-Control"] == "max-age=60"
    caches["pages"].clear()  # a minute later
    assert "Nord Porzellan GmbH" in Client().get("/organisationen/").content.decode()


def test_each_language_has_its_own_page(world, client, page_cache) -> None:
    assert "Organisationen" in client.get("/organisationen/").content.decode()
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = english.get("/organisationen/").content.decode()
    assert "<h1>Organisations</h1>" in html


def test_logged_in_people_always_get_a_fresh_and_private_page(world, as_user, page_cache):
    alice = as_user(world.alice)
    alice.get("/organisationen/")
    rename_quietly(world.north_public, "Nord Porzellan GmbH")
    response = alice.get("/organisationen/")
    assert "Nord Porzellan GmbH" in response.content.decode()
    assert "private" in response["Cache-Control"]
    # nor is a logged-in person's page kept for the public
    assert "Nord Geheim GmbH" not in Client().get("/organisationen/").content.decode()


def test_api_token_answers_are_private(world, client, page_cache) -> None:
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=world.alice)
    header = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    first = client.get("/api/organisations/", **header)
    assert "private" in first["Cache-Control"]
    names = {o["name"] for o in first.json()["results"]}
    assert "Nord Geheim GmbH" in names  # alice's network sees it
    public = {o["name"] for o in Client().get("/api/organisations/").json()["results"]}
    assert "Nord Geheim GmbH" not in public


@pytest.mark.parametrize("url", ["/partner-finden/?q=Keramik", "/api/partners/?q=Keramik"])
def test_the_partner_search_is_never_kept(world, client, page_cache, url) -> None:
    response = client.get(url)
    assert "no-store" in response["Cache-Control"]


def test_the_language_switch_needs_no_token(world) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/organisationen/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_a_kept_page_serves_every_web_process(world, client, page_cache) -> None:
    from django.db import connection

    client.get("/organisationen/")
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM nahwerk_page_cache")
        assert cursor.fetchone()[0] >= 1  # in the database, not in this process


def test_erasing_a_person_drops_the_kept_pages(world, client, page_cache) -> None:
    from django.db import connection

    from nahwerk.privacy.erasure import erase
    from nahwerk.privacy.subjects import DataSubject

    client.get("/organisationen/")
    erase(DataSubject(user=world.alice), by=world.alice, by_manager=False)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM nahwerk_page_cache")
        assert cursor.fetchone()[0] == 0
