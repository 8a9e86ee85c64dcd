"""Postcode lookup: from GeoNames place rows to one position and district per postcode."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from nahwerk_engine.geo import Point

__all__ = ["POSTCODE_PATTERN", "PlaceRow", "PostcodeEntry", "PostcodeIndex", "normalise_postcode"]

POSTCODE_PATTERN = re.compile(r"^\d{5}$")

# GeoNames lists single large companies under their own postcodes ("Daimler ... GmbH");
# those rows are kept (the postcode is real) but do not name the postcode's place.
_COMPANY_MARKERS = re.compile(r"\b(GmbH|AG|KG|SE|mbH|e\. ?V\.|Verwaltung|Versicherung|Bank)\b")


@dataclass(frozen=True, slots=True)
class PlaceRow:
    """One GeoNames row: a place that carries a postcode."""

    postcode: str
    place: str
    district_ags: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class PostcodeEntry:
    """A postcode with the mean position of its places and its main district."""

    postcode: str
    place: str
    district_ags: str
    point: Point
    places: tuple[str, ...]


def normalise_postcode(value: object) -> str | None:
    """Return a 5-digit German postcode or None.

    Spreadsheets turn 09456 into the number 9456, so short numbers are zero-padded.

    >>> normalise_postcode(" 56203 "), normalise_postcode(9456.0), normalise_postcode("D-1234")
    ('56203', '09456', None)
    """
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.isdigit() and 4 <= len(text) <= 5:
        text = text.zfill(5)
    return text if POSTCODE_PATTERN.match(text) else None


class PostcodeIndex:
    """In-memory postcode → entry lookup built from place rows.

    A postcode that spans several districts is assigned to the district with most of its
    places; ties go to the lower AGS so that the result is deterministic.
    """

    def __init__(self, entries: Mapping[str, PostcodeEntry]):
        self._entries = dict(entries)

    @classmethod
    def from_rows(cls, rows: Iterable[PlaceRow]) -> PostcodeIndex:
        grouped: dict[str, list[PlaceRow]] = defaultdict(list)
        for row in rows:
            grouped[row.postcode].append(row)
        entries: dict[str, PostcodeEntry] = {}
        for code, places in grouped.items():
            towns = [p for p in places if not _COMPANY_MARKERS.search(p.place)] or places
            districts = Counter(p.district_ags for p in towns)
            best = max(districts.items(), key=lambda item: (item[1], -int(item[0])))[0]
            in_district = [p for p in towns if p.district_ags == best]
            lat = sum(p.lat for p in in_district) / len(in_district)
            lon = sum(p.lon for p in in_district) / len(in_district)
            names = tuple(dict.fromkeys(p.place for p in towns))
            entries[code] = PostcodeEntry(
                postcode=code,
                place=in_district[0].place,
                district_ags=best,
                point=Point(lat=round(lat, 5), lon=round(lon, 5)),
                places=names,
            )
        return cls(entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, postcode: object) -> bool:
        return postcode in self._entries

    def get(self, postcode: str) -> PostcodeEntry | None:
        return self._entries.get(postcode)

    def entries(self) -> Iterable[PostcodeEntry]:
        return self._entries.values()
