"""Tests for distances, centroids and simplification (no database)."""

from __future__ import annotations

import doctest

import pytest

from nahwerk_engine import geo, postcodes
from nahwerk_engine.geo import Point, centroid, distance_km, simplify_geometry


def test_doctests_pass() -> None:
    for module in (geo, postcodes):
        assert doctest.testmod(module).failed == 0


@pytest.mark.parametrize(
    ("a", "b", "expected_km"),
    [
        # Höhr-Grenzhausen to Koblenz, about 11 km
        (Point(50.435, 7.669), Point(50.360, 7.594), 10.0),
        # Berlin to Munich, about 504 km
        (Point(52.520, 13.405), Point(48.137, 11.575), 504.0),
    ],
)
def test_distance_matches_known_distances(a: Point, b: Point, expected_km: float) -> None:
    assert distance_km(a, b) == pytest.approx(expected_km, rel=0.03)


def test_distance_is_symmetric() -> None:
    a, b = Point(50.0, 7.0), Point(51.0, 8.0)
    assert distance_km(a, b) == pytest.approx(distance_km(b, a))


def test_centroid_of_multipolygon_weights_by_area() -> None:
    big = [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]]
    small = [[[10, 0], [11, 0], [11, 1], [10, 1], [10, 0]]]
    point = centroid({"type": "MultiPolygon", "coordinates": [big, small]})
    assert 2.0 < point.lon < 3.0
    assert point.lat == pytest.approx((2 * 16 + 0.5 * 1) / 17)


def test_simplify_keeps_shape_and_drops_collinear_points() -> None:
    ring = [[0, 0], [0.5, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
    result = simplify_geometry({"type": "Polygon", "coordinates": [ring]}, 0.001)
    assert result["coordinates"][0] == [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]


def test_simplify_rejects_unknown_geometry() -> None:
    with pytest.raises(ValueError, match="unsupported geometry type 'Point'"):
        simplify_geometry({"type": "Point", "coordinates": [0, 0]}, 0.1)


KOBLENZ = Point(50.36, 7.59)
BONN = Point(50.73, 7.10)
MONTABAUR = Point(50.44, 7.83)
BERLIN = Point(52.52, 13.40)
ATHENS = Point(37.98, 23.73)
LISBON = Point(38.72, -9.14)


def test_focus_box_leaves_partners_abroad_out_of_a_german_search() -> None:
    box = geo.focus_box([BONN, ATHENS, LISBON, MONTABAUR], origin=KOBLENZ)
    assert box is not None
    assert geo.GERMANY.contains(Point(box.south, box.west))
    assert geo.GERMANY.contains(Point(box.north, box.east))
    assert box.contains(BONN) and box.contains(MONTABAUR) and box.contains(KOBLENZ)


def test_focus_box_shows_the_origin_and_the_nearest_results_not_the_far_ones() -> None:
    near = [Point(50.36 + i * 0.01, 7.6) for i in range(5)]
    box = geo.focus_box([*near, BERLIN], origin=KOBLENZ, nearest=3, radius_km=40)
    assert box is not None
    assert not box.contains(BERLIN)
    assert all(box.contains(p) for p in near)


def test_focus_box_reaches_the_nearest_results_even_when_they_are_far() -> None:
    box = geo.focus_box([BERLIN], origin=KOBLENZ)
    assert box is not None and box.contains(BERLIN) and box.contains(KOBLENZ)


def test_focus_box_without_origin_fits_the_results_in_germany() -> None:
    box = geo.focus_box([BONN, BERLIN, ATHENS])
    assert box == geo.Box.around([BONN, BERLIN])


def test_focus_box_of_partners_only_abroad_shows_them() -> None:
    assert geo.focus_box([ATHENS, LISBON]) == geo.Box.around([ATHENS, LISBON])
    assert geo.focus_box([]) is None
