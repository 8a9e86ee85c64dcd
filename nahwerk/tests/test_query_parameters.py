"""Numbers in query parameters: out of range or not ASCII digits is a 400 naming them."""

from __future__ import annotations

from typing import Any

import pytest

from nahwerk.queryparams import MAX_ID, InvalidParameter, parse_whole_number

TOO_BIG = str(MAX_ID + 1)  # 9223372036854775808: overflows SQLite's and PostgreSQL's bigint


@pytest.mark.parametrize("value", [TOO_BIG, "²", "٣", "1.5", "-1", "0", "1e3", " ", "abc"])
def test_it_refuses_what_is_no_id(value: str) -> None:
    with pytest.raises(InvalidParameter) as refused:
        parse_whole_number("network", value)
    assert "network" in refused.value.message
    assert value.strip() in refused.value.message


@pytest.mark.parametrize(("value", "number"), [("1", 1), (" 42 ", 42), (str(MAX_ID), MAX_ID)])
def test_it_reads_ids(value: str, number: int) -> None:
    assert parse_whole_number("network", value) == number


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        f"/api/needs/?network={TOO_BIG}",
        "/api/needs/?network=²",
        f"/api/organisations/?network={TOO_BIG}",
        "/api/organisations/?network=²",
    ],
)
def test_the_api_names_the_parameter_and_value(client: Any, world: Any, url: str) -> None:
    client.raise_request_exception = False
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    (message,) = response.json()["network"]
    assert "network" in message
    assert url.rsplit("=", 1)[1] in message


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/organisations/", "/api/needs/"])
@pytest.mark.parametrize("value", ["abc", "0", "-1", "²", "1.5", TOO_BIG])
def test_the_api_names_a_bad_page_number(client: Any, world: Any, path: str, value: str) -> None:
    # DRF answers these with 404 "Invalid page." as if the list were not there
    response = client.get(path, {"page": value})
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    (message,) = response.json()["page"]
    assert message.startswith("Der Parameter „page“ hat den ungültigen Wert")
    assert f"„{value}“" in message


@pytest.mark.django_db
def test_the_api_pages_as_before(client: Any, world: Any) -> None:
    first = client.get("/api/organisations/", {"page": "1"})
    assert first.status_code == 200
    assert client.get("/api/organisations/").json() == first.json()
    assert client.get("/api/organisations/", {"page": "last"}).json() == first.json()
    # a page after the last is not there: 404, as DRF answers it
    after = client.get("/api/organisations/", {"page": "9999"})
    assert after.status_code == 404
    assert after["Content-Type"] == "application/json"


@pytest.mark.django_db
def test_the_schema_says_pages_start_at_one(client: Any) -> None:
    schema = client.get("/api/schema/?format=json").json()
    (page,) = [
        p
        for p in schema["paths"]["/api/organisations/"]["get"]["parameters"]
        if p["name"] == "page"
    ]
    assert page["schema"] == {"type": "integer", "minimum": 1}


@pytest.mark.django_db
def test_the_api_still_filters_by_a_network_id_and_slug(client: Any, world: Any) -> None:
    by_id = client.get(f"/api/organisations/?network={world.north.pk}").json()
    by_slug = client.get("/api/organisations/?network=nord").json()
    assert {o["slug"] for o in by_id["results"]} == {"nord-keramik"}
    assert by_slug == by_id


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "name"), [("/organisationen/", "page"), ("/konto/einladen/", "seite")]
)
@pytest.mark.parametrize("value", [TOO_BIG + "0000", "²", "x"])
def test_pages_refuse_a_bad_page_number(
    as_user: Any, world: Any, path: str, name: str, value: str
) -> None:
    client = as_user(world.alice)
    client.raise_request_exception = False
    response = client.get(path, {name: value})
    assert response.status_code == 400
    assert "400.html" in [t.name for t in response.templates]
    reason = response.context["reason"]
    assert name in reason
    assert value[:40] in reason


@pytest.mark.django_db
def test_a_page_after_the_last_shows_the_last(as_user: Any, world: Any) -> None:
    response = as_user(world.alice).get("/organisationen/", {"page": "9999"})
    assert response.status_code == 200
    assert response.context["page"].number == response.context["page"].paginator.num_pages


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/nope/", "/api/", "/api/needs/1/nope/"])
def test_unknown_api_paths_answer_json(client: Any, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


@pytest.mark.django_db
def test_an_api_path_without_slash_is_still_redirected(client: Any) -> None:
    response = client.get("/api/needs")
    assert response.status_code == 301
    assert response["Location"] == "/api/needs/"


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["\U000a93bc", "?!", "—"])
def test_a_search_without_words_is_refused(client: Any, world: Any, q: str) -> None:
    # found by Schemathesis: an unassigned character crashed the engine with a 500
    client.raise_request_exception = False
    response = client.get("/api/partners/", {"q": q})
    assert response.status_code == 400
    assert response.json() == {"q": ["Beschreiben Sie, was Sie suchen."]}
    page = client.get("/partner-finden/", {"q": q})
    assert page.status_code in (200, 400)
    assert "Beschreiben Sie, was Sie suchen." in page.content.decode()
