"""Load the shipped reference files (data/reference) into the database, idempotently."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from nahwerk.dbstats import refresh_planner_statistics
from nahwerk.reference.choices import DISTRICT_KIND_BY_SOURCE_NAME
from nahwerk.reference.models import District, IndustryCode, Postcode
from nahwerk_engine.geo import centroid, simplify_geometry
from nahwerk_engine.postcodes import PlaceRow, PostcodeIndex

# About 150-200 m in Germany: invisible at district scale, a tenth of the bytes.
DISPLAY_TOLERANCE_DEGREES = 0.0015


@dataclass(frozen=True)
class LoadReport:
    districts: int
    postcodes: int
    industry_codes: int


def reference_dir() -> Path:
    return Path(settings.DATA_DIR) / "reference"


def _read_csv(path: Path, delimiter: str = ",") -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle, delimiter=delimiter)


def load_districts(directory: Path) -> int:
    population = {
        row["AGS"]: row
        for row in _read_csv(directory / "districts_population_destatis_2018.csv", ";")
    }
    with (directory / "districts_vg5000_2021.geojson").open(encoding="utf-8") as handle:
        features = {f["properties"]["ARS"]: f["geometry"] for f in json.load(handle)["features"]}
    districts = []
    for row in _read_csv(directory / "districts_vg5000_2021_attributes.csv"):
        geometry = features[row["ARS"]]
        centre = centroid(geometry)
        stats = population.get(row["AGS"], {})
        districts.append(
            District(
                ags=row["AGS"],
                name=row["GEN"],
                kind=DISTRICT_KIND_BY_SOURCE_NAME[row["BEZ"]],
                state_code=row["SN_L"],
                nuts3=row["NUTS"],
                area_km2=float(stats["area_km2"]) if stats.get("area_km2") else None,
                population=int(stats["population"]) if stats.get("population") else None,
                latitude=round(centre.lat, 5),
                longitude=round(centre.lon, 5),
                boundary=simplify_geometry(geometry, DISPLAY_TOLERANCE_DEGREES),
            )
        )
    District.objects.bulk_create(
        districts,
        update_conflicts=True,
        unique_fields=["ags"],
        update_fields=[
            "name",
            "kind",
            "state_code",
            "nuts3",
            "area_km2",
            "population",
            "latitude",
            "longitude",
            "boundary",
        ],
    )
    return len(districts)


def read_postcode_index(directory: Path) -> PostcodeIndex:
    rows = (
        PlaceRow(
            postcode=row["zipcode"],
            place=row["place"],
            district_ags=row["community_code"],
            lat=float(row["latitude"]),
            lon=float(row["longitude"]),
        )
        for row in _read_csv(directory / "postcodes_geonames_de.csv")
        if row["community_code"]
    )
    return PostcodeIndex.from_rows(rows)


def load_postcodes(directory: Path) -> int:
    known = set(District.objects.values_list("ags", flat=True))
    postcodes = [
        Postcode(
            code=entry.postcode,
            place=entry.place,
            latitude=entry.point.lat,
            longitude=entry.point.lon,
            district_id=entry.district_ags,
        )
        for entry in read_postcode_index(directory).entries()
        if entry.district_ags in known
    ]
    Postcode.objects.bulk_create(
        postcodes,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["place", "latitude", "longitude", "district"],
    )
    return len(postcodes)


def load_industry_codes(directory: Path) -> int:
    # English: the official NACE Rev. 2 titles (WZ 2008 equals NACE Rev. 2 on levels 1-4);
    # the 340 subclasses that split a class have no official English title and carry
    # nahwerk's translation of their German one.
    english = {
        row["code"]: row["title_en"]
        for name in ("wz2008_en_nace_rev2.csv", "wz2008_subclasses_en.csv")
        for row in _read_csv(directory / name)
    }
    rows = {row["code"]: row for row in _read_csv(directory / "wz2008_de.csv")}

    def section(code: str) -> str:
        while rows[code]["parent"]:
            code = rows[code]["parent"]
        return code

    codes = [
        IndustryCode(
            code=code,
            level=int(row["level"]),
            title_de=row["title_de"],
            title_en=english.get(code, ""),
            section=section(code),
            parent_id=row["parent"] or None,
        )
        for code, row in rows.items()
    ]
    # Parents before children, so that each foreign key points to an existing row.
    codes.sort(key=lambda c: c.level)
    IndustryCode.objects.bulk_create(
        codes,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["level", "title_de", "title_en", "parent", "section"],
    )
    return len(codes)


@transaction.atomic
def load_reference_data(directory: Path | None = None) -> LoadReport:
    """Insert or update every district, postcode and WZ code; safe to run again."""
    directory = directory or reference_dir()
    districts = load_districts(directory)
    postcodes = load_postcodes(directory)
    industry_codes = load_industry_codes(directory)
    refresh_planner_statistics(District, Postcode, IndustryCode)
    return LoadReport(districts=districts, postcodes=postcodes, industry_codes=industry_codes)
