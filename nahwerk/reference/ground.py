"""The offline map ground: land, state and district borders and place names.

Every map draws it when no tile server is configured (``MAP_TILE_URL``). It is built
once per process from the shipped files in ``data/reference`` (never from the
database, so it is the same before and after ``load_reference_data`` and in every test)
and served as one JSON document, compressed once, with an ETag: a browser fetches it
once a day at most and then revalidates for a 304.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings

from nahwerk_engine.geo import centroid
from nahwerk_engine.topology import (
    Arc,
    assemble_rings,
    border_arcs,
    round_coordinates,
    simplify_arcs,
)

# About 400 m: below the accuracy of the 1:5,000,000 boundaries (vertices 1-2 km apart),
# and a third fewer bytes than the file.
GROUND_TOLERANCE_DEGREES = 0.005
# Three decimals are about 100 m, less than a pixel up to zoom level 10.
GROUND_DIGITS = 3

# District borders are drawn from this zoom level on; below it they are a grey haze.
DISTRICT_BORDERS_FROM_ZOOM = 7
# Landkreise are named from this zoom level on (a kreisfreie Stadt is named as a town).
DISTRICT_NAMES_FROM_ZOOM = 8
URBAN_DISTRICT_TYPES = {"Kreisfreie Stadt", "Stadtkreis"}

# The smallest zoom level at which a town of at least this many inhabitants is named.
# At each zoom level the browser names the biggest places first and leaves out any name
# that would overlap one already placed.
TOWN_ZOOM_BY_POPULATION = [
    (500_000, 5.0),
    (200_000, 6.5),
    (100_000, 7.5),
    (50_000, 8.5),
    (20_000, 9.0),
    (10_000, 10.0),
    (0, 10.5),
]
# Parts of a kreisfreie Stadt that GeoNames lists as places of their own (Hamburg-Altona).
QUARTER_ZOOM = 11.0


@dataclass(frozen=True)
class GroundPayload:
    """The ground as JSON bytes, gzip-compressed bytes and an ETag."""

    body: bytes
    gzipped: bytes
    etag: str


def town_zoom(population: int) -> float:
    """The zoom level from which a town of this size is named.

    >>> town_zoom(1_500_000), town_zoom(66_805), town_zoom(5_690)
    (5.0, 8.5, 10.5)
    """
    return next(zoom for minimum, zoom in TOWN_ZOOM_BY_POPULATION if population >= minimum)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _lines(arcs: list[Arc]) -> dict[str, Any]:
    return {
        "type": "MultiLineString",
        "coordinates": [round_coordinates(arc.points, GROUND_DIGITS) for arc in arcs],
    }


def _number(value: float) -> float | int:
    return int(value) if value.is_integer() else value


def _labels(directory: Path, geometries: dict[str, dict]) -> list[list[Any]]:
    """``[name, lat, lon, min_zoom, kind]`` in the order in which names are placed.

    Kinds: ``t`` a town, ``q`` a quarter of a city, ``d`` a district.
    """
    districts = {
        row["AGS"]: row for row in _read_csv(directory / "districts_vg5000_2021_attributes.csv")
    }
    labels: list[tuple[float, int, list[Any]]] = []
    biggest: set[str] = set()  # districts whose biggest place has been seen
    for row in _read_csv(directory / "places_geonames_de.csv"):  # biggest first
        population = int(row["population"])
        district = districts.get(row["ags"])
        urban = district is not None and district["BEZ"] in URBAN_DISTRICT_TYPES
        quarter = urban and row["ags"] in biggest
        biggest.add(row["ags"])
        zoom = QUARTER_ZOOM if quarter else town_zoom(population)
        label = [
            row["name"],
            round(float(row["latitude"]), GROUND_DIGITS),
            round(float(row["longitude"]), GROUND_DIGITS),
            _number(zoom),
            "q" if quarter else "t",
        ]
        labels.append((zoom, -population, label))
    for _ags, row in districts.items():
        if row["BEZ"] in URBAN_DISTRICT_TYPES:
            continue
        centre = centroid(geometries[row["ARS"]])
        label = [
            row["GEN"],
            round(centre.lat, GROUND_DIGITS),
            round(centre.lon, GROUND_DIGITS),
            DISTRICT_NAMES_FROM_ZOOM,
            "d",
        ]
        # after the towns that are named at the same zoom level, before the smaller ones
        labels.append((DISTRICT_NAMES_FROM_ZOOM + 0.25, 0, label))
    labels.sort(key=lambda item: (item[0], item[1]))
    return [label for _, _, label in labels]


def build_ground(directory: Path) -> dict[str, Any]:
    """The ground as a GeoJSON FeatureCollection with the place names as ``labels``."""
    with (directory / "districts_vg5000_2021.geojson").open(encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    geometries = {f["properties"]["ARS"]: f["geometry"] for f in features}
    arcs = simplify_arcs(border_arcs(geometries), GROUND_TOLERANCE_DEGREES)

    def state(key: str) -> str:
        return key[:2]

    land = assemble_rings(arcs, lambda key: True)
    land["coordinates"] = [
        [round_coordinates([(p[0], p[1]) for p in ring], GROUND_DIGITS) for ring in polygon]
        for polygon in land["coordinates"]
    ]
    inner = [arc for arc in arcs if len(arc.sides) == 2]
    state_borders = [arc for arc in inner if len({state(key) for key in arc.sides}) == 2]
    district_borders = [arc for arc in inner if len({state(key) for key in arc.sides}) == 1]
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"kind": "land"}, "geometry": land},
            {"type": "Feature", "properties": {"kind": "state"}, "geometry": _lines(state_borders)},
            {
                "type": "Feature",
                "properties": {"kind": "district", "min_zoom": DISTRICT_BORDERS_FROM_ZOOM},
                "geometry": _lines(district_borders),
            },
        ],
        "labels": _labels(directory, geometries),
    }


@lru_cache(maxsize=1)
def ground_payload() -> GroundPayload:
    """The ground of this installation's data directory, built on first use."""
    data = build_ground(Path(settings.DATA_DIR) / "reference")
    body = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return GroundPayload(
        body=body,
        # mtime=0: the same bytes in every process, so every worker sends the same ETag
        gzipped=gzip.compress(body, compresslevel=9, mtime=0),
        etag='W/"' + hashlib.sha256(body).hexdigest()[:32] + '"',
    )
