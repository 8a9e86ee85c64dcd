"""API tokens: obtained with the password, throttled by django-axes like the login page."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from nahwerk.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/api/token/"


def obtain(username: str, password: str, address: str = "192.0.2.1") -> Any:
    return APIClient().post(
        URL, {"username": username, "password": password}, format="json", REMOTE_ADDR=address
    )


def with_token(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_a_token_for_the_password_acts_as_that_user(world: Any, needs: Any) -> None:
    response = obtain("carla", PASSWORD)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    token = response.json()["token"]
    assert obtain("carla", PASSWORD).json()["token"] == token  # the same token every time
    as_form = APIClient().post(URL, {"username": "carla", "password": PASSWORD})  # like curl -d
    assert as_form.json() == {"token": token}

    titles = {n["title"] for n in with_token(token).get("/api/needs/").json()["results"]}
    assert "Neuer Bedarf" in titles  # only its asker and the manager see a new need
    assert APIClient().get("/api/needs/").json()["results"] == []


def test_a_wrong_password_gives_no_token(world: Any) -> None:
    response = obtain("carla", "wrong")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Unable to log in with provided credentials."]}
    missing = APIClient().post(URL, {"username": "carla"}, format="json")
    assert missing.status_code == 400
    assert missing.json() == {"password": ["This field is required."]}


def test_five_failures_lock_the_username_as_on_the_login_page(
    world: Any, client: Any, settings: Any
) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert obtain("carla", "wrong").status_code in (400, 429)
    locked = obtain("carla", PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.json()["detail"]
    assert "token" not in locked.json()
    # the same count locks the login page for that username and address …
    page = client.post(
        reverse("accounts:login"),
        {"username": "carla", "password": PASSWORD},
        REMOTE_ADDR="192.0.2.1",
    )
    assert page.status_code == 429
    # … but not another address, nor another user
    assert obtain("carla", PASSWORD, address="198.51.100.7").status_code == 200
    assert obtain("alice", PASSWORD).status_code == 200


def test_a_bad_or_revoked_token_is_refused(world: Any) -> None:
    assert with_token("not-a-token").get("/api/needs/").status_code == 401
    token = obtain("carla", PASSWORD).json()["token"]
    client = with_token(token)
    assert client.delete(URL).status_code == 204
    refused = client.get("/api/needs/")
    assert refused.status_code == 401
    assert refused.json() == {"detail": "Invalid token."}
    assert obtain("carla", PASSWORD).json()["token"] != token


def test_writing_without_a_user_asks_for_a_token(world: Any) -> None:
    response = APIClient().post(
        "/api/needs/", {"network": world.north.pk, "title": "T", "description": "D"}, format="json"
    )
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert APIClient().delete(URL).status_code == 401


def test_the_session_of_a_logged_in_browser_works_too(world: Any, as_user: Any) -> None:
    client = as_user(world.carla)
    response = client.get(f"/api/organisations/{world.north_private.pk}/")
    assert response.status_code == 200
