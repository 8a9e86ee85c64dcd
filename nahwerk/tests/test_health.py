"""The health check: 200 with JSON when the database answers and the index exists, else 503."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client

pytestmark = pytest.mark.django_db


def test_it_answers_503_without_a_partner_index(client: Client, matching_index: Path) -> None:
    response = client.get("/health/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "index": "missing"},
    }


def test_it_answers_200_once_the_index_is_built_and_says_when_it_is_loaded(
    client: Client, matching_index: Path
) -> None:
    from nahwerk.matching.services import index_cache, rebuild_index

    rebuild_index()
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "index": "built"}}
    index_cache.get()
    assert client.get("/health/").json()["checks"]["index"] == "loaded"


def test_it_answers_503_when_the_database_does_not(
    client: Client, matching_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(self: CursorWrapper, *args: Any, **kwargs: Any) -> None:
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unreachable"


def test_it_is_never_cached_and_only_read(client: Client, matching_index: Path) -> None:
    assert "no-cache" in client.get("/health/")["Cache-Control"]
    assert client.post("/health/").status_code == 405


def test_it_answers_over_plain_http_where_pages_redirect_to_https(
    client: Client, settings: Any, matching_index: Path
) -> None:
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health/").status_code == 503  # answered, not redirected
    assert client.get("/").status_code == 301
