"""The API limits requests per client address without login and per user with a token."""

from __future__ import annotations

from typing import Any

import pytest

from nahwerk.api.tests.conftest import token_client

pytestmark = pytest.mark.django_db


def test_anonymous_reads_are_limited_per_address(world: Any, settings: Any) -> None:
    settings.NAHWERK_API_RATE_ANONYMOUS = "3/m"
    client = token_client(None)
    for _ in range(3):
        assert client.get("/api/organisations/", REMOTE_ADDR="192.0.2.1").status_code == 200
    refused = client.get("/api/organisations/", REMOTE_ADDR="192.0.2.1")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"] == "Too many requests. Please try again in 1 minute."
    # another client goes on
    assert client.get("/api/organisations/", REMOTE_ADDR="192.0.2.2").status_code == 200


def test_a_user_has_a_limit_of_its_own(world: Any, settings: Any) -> None:
    settings.NAHWERK_API_RATE_ANONYMOUS = "1/m"
    settings.NAHWERK_API_RATE_USER = "2/m"
    anonymous, carla = token_client(None), token_client(world.carla)
    assert anonymous.get("/api/needs/").status_code == 200
    assert anonymous.get("/api/needs/").status_code == 429
    assert carla.get("/api/needs/").status_code == 200
    assert carla.get("/api/needs/").status_code == 200
    assert carla.get("/api/needs/").status_code == 429
