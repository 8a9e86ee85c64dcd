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
