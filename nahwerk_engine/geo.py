"""Distances, centroids and line simplification on WGS 84 coordinates."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

__all__ = [
    "EARTH_RADIUS_KM",
    "GERMANY",
    "Box",
    "Point",
    "centroid",
    "distance_km",
    "focus_box",
    "simplify_geometry",
    "simplify_line",
]

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True, slots=True)
class Point:
    """A position in degrees (WGS 84)."""

    lat: float
    lon: float


def distance_km(a: Point, b: Point) -> float:
    """Great-circle distance between two points in kilometres (haversine formula).

    >>> round(distance_km(Point(50.4387, 7.6689), Point(50.4387, 7.6689)), 3)
    0.0
    >>> round(distance_km(Point(51.5136, 7.4653), Point(51.4818, 7.2162)))  # Dortmund-Bochum
    18
    """
    phi1, phi2 = math.radians(a.lat), math.radians(b.lat)
    dphi = phi2 - phi1
    dlmb = math.radians(b.lon - a.lon)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


Ring = list[list[float]]


def _ring_area_centroid(ring: Sequence[Sequence[float]]) -> tuple[float, float, float]:
    """Signed area and area-weighted centroid of one closed ring (planar, lon/lat)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if area == 0:
        return 0.0, ring[0][0], ring[0][1]
    return area, cx / (6 * area), cy / (6 * area)


def _polygons(geometry: dict) -> list[list[Ring]]:
    kind = geometry["type"]
    if kind == "Polygon":
        return [geometry["coordinates"]]
    if kind == "MultiPolygon":
        return list(geometry["coordinates"])
    raise ValueError(f"unsupported geometry type {kind!r}")


def centroid(geometry: dict) -> Point:
    """Area-weighted centroid of a GeoJSON Polygon or MultiPolygon (outer rings only).

    Good enough for placing a label or measuring distance to a district; the planar
    approximation errs by far less than a district's size at German latitudes.

    >>> centroid({"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]]})
    Point(lat=1.0, lon=1.0)
    """
    total = sx = sy = 0.0
    for polygon in _polygons(geometry):
        area, cx, cy = _ring_area_centroid(polygon[0])
        weight = abs(area)
        total += weight
        sx += cx * weight
        sy += cy * weight
    if total == 0:
        first = _polygons(geometry)[0][0][0]
        return Point(lat=first[1], lon=first[0])
    return Point(lat=sy / total, lon=sx / total)


def _perpendicular_distance(p: Sequence[float], a: Sequence[float], b: Sequence[float]) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == 0 and dy == 0:
        return math.hypot(p[0] - a[0], p[1] - a[1])
    t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)
    t = max(0.0, min(1.0, t))
    return math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy))


def _simplify_line(points: Sequence[Sequence[float]], tolerance: float) -> Ring:
    """Ramer-Douglas-Peucker, iterative so that long rings do not hit the recursion limit."""
    if len(points) < 3:
        return [list(p) for p in points]
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        start, end = stack.pop()
        worst, index = 0.0, -1
        for i in range(start + 1, end):
            d = _perpendicular_distance(points[i], points[start], points[end])
            if d > worst:
                worst, index = d, i
        if index != -1 and worst > tolerance:
            keep[index] = True
            stack.append((start, index))
            stack.append((index, end))
    return [[round(points[i][0], 5), round(points[i][1], 5)] for i in range(len(points)) if keep[i]]


def simplify_line(points: Sequence[Sequence[float]], tolerance: float) -> Ring:
    """Ramer-Douglas-Peucker on one line (``tolerance`` in degrees); both ends are kept.

    >>> simplify_line([[0, 0], [1, 0.0001], [2, 0]], 0.01)
    [[0, 0], [2, 0]]
    """
    return _simplify_line(points, tolerance)


def simplify_geometry(geometry: dict, tolerance: float) -> dict:
    """Simplify a GeoJSON (Multi)Polygon for display; rings that collapse are dropped.

    ``tolerance`` is in degrees (0.002 is about 150-200 m in Germany). Runs in
    O(n log n) on typical rings, O(n^2) in the worst case.

    >>> square = [[0, 0], [1, 0], [1, 0.0001], [1, 1], [0, 1], [0, 0]]
    >>> simplify_geometry({"type": "Polygon", "coordinates": [square]}, 0.01)["coordinates"]
    [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]
    """
    simplified: list[list[Ring]] = []
    for polygon in _polygons(geometry):
        rings = [_simplify_line(ring, tolerance) for ring in polygon]
        if len(rings[0]) < 4:
            continue
        simplified.append([ring for ring in rings if len(ring) >= 4])
    if not simplified:  # too small to survive: keep the original outer ring
        simplified = [[_polygons(geometry)[0][0]]]
    if len(simplified) == 1:
        return {"type": "Polygon", "coordinates": simplified[0]}
    return {"type": "MultiPolygon", "coordinates": simplified}


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in degrees: south, west, north, east."""

    south: float
    west: float
    north: float
    east: float

    def contains(self, point: Point) -> bool:
        return self.south <= point.lat <= self.north and self.west <= point.lon <= self.east

    def clamp(self, other: Box) -> Box:
        """This box cut to ``other`` (unchanged where it lies inside it)."""
        return Box(
            south=max(self.south, other.south),
            west=max(self.west, other.west),
            north=min(self.north, other.north),
            east=min(self.east, other.east),
        )

    @classmethod
    def around(cls, points: Sequence[Point]) -> Box:
        return cls(
            south=min(p.lat for p in points),
            west=min(p.lon for p in points),
            north=max(p.lat for p in points),
            east=max(p.lon for p in points),
        )


# Germany's extent (mainland and islands) with a little margin.
GERMANY = Box(south=47.2, west=5.8, north=55.1, east=15.1)


def focus_box(
    points: Sequence[Point],
    *,
    origin: Point | None = None,
    area: Box = GERMANY,
    nearest: int = 3,
    radius_km: float = 40.0,
) -> Box | None:
    """The part of a results map worth showing first: the origin and the results near it.

    Results outside ``area`` (a partner abroad) stay on the map but do not widen the
    view, unless every result lies outside it. With an origin the box holds the origin,
    every result within ``radius_km`` of it and at least the ``nearest`` closest ones;
    without one, all results in the area. The box never reaches beyond ``area`` when the
    origin or a result lies inside it.

    >>> koblenz, bonn, athens = Point(50.36, 7.59), Point(50.73, 7.10), Point(37.98, 23.73)
    >>> focus_box([bonn, athens], origin=koblenz)
    Box(south=50.36, west=7.1, north=50.73, east=7.59)
    >>> focus_box([athens]) == Box.around([athens])
    True
    """
    inside = [p for p in points if area.contains(p)]
    local = inside or list(points)
    if origin is not None:
        by_distance = sorted(local, key=lambda p: distance_km(origin, p))
        local = [
            p
            for index, p in enumerate(by_distance)
            if index < nearest or distance_km(origin, p) <= radius_km
        ]
        local.append(origin)
    if not local:
        return None
    box = Box.around(local)
    if inside or (origin is not None and area.contains(origin)):
        box = box.clamp(area)
    return box
