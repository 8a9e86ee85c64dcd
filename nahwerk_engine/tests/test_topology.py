"""Tests for shared borders: neighbours keep meeting after simplification (no database)."""

from __future__ import annotations

import doctest

from nahwerk_engine import topology
from nahwerk_engine.topology import assemble_rings, border_arcs, point_in_ring, simplify_arcs


def square(x: float, y: float, size: float = 1.0, steps: int = 8) -> dict:
    """A square with points along each edge (eighths: exact in binary, so neighbours share them)."""
    edge = [i * size / steps for i in range(steps)]
    ring = (
        [[x + d, y] for d in edge]
        + [[x + size, y + d] for d in edge]
        + [[x + size - d, y + size] for d in edge]
        + [[x, y + size - d] for d in edge]
        + [[x, y]]
    )
    return {"type": "Polygon", "coordinates": [ring]}


def test_doctests_pass() -> None:
    assert doctest.testmod(topology).failed == 0


def test_a_shared_border_is_one_arc_with_both_sides() -> None:
    arcs = border_arcs({"a": square(0, 0), "b": square(1, 0)})
    shared = [arc for arc in arcs if arc.sides == {"a", "b"}]
    assert len(shared) == 1
    assert {shared[0].points[0], shared[0].points[-1]} == {(1.0, 0.0), (1.0, 1.0)}


def test_simplified_neighbours_still_meet() -> None:
    # a wobbly shared border: simplified on each side alone, it would leave a sliver
    left = {
        "type": "Polygon",
        "coordinates": [[[0, 0], [1, 0], [1.01, 0.5], [1, 1], [0, 1], [0, 0]]],
    }
    right = {
        "type": "Polygon",
        "coordinates": [[[1, 0], [2, 0], [2, 1], [1, 1], [1.01, 0.5], [1, 0]]],
    }
    arcs = simplify_arcs(border_arcs({"a": left, "b": right}), 0.05)
    shared = [arc for arc in arcs if len(arc.sides) == 2]
    assert len(shared) == 1  # one line, drawn once, used by both sides
    assert (1.01, 0.5) not in shared[0].points


def test_an_enclave_becomes_a_hole_of_the_surrounding_area() -> None:
    outer = {
        "type": "Polygon",
        "coordinates": [
            [[0, 0], [3, 0], [3, 3], [0, 3], [0, 0]],
            [[1, 1], [1, 2], [2, 2], [2, 1], [1, 1]],
        ],
    }
    enclave = {"type": "Polygon", "coordinates": [[[1, 1], [2, 1], [2, 2], [1, 2], [1, 1]]]}
    arcs = border_arcs({"land": outer, "city": enclave})
    ring_of_city = [arc for arc in arcs if arc.sides == {"land", "city"}]
    assert len(ring_of_city) == 1 and ring_of_city[0].closed
    land = assemble_rings(arcs, lambda key: key == "land")
    assert len(land["coordinates"]) == 1
    assert len(land["coordinates"][0]) == 2  # an outer ring and the hole
    both = assemble_rings(arcs, lambda key: True)
    assert [len(polygon) for polygon in both["coordinates"]] == [1]  # no hole left


def test_islands_stay_separate_polygons() -> None:
    arcs = border_arcs({"main": square(0, 0), "island": square(5, 5)})
    land = assemble_rings(simplify_arcs(arcs, 0.01), lambda key: True)
    assert len(land["coordinates"]) == 2
    rings = [polygon[0] for polygon in land["coordinates"]]
    assert any(point_in_ring((0.5, 0.5), ring) for ring in rings)
    assert any(point_in_ring((5.5, 5.5), ring) for ring in rings)


def test_tiny_islands_vanish_when_simplified() -> None:
    arcs = border_arcs({"main": square(0, 0), "rock": square(5, 5, size=0.001, steps=1)})
    kept = simplify_arcs(arcs, 0.01)
    assert {key for arc in kept for key in arc.sides} == {"main"}
