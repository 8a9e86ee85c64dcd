"""The compose file reads the same under Docker Compose v2 and podman-compose.

Both were written for (docs/deployment.md, Containers). Building and running the image
needs a container engine and its registries, which the test machines do not have; what
that run found is kept here so that it does not come back.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

REPOSITORY = Path(__file__).resolve().parents[1]
COMPOSE = REPOSITORY / "compose.yaml"
APPLICATION = ("migrate", "web", "worker")


def test_no_variable_has_an_empty_default() -> None:
    # podman-compose 1.0.3 (Debian 12) leaves "${NAME:-}" as it is, and Django refused the
    # text "${CSRF_TRUSTED_ORIGINS:-}" as an origin; optional settings come from env_file
    assert re.findall(r"\$\{\w+:?-\}", COMPOSE.read_text()) == []


def test_the_application_services_get_every_setting_of_the_env_file() -> None:
    services = yaml.safe_load(COMPOSE.read_text())["services"]
    for name in APPLICATION:
        assert services[name]["env_file"] == ".env", name
        environment = services[name]["environment"]
        assert environment["DATABASE_URL"].endswith("@db:5432/nahwerk"), name
        assert "SECRET_KEY" in environment, name


def test_the_service_user_has_a_place_for_matplotlib_in_the_image() -> None:
    # the home directory /app belongs to root; without this every start rebuilt the cache
    containerfile = (REPOSITORY / "Containerfile").read_text()
    assert "ENV MPLCONFIGDIR=/app/var/matplotlib" in containerfile
    assert re.search(r"chown -R nahwerk:nahwerk [^\n]*var/matplotlib", containerfile)
