"""Shared borders of neighbouring polygons, simplified once so that neighbours still meet.

Simplifying each district on its own moves a shared border differently on either side, and
the map shows double lines and slivers. Here every border between two neighbours (an
*arc*) is cut out once, simplified once and then used by both sides: as lines for the
borders, and reassembled into rings for filled areas (the land, a state).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from nahwerk_engine.geo import simplify_line

__all__ = [
    "Arc",
    "assemble_rings",
    "border_arcs",
    "point_in_ring",
    "round_coordinates",
    "simplify_arcs",
]

Coordinate = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Arc:
    """A border between the polygons ``sides`` (one key: an outer border, e.g. a coast).

    ``points`` run from one junction to the next; a closed arc (first == last point) is a
    whole ring that meets no third polygon, e.g. an island or an enclave.
    """

    points: tuple[Coordinate, ...]
    sides: frozenset[str]

    @property
    def closed(self) -> bool:
        return self.points[0] == self.points[-1]


def _rings(geometry: Mapping) -> list[list[Coordinate]]:
    kind = geometry["type"]
    polygons = [geometry["coordinates"]] if kind == "Polygon" else geometry["coordinates"]
    if kind not in ("Polygon", "MultiPolygon"):
        raise ValueError(f"unsupported geometry type {kind!r}")
    rings = []
    for polygon in polygons:
        for ring in polygon:
            points: list[Coordinate] = []
            for x, y, *_ in ring:
                point = (float(x), float(y))
                if not points or points[-1] != point:
                    points.append(point)
            if points[0] != points[-1]:
                points.append(points[0])
            if len(points) >= 4:
                rings.append(points)
    return rings


def _canonical_ring(points: Sequence[Coordinate]) -> tuple[Coordinate, ...]:
    """The same closed ring, whatever its start and direction, gives the same tuple."""
    open_ring = list(points[:-1])
    candidates = []
    for ring in (open_ring, open_ring[::-1]):
        start = ring.index(min(ring))
        rotated = ring[start:] + ring[:start]
        candidates.append((*rotated, rotated[0]))
    return min(candidates)


def border_arcs(polygons: Mapping[str, Mapping]) -> list[Arc]:
    """Cut the rings of keyed GeoJSON (Multi)Polygons into arcs shared by their neighbours.

    Neighbours must share their border vertices exactly (as the official boundary files
    do). A point is a junction when it has more than two distinct neighbouring points
    over all rings: there a border between two polygons begins or ends.

    >>> a = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    >>> b = {"type": "Polygon", "coordinates": [[[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]]}
    >>> arcs = border_arcs({"a": a, "b": b})
    >>> sorted(sorted(arc.sides) for arc in arcs)
    [['a'], ['a', 'b'], ['b']]
    >>> [arc.points for arc in arcs if len(arc.sides) == 2]
    [((1.0, 0.0), (1.0, 1.0))]

    Runs in O(n) on the n vertices (plus sorting the closed rings).
    """
    keyed_rings = [(key, ring) for key, geometry in polygons.items() for ring in _rings(geometry)]
    neighbours: dict[Coordinate, set[Coordinate]] = defaultdict(set)
    for _, ring in keyed_rings:
        for p, q in itertools.pairwise(ring):
            neighbours[p].add(q)
            neighbours[q].add(p)
    junctions = {p for p, near in neighbours.items() if len(near) > 2}

    arcs: dict[tuple[Coordinate, ...], set[str]] = {}
    for key, ring in keyed_rings:
        open_ring = ring[:-1]
        cuts = [i for i, p in enumerate(open_ring) if p in junctions]
        if not cuts:
            arcs.setdefault(_canonical_ring(ring), set()).add(key)
            continue
        start = cuts[0]
        rotated = open_ring[start:] + open_ring[:start] + [open_ring[start]]
        piece: list[Coordinate] = [rotated[0]]
        for point in rotated[1:]:
            piece.append(point)
            if point in junctions:
                forward = tuple(piece)
                arcs.setdefault(min(forward, forward[::-1]), set()).add(key)
                piece = [point]
    return [Arc(points=points, sides=frozenset(sides)) for points, sides in arcs.items()]


def simplify_arcs(arcs: Iterable[Arc], tolerance: float) -> list[Arc]:
    """Simplify each arc once (Ramer-Douglas-Peucker, ends kept); tiny closed rings go.

    Both neighbours use the same simplified arc, so they still meet exactly.
    """
    simplified = []
    for arc in arcs:
        points = simplify_line(arc.points, tolerance)
        if arc.closed and len(points) < 4:
            continue
        # rounded alike, whether simplify_line kept a short arc as it was or not, so that
        # arcs still meet at their junctions
        rounded = tuple((round(p[0], 5), round(p[1], 5)) for p in points)
        simplified.append(Arc(points=rounded, sides=arc.sides))
    return simplified


def point_in_ring(point: Sequence[float], ring: Sequence[Sequence[float]]) -> bool:
    """Whether ``point`` (x, y) lies inside a closed ring (even-odd rule).

    >>> square = [(0, 0), (2, 0), (2, 2), (0, 2), (0, 0)]
    >>> point_in_ring((1, 1), square), point_in_ring((3, 1), square)
    (True, False)
    """
    x, y = point[0], point[1]
    inside = False
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def _chain(arcs: list[Arc]) -> list[list[Coordinate]]:
    """Join open arcs end to end into closed rings (each junction of a simple outline
    joins exactly two of them)."""
    rings = [list(arc.points) for arc in arcs if arc.closed]
    open_arcs = [arc.points for arc in arcs if not arc.closed]
    by_end: dict[Coordinate, list[int]] = defaultdict(list)
    for index, points in enumerate(open_arcs):
        by_end[points[0]].append(index)
        by_end[points[-1]].append(index)
    used = [False] * len(open_arcs)
    for first in range(len(open_arcs)):
        if used[first]:
            continue
        used[first] = True
        ring = list(open_arcs[first])
        while ring[-1] != ring[0]:
            following = [i for i in by_end[ring[-1]] if not used[i]]
            if not following:
                break  # an outline that does not close: leave it out
            nxt = following[0]
            used[nxt] = True
            points = open_arcs[nxt]
            ring.extend(points[1:] if points[0] == ring[-1] else points[-2::-1])
        if ring[-1] == ring[0] and len(ring) >= 4:
            rings.append(ring)
    return rings


def _ring_area(ring: Sequence[Coordinate]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)))


def assemble_rings(arcs: Iterable[Arc], inside: Callable[[str], bool]) -> dict:
    """The area of all polygons for which ``inside(key)`` holds, as a GeoJSON MultiPolygon.

    Its outline is made of the arcs with exactly one side inside; a ring within an odd
    number of other rings is a hole (Bremen within Lower Saxony, say).

    >>> a = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    >>> b = {"type": "Polygon", "coordinates": [[[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]]}
    >>> land = assemble_rings(border_arcs({"a": a, "b": b}), lambda key: True)
    >>> len(land["coordinates"]), len(land["coordinates"][0][0])
    (1, 7)
    """
    outline = [arc for arc in arcs if sum(1 for key in arc.sides if inside(key)) == 1]
    rings = _chain(outline)
    depth = []
    for index, ring in enumerate(rings):
        # the middle of the first edge lies on no other ring (rings meet only at vertices)
        probe = ((ring[0][0] + ring[1][0]) / 2, (ring[0][1] + ring[1][1]) / 2)
        depth.append(
            sum(1 for j, other in enumerate(rings) if j != index and point_in_ring(probe, other))
        )
    outers = [i for i, d in enumerate(depth) if d % 2 == 0]
    polygons: dict[int, list[list[Coordinate]]] = {i: [rings[i]] for i in outers}
    for index, d in enumerate(depth):
        if d % 2 == 0:
            continue
        probe = (
            (rings[index][0][0] + rings[index][1][0]) / 2,
            (rings[index][0][1] + rings[index][1][1]) / 2,
        )
        holders = [
            i
            for i in outers
            if _ring_area(rings[i]) > _ring_area(rings[index]) and point_in_ring(probe, rings[i])
        ]
        if holders:
            polygons[min(holders, key=lambda i: _ring_area(rings[i]))].append(rings[index])
    coordinates = [[[list(p) for p in ring] for ring in polygon] for polygon in polygons.values()]
    return {"type": "MultiPolygon", "coordinates": coordinates}


def round_coordinates(points: Sequence[Coordinate], digits: int) -> list[list[float]]:
    """Coordinates rounded for sending (4 digits are about 10 m), repeated points dropped."""
    rounded: list[list[float]] = []
    for x, y in points:
        point = [round(x, digits), round(y, digits)]
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    return rounded
