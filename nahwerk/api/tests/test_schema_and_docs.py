"""The OpenAPI schema is served and valid; its documentation pages load nothing from outside."""

from __future__ import annotations

import re
from typing import Any

import pytest
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/token/",
    "/api/organisations/",
    "/api/organisations/{id}/",
    "/api/partners/",
    "/api/consortium/",
    "/api/regional/districts/{ags}/",
    "/api/regional/networks/{slug}/",
    "/api/regional/networks/{slug}/cooperation/",
    "/api/needs/",
    "/api/needs/{id}/",
    "/api/needs/{id}/accept/",
    "/api/needs/{id}/reject/",
    "/api/needs/{id}/route/",
    "/api/needs/{id}/answer/",
    "/api/needs/{id}/messages/",
    "/api/needs/{id}/reveal/",
    "/api/needs/{id}/outcome/",
    "/api/projects/",
    "/api/projects/{id}/",
    "/api/needs/{id}/matches/",
    "/api/needs/{id}/referrals/",
    "/api/needs/{id}/timeline/",
    "/api/funding/calls/",
    "/api/funding/calls/{id}/",
    "/api/funding/fit/",
}


def test_the_schema_is_valid_openapi_with_every_endpoint(client: Any) -> None:
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)  # raises on an invalid OpenAPI 3 document
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == PATHS
    assert "Authorization: Token" in schema["info"]["description"]
    token_scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert token_scheme == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": 'Token-based authentication with required prefix "Token"',
    }
    # the rules that keep bad input out are part of the contract
    need_input = schema["components"]["schemas"]["NeedCreateInput"]
    assert set(need_input["required"]) == {"network", "title", "description"}
    assert need_input["properties"]["description"]["maxLength"] == 10_000


def test_the_schema_is_also_served_as_yaml(client: Any) -> None:
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert response.content.startswith(b"openapi: 3.")


def local_assets(html: str) -> list[str]:
    """Every src and href of the page; all must point into this installation."""
    return re.findall(r'(?:src|href)="([^"]*)"', html)


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_the_docs_load_without_the_internet(client: Any, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assets = local_assets(html)
    assert assets, "the page loads its viewer"
    # the viewer from the installed package; its styles and Swagger UI's start script (which
    # names the schema) from this site
    for url in assets:
        assert url.startswith(("/static/drf_spectacular_sidecar/", "/static/api/", path)), url
        assert client.get(url).status_code == 200, url
        if url.startswith(path):
            html += client.get(url).content.decode()
    assert "https://" not in html and "http://" not in html
    assert "/api/schema/" in html
