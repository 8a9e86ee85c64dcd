"""The browser libraries from npm (package.json) are installed and served locally."""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders
from django.test import override_settings

from nahwerk.checks import BROWSER_LIBRARIES, check_browser_libraries


def test_libraries_are_installed_and_found_by_the_static_finders() -> None:
    assert check_browser_libraries() == []
    assert finders.find("cytoscape/cytoscape.min.js")
    assert finders.find("chartjs/chart.umd.min.js")


def test_missing_libraries_are_reported_with_the_command_that_installs_them(
    tmp_path: Path,
) -> None:
    with override_settings(NODE_MODULES=tmp_path):
        errors = check_browser_libraries()
    assert [error.id for error in errors] == ["nahwerk.E003"]
    for name in BROWSER_LIBRARIES:
        assert name in errors[0].msg
    assert "make install" in errors[0].hint


def test_the_versions_served_are_the_ones_package_lock_pins() -> None:
    import json

    from django.conf import settings

    lock = json.loads((settings.BASE_DIR / "package-lock.json").read_text())
    for name in BROWSER_LIBRARIES:
        installed = json.loads((settings.NODE_MODULES / name / "package.json").read_text())
        assert installed["version"] == lock["packages"][f"node_modules/{name}"]["version"]
