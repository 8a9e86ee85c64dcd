"""The engine stays pure: no module of nahwerk_engine imports Django or a project app."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import nahwerk_engine

PACKAGE = Path(nahwerk_engine.__file__).parent
FORBIDDEN = {
    "django",
    "reference",
    "directory",
    "networks",
    "projects",
    "accounts",
    "demo",
    "nahwerk",
}


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_no_module_imports_django_or_an_app() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(imported_roots(path) & FORBIDDEN)
        for path in PACKAGE.rglob("*.py")
        if "tests" not in path.parts
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_engine_imports_without_django_configured() -> None:
    code = (
        "import sys, nahwerk_engine.geo, nahwerk_engine.postcodes; "
        "assert 'django' not in sys.modules, 'django was imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env={"PATH": ""})
