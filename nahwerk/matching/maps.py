"""What the results map of the partner search shows first."""

from __future__ import annotations

from typing import Any

from nahwerk_engine.geo import GERMANY, Point, focus_box


def results_map_data(*, origin: dict[str, Any] | None, markers: list[dict[str, Any]]) -> dict:
    """Markers and origin for search-map.js, with the box to fit the view to.

    The box holds the origin and the results near it (``focus_box``): a far-away partner
    is on the map but does not zoom it out to Europe. ``abroad`` says whether any result
    lies outside Germany, so the map lets the user zoom out to it.
    """
    points = [Point(lat=m["lat"], lon=m["lon"]) for m in markers]
    start = Point(lat=origin["lat"], lon=origin["lon"]) if origin else None
    box = focus_box(points, origin=start)
    return {
        "origin": origin,
        "markers": markers,
        "focus": [box.south, box.west, box.north, box.east] if box else None,
        "abroad": any(not GERMANY.contains(p) for p in points),
    }
