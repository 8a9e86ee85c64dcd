"""After logging in, each user lands on their start page unless ``next`` says otherwise."""

from __future__ import annotations

import pytest
from django.urls import reverse

from nahwerk.accounts.tests.factories import PASSWORD
from nahwerk.dashboard.tests.conftest import START

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", ["alice", "carla", "root"])
def test_the_login_form_leads_to_the_start_page(world, client, username) -> None:
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == START
    assert client.get(START).status_code == 200


def test_a_next_parameter_still_wins(world, client) -> None:
    response = client.post(
        reverse("accounts:login") + "?next=/bedarfe/eingang/",
        {"username": "alice", "password": PASSWORD, "next": "/bedarfe/eingang/"},
    )
    assert response["Location"] == "/bedarfe/eingang/"


def test_anonymous_visitors_are_sent_to_log_in_first(client) -> None:
    response = client.get(START)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login") + "?next=" + START


def test_the_header_links_to_the_start_page_only_when_logged_in(world, client) -> None:
    assert f'href="{START}"' not in client.get(reverse("networks:home")).content.decode()
    client.force_login(world.carla)
    html = client.get(reverse("networks:home")).content.decode()
    assert f'href="{START}"' in html and "Meine Übersicht" in html
