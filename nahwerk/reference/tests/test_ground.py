"""The offline map ground: what it holds, how big it is and how it is cached."""

from __future__ import annotations

import gzip
import json

import pytest
from django.urls import reverse

from nahwerk.reference.ground import build_ground, ground_payload, town_zoom
from nahwerk_engine.topology import point_in_ring

URL = "/karte/grund.json"


@pytest.fixture(scope="module")
def ground() -> dict:
    return json.loads(ground_payload().body)


def features(ground: dict) -> dict[str, dict]:
    return {f["properties"]["kind"]: f for f in ground["features"]}


def test_url_is_stable() -> None:
    assert reverse("reference:ground") == URL


def test_ground_has_land_state_and_district_borders(ground: dict) -> None:
    kinds = features(ground)
    assert set(kinds) == {"land", "state", "district"}
    land = kinds["land"]["geometry"]
    assert land["type"] == "MultiPolygon"
    # the mainland and the islands (Rügen, Fehmarn, the Frisian islands)
    assert len(land["coordinates"]) > 20
    mainland = max(land["coordinates"], key=lambda polygon: len(polygon[0]))[0]
    for lon, lat in [(7.669, 50.435), (13.405, 52.52), (11.575, 48.137), (9.99, 53.55)]:
        assert point_in_ring((lon, lat), mainland), (lon, lat)
    for lon, lat in [(2.35, 48.86), (4.9, 52.37), (16.37, 48.21)]:  # Paris, Amsterdam, Vienna
        assert not point_in_ring((lon, lat), mainland), (lon, lat)
    assert kinds["state"]["geometry"]["type"] == "MultiLineString"
    assert kinds["district"]["properties"]["min_zoom"] == 7


def test_borders_are_shared_once_and_meet(ground: dict) -> None:
    kinds = features(ground)
    state_lines = kinds["state"]["geometry"]["coordinates"]
    district_lines = kinds["district"]["geometry"]["coordinates"]
    # every border is one line, not one per neighbour: 401 districts, ~1,100 borders
    assert 900 < len(state_lines) + len(district_lines) < 1300
    ends = {tuple(line[0]) for line in district_lines} | {
        tuple(line[-1]) for line in district_lines
    }
    state_points = {tuple(point) for line in state_lines for point in line}
    # where a district border reaches a state border, both end on the same point
    assert len(ends & state_points) > 50


def test_labels_name_big_cities_early_and_districts_when_zoomed_in(ground: dict) -> None:
    labels = {(label[0], label[4]): label for label in ground["labels"]}
    assert labels[("München", "t")][3] == 5  # German names, not "Munich"
    assert labels[("Köln", "t")][3] == 5
    assert labels[("Koblenz", "t")][3] == 7.5
    assert labels[("Montabaur", "t")][3] == 10
    assert labels[("Westerwaldkreis", "d")][3] == 8
    # a kreisfreie Stadt is named once, as a town; its boroughs only close up
    assert ("Dortmund", "d") not in labels
    assert labels[("Altona", "q")][3] == 11
    # biggest first: the browser places names in this order
    assert [label[0] for label in ground["labels"][:3]] == ["Berlin", "Hamburg", "München"]


@pytest.mark.parametrize(
    ("population", "zoom"), [(3_400_000, 5.0), (250_000, 6.5), (12_345, 10.0), (5_001, 10.5)]
)
def test_bigger_towns_are_named_from_further_out(population: int, zoom: float) -> None:
    assert town_zoom(population) == zoom


def test_ground_stays_light(client) -> None:
    response = client.get(URL)
    assert len(response.content) < 450_000
    compressed = client.get(URL, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert compressed["Content-Encoding"] == "gzip"
    assert len(compressed.content) < 140_000
    assert json.loads(gzip.decompress(compressed.content)) == response.json()


def test_ground_is_cached_by_browsers(client) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert "max-age=86400" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    assert "Accept-Encoding" in response["Vary"]
    etag = response["ETag"]
    again = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert client.get(URL, HTTP_IF_NONE_MATCH='W/"something-else"').status_code == 200


def test_ground_is_the_same_in_both_languages(client) -> None:
    german = client.get(URL)
    client.cookies["django_language"] = "en"
    english = client.get(URL)
    # place names are names: the same document (and ETag) for every interface language
    assert english["ETag"] == german["ETag"]
    assert english.content == german.content


def test_ground_refuses_writes(client) -> None:
    assert client.post(URL).status_code == 405


def test_ground_needs_no_database(settings) -> None:
    """Built from the shipped files: this test has no database, and any query would fail."""
    from pathlib import Path

    data = build_ground(Path(settings.DATA_DIR) / "reference")
    assert len(data["labels"]) > 3000
