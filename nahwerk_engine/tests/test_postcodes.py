"""Tests for the postcode index (no database)."""

from __future__ import annotations

import pytest

from nahwerk_engine.postcodes import PlaceRow, PostcodeIndex, normalise_postcode


def test_postcode_spanning_two_districts_goes_to_the_majority() -> None:
    index = PostcodeIndex.from_rows(
        [
            PlaceRow("56203", "Höhr-Grenzhausen", "07143", 50.43, 7.67),
            PlaceRow("56203", "Hilgert", "07143", 50.45, 7.69),
            PlaceRow("56203", "Somewhere", "07138", 50.50, 7.50),
        ]
    )
    entry = index.get("56203")
    assert entry is not None
    assert entry.district_ags == "07143"
    assert entry.point.lat == pytest.approx(50.44)
    assert entry.places == ("Höhr-Grenzhausen", "Hilgert", "Somewhere")


def test_company_rows_do_not_name_the_place() -> None:
    index = PostcodeIndex.from_rows(
        [
            PlaceRow("10875", "Daimler Insurance Services GmbH", "08111", 48.81, 9.18),
            PlaceRow("10875", "Stuttgart", "08111", 48.78, 9.18),
        ]
    )
    entry = index.get("10875")
    assert entry is not None and entry.place == "Stuttgart"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("56203", "56203"),
        (" 09456", "09456"),
        (9456, "09456"),
        ("1234567", None),
        ("", None),
        (None, None),
        ("AB123", None),
    ],
)
def test_normalise_postcode(raw: object, expected: str | None) -> None:
    assert normalise_postcode(raw) == expected
