"""Two web servers on two "hosts" share one PostgreSQL and answer a search alike.

Each host is a copy of the code in a directory of its own, with its own ``var/`` (static
files, mail, backups), serving with gunicorn and ``deploy/gunicorn.conf.py`` on a port of
its own; both use one throwaway database on the PostgreSQL server of the test run. The
partner index lives in that database (``matching.models.IndexedProfile``, ``IndexState``):
after a profile is changed on host A and its worker has run the queued re-index, both
servers find the change on their next search, each by applying the one changed profile
to the index it holds (``matching.services._IndexCache``), without a rebuild or a new
load. The same situation in one process with two index caches:
``nahwerk/matching/tests/test_shared_index.py``.

PostgreSQL only: SQLite is a file on one machine, which two hosts cannot share. Runs in
the PostgreSQL pass of ``make test`` (2.5 minutes on this machine when quiet, most of
it loading the models in four processes; 10 minutes under a heavy load).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]
DATABASE_URL = os.environ.get("DATABASE_URL", "")
NEED = "Wir suchen einen Partner für keramische Hochtemperaturfilter"
# what a host needs besides its own var/: the code, the settings, the reference files
CODE = ("manage.py", "nahwerk", "nahwerk_engine", "deploy", "locale")
SETUP = """
from nahwerk.directory.models import Organisation
from nahwerk.networks.models import Membership, Network

network = Network.objects.create(name="Netzwerk Zwei Hosts", slug="zwei-hosts")
for slug, name, kind, description in [
    ("institut", "Institut für Hochtemperaturwerkstoffe", "research_institute",
     "Wir entwickeln keramische Filter für die Heißgasreinigung und poröse Keramik."),
    ("spritzguss", "Spritzguss Westerwald GmbH", "sme",
     "Kunststoffspritzguss und Werkzeugbau für die Automobilindustrie."),
    ("studio", "Glatt & Schön Studio", "sme",
     "Studio für Haarentfernung mit dem Laser und Wachsbehandlungen."),
]:
    organisation = Organisation.objects.create(
        slug=slug, name=name, kind=kind, description=description
    )
    Membership.objects.create(organisation=organisation, network=network, status="active")
"""
# an edit of host A's users, as the profile form saves it: the queued re-index follows
CHANGE = """
from nahwerk.directory.models import Organisation

