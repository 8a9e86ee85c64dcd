"""Production settings: no start without a secret key, the security headers, check --deploy.

Each case imports the settings in a fresh interpreter with an environment of its own, as
a server would start, because the test process itself runs as the demo.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "SECRET_KEY": "a-production-key-of-fifty-random-characters-4f8a9c2e7b1d6e3f0a5b",
    "ALLOWED_HOSTS": "nahwerk.example.org",
    "DJANGO_SETTINGS_MODULE": "nahwerk.settings",
}


# What the test run sets (the demo, the browser tests' async switch) and a server does not.
NOT_IN_PRODUCTION = {"NAHWERK_DEMO", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def server_env(**env: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if k not in NOT_IN_PRODUCTION}
    return {**clean, **env}


def run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=server_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


SHOW = "import django; django.setup(); from django.conf import settings as s; print(repr(({})))"


@pytest.mark.parametrize("key", ["", "insecure-development-key-change-me"])
def test_production_refuses_to_start_without_a_secret_key_of_its_own(key: str) -> None:
    result = run(SHOW.format("s.SECRET_KEY"), **{**PRODUCTION, "SECRET_KEY": key})
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr
    assert "docs/deployment.md" in result.stderr


@pytest.mark.parametrize("flag", ["NAHWERK_DEMO", "DEBUG"])
def test_the_demo_and_development_start_with_the_development_key(flag: str) -> None:
    result = run(SHOW.format("s.SECRET_KEY, s.SECURE_SSL_REDIRECT"), **{flag: "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "('insecure-development-key-change-me', False)"


def test_production_defaults_are_strict() -> None:
    fields = (
        "s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS, s.STORAGES['staticfiles']['BACKEND'], "
        "s.LOGGING['handlers']['console']['formatter'], s.SECURE_PROXY_SSL_HEADER"
    )
    result = run(SHOW.format(fields), **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "(False, True, True, True, 31536000, "
        "'whitenoise.storage.CompressedManifestStaticFilesStorage', 'json', None)"
    )


def test_behind_a_tls_proxy_django_trusts_its_forwarded_proto() -> None:
    result = run(
        SHOW.format("s.SECURE_PROXY_SSL_HEADER, s.SECURE_SSL_REDIRECT"),
        **PRODUCTION,
        BEHIND_TLS_PROXY="1",
        SECURE_SSL_REDIRECT="0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "(('HTTP_X_FORWARDED_PROTO', 'https'), False)"


def test_check_deploy_is_clean_in_production(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=server_env(**PRODUCTION, SQLITE_PATH=str(tmp_path / "db.sqlite3")),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_a_tile_server_is_allowed_for_images_only() -> None:
    result = run(
        SHOW.format("s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']"),
        **PRODUCTION,
        MAP_TILE_URL="https://tiles.example.org/{z}/{x}/{y}.png",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[\"'self'\", 'data:', 'https://tiles.example.org']"


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_code(client: Client) -> None:
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy


@pytest.mark.django_db
def test_the_security_headers_of_a_production_page(client: Client, settings: Any) -> None:
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    plain = client.get("/")
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/"
    secure = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert secure["X-Frame-Options"] == "DENY"
    assert secure["X-Content-Type-Options"] == "nosniff"