plastics = Organisation.objects.get(slug="spritzguss")
plastics.description = "Keramische Hochtemperaturfilter für die Heißgasreinigung."
plastics.save()
"""

pytestmark = [
    pytest.mark.two_hosts,
    pytest.mark.skipif(
        not DATABASE_URL.startswith(("postgres://", "postgresql://")),
        reason="two hosts share a PostgreSQL server; SQLite is one machine's file "
        "(runs in the PostgreSQL pass of make test)",
    ),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def database_url() -> Iterator[str]:
    """A throwaway database on the test run's PostgreSQL server, dropped afterwards."""
    import psycopg

    server = urllib.parse.urlsplit(DATABASE_URL)
    name = f"nahwerk_two_hosts_{secrets.token_hex(4)}"
    admin = server._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Host:
    """A working directory with a copy of the code and its own var/, and its server."""

    def __init__(self, root: Path, name: str, database_url: str) -> None:
        self.name = name
        self.directory = root / name
        self.directory.mkdir()
        for entry in CODE:
            source = REPOSITORY / entry
            if source.is_dir():
                shutil.copytree(
                    source,
                    self.directory / entry,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
                )
            else:
                shutil.copy2(source, self.directory / entry)
        # the shipped data (districts, WZ codes, benchmark sets) and the browser libraries
        # that `make install` put into node_modules are read only
        (self.directory / "data").symlink_to(REPOSITORY / "data")
        (self.directory / "node_modules").symlink_to(REPOSITORY / "node_modules")
        (self.directory / "var").mkdir()
        self.port = _free_port()
        self.log = self.directory / "var" / "server.log"
        self.server: subprocess.Popen[bytes] | None = None
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "nahwerk.settings",
            "DATABASE_URL": database_url,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_HSTS_SECONDS": "0",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": "1",
            "LOG_FORMAT": "text",
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
        }
        for variable in ("NAHWERK_DEMO", "DEBUG", "SQLITE_PATH", "PYTEST_CURRENT_TEST"):
            self.env.pop(variable, None)

    def manage(self, *arguments: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=self.directory,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, f"{self.name}: manage.py {arguments[0]}\n{result.stderr}"
        return result.stdout

    def start(self) -> None:
        self.server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"],
            cwd=self.directory,
            env=self.env,
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped as a whole
        )

    def wait_until_up(self, timeout: float = 300) -> None:
        assert self.server is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.server.poll() is None, f"{self.name} stopped:\n{self.log.read_text()}"
            try:
                if self.get("/health/")["status"] == "ok":
                    return
            except OSError:
                time.sleep(1)
        raise AssertionError(f"{self.name} did not answer within {timeout:.0f} s")

    def stop(self) -> None:
        if self.server is not None and self.server.poll() is None:
            os.killpg(self.server.pid, signal.SIGTERM)
            try:
                self.server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.server.pid, signal.SIGKILL)
                self.server.wait()

    def get(self, path: str) -> Any:
        url = f"http://127.0.0.1:{self.port}{path}"
        with urllib.request.urlopen(url, timeout=120) as response:
            return json.load(response)

    def search(self) -> list[tuple[str, float]]:
        found = self.get("/api/partners/?" + urllib.parse.urlencode({"q": NEED}))
        return [(match["organisation"]["name"], round(match["score"], 5)) for match in found]

    def log_lines(self, text: str) -> list[str]:
        return [line for line in self.log.read_text().splitlines() if text in line]


def _index_state(database_url: str) -> tuple[str, int]:
    import psycopg

    with psycopg.connect(database_url) as connection:
        row = connection.execute("SELECT generation, revision FROM matching_indexstate").fetchone()
    assert row is not None
    return str(row[0]), int(row[1])


@pytest.fixture
def hosts(tmp_path: Path, database_url: str) -> Iterator[tuple[Host, Host]]:
    a, b = Host(tmp_path, "host-a", database_url), Host(tmp_path, "host-b", database_url)
    a.manage("migrate", "--noinput", "-v", "0")
    a.manage("shell", "-c", SETUP)
    a.manage("rebuild_index")
    a.manage("worker")  # the re-index jobs the setup queued: nothing left to do
    for host in (a, b):
        host.manage("collectstatic", "--noinput", "-v", "0")  # into its own var/static
        host.start()
    try:
        for host in (a, b):
            host.wait_until_up()
        yield a, b
    finally:
        for host in (a, b):
            host.stop()


def test_two_hosts_answer_a_search_alike_after_a_profile_change_without_a_rebuild(
    hosts: tuple[Host, Host], database_url: str
) -> None:
    a, b = hosts
    assert a.directory != b.directory and a.port != b.port
    before = a.search()
    assert b.search() == before
    assert "Institut für Hochtemperaturwerkstoffe" in dict(before)
    assert "Spritzguss Westerwald GmbH" not in dict(before)
    generation, revision = _index_state(database_url)

    a.manage("shell", "-c", CHANGE)
    # until the worker has re-indexed it, both still answer from the stored profile
    assert a.search() == before and b.search() == before
    assert "1 job(s) carried out" in a.manage("worker", "-v", "1")

    after = a.search()
    assert b.search() == after
    assert "Spritzguss Westerwald GmbH" in dict(after)
    assert _index_state(database_url) == (generation, revision + 1)  # no rebuild
    for host in (a, b):
        # each server loaded the index once and then applied the one changed profile
        assert len(host.log_lines("Partner index loaded")) == 1, host.log.read_text()
        (followed,) = host.log_lines("Partner index followed")
        assert f"to {revision + 1} (1 profiles applied)" in followed
        # each has its own var/: the static files it serves are its own copies
        assert (host.directory / "var" / "static").is_dir()
