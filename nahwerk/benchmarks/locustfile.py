"""The load benchmark's simulated visitors (locust): anonymous and logged in, a realistic mix.

Run through ``python -m nahwerk.benchmarks.load``, which prepares the database, writes the
targets file this module reads (``NAHWERK_LOAD_TARGETS``: which organisations, needs and
events each visitor may open, the demo logins, the search needs) and starts the server.

Each request is named by its page type (``organisation``, ``search`` …), so that the
statistics are per page type, not per URL. Logged-in visitors share one session per demo
account: the account logs in once, at the start, so that 50 visitors do not trip the
login lockout or a rate limit on logins.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from gevent.lock import BoundedSemaphore
from locust import HttpUser, between, task

TARGETS: dict[str, Any] = json.loads(
    Path(os.environ.get("NAHWERK_LOAD_TARGETS", "var/bench-load/targets.json")).read_text(
        encoding="utf-8"
    )
)
LOGIN_PATH = "/konto/anmelden/"
ADDITIONS = (
    "",
    "Gern aus der Region.",
    "Start im nächsten Quartal.",
    "Wir sind ein mittelständisches Unternehmen.",
    "Eine Förderung über ZIM wäre denkbar.",
    "Erste Versuche haben wir selbst gemacht.",
    "Bitte mit Erfahrung in Serienfertigung.",
    "Auch für ein gemeinsames Forschungsprojekt.",
    "We can also talk in English.",
    "Kurzfristig, die Anlage steht still.",
    "Gern mit Hochschule oder Institut.",
    "Für einen Prototyp, später Kleinserie.",
)

# username -> the Cookie header of its session; logged in once, shared by its visitors
_sessions: dict[str, str] = {}
_login_lock = BoundedSemaphore()


class Visitor(HttpUser):
    """Browses like a visitor of a network's site; subclasses say who."""

    abstract = True
    # a person reads a page before opening the next one
    wait_time = between(1, 3)
    persona = "anonymous"

    def on_start(self) -> None:
        self.targets: dict[str, list[str]] = TARGETS["personas"][self.persona]
        self.headers: dict[str, str] = {"Accept-Language": "de"}

    def open(self, kind: str, name: str | None = None) -> None:
        urls = self.targets.get(kind) or []
        if urls:
            self.client.get(random.choice(urls), name=name or kind, headers=self.headers)

    @task(3)
    def start_page(self) -> None:
        self.client.get("/", name="start", headers=self.headers)

    @task(2)
    def network(self) -> None:
        self.open("network")

    @task(5)
    def organisation(self) -> None:
        self.open("organisation")

    @task(3)
    def directory(self) -> None:
        query = random.choice(TARGETS["directory_queries"])
        path = f"/organisationen/?{urlencode(query)}" if query else "/organisationen/"
        self.client.get(path, name="directory", headers=self.headers)

    @task(3)
    def search(self) -> None:
        # Visitors word their needs differently: the need with one of their own additions,
        # so that few searches repeat a text (a process remembers the needs it embedded).
        need = f"{random.choice(TARGETS['needs'])} {random.choice(ADDITIONS)}".strip()
        params = {"q": need}
        # half the searches start from a member region's postcode, as the form suggests
        if random.random() < 0.5:
            params["near"] = random.choice(TARGETS["postcodes"])
        self.client.get(
            f"/partner-finden/?{urlencode(params)}", name="search", headers=self.headers
        )

    @task(2)
    def need_list(self) -> None:
        self.client.get("/bedarfe/", name="need list", headers=self.headers)

    @task(2)
    def need(self) -> None:
        self.open("need")

    @task(2)
    def event_list(self) -> None:
        self.client.get("/veranstaltungen/", name="event list", headers=self.headers)

    @task(2)
    def event(self) -> None:
        self.open("event")

    @task(2)
    def api_organisations(self) -> None:
        self.client.get("/api/organisations/", name="api organisations", headers=self.headers)

    @task(1)
    def api_needs(self) -> None:
        self.client.get("/api/needs/", name="api needs", headers=self.headers)


class AnonymousVisitor(Visitor):
    """Someone from the region who has no account."""

    weight = 1
    persona = "anonymous"


class MemberVisitor(Visitor):
    """A manager or member user, logged in with one of the demo logins."""

    weight = 1

    def on_start(self) -> None:
        self.persona = random.choice(sorted(TARGETS["logins"]))
        super().on_start()
        self.headers["Cookie"] = self._session_of(self.persona)

    def _session_of(self, username: str) -> str:
        with _login_lock:
            if username not in _sessions:
                _sessions[username] = self._log_in(username)
            return _sessions[username]

    def _log_in(self, username: str) -> str:
        # The cookies are read from the responses and sent as a header of our own: a
        # production configuration marks them Secure, which a client would not send back
        # over the benchmark's plain-HTTP loopback connection.
        form = self.client.get(LOGIN_PATH, name="login form")
        csrf = form.cookies.get("csrftoken", "")
        response = self.client.post(
            LOGIN_PATH,
            data={
                "username": username,
                "password": TARGETS["logins"][username],
                "csrfmiddlewaretoken": csrf,
            },
            headers={"Cookie": f"csrftoken={csrf}", "Referer": f"{self.host}{LOGIN_PATH}"},
            name="login",
            allow_redirects=False,
        )
        session = response.cookies.get("sessionid")
        if response.status_code != 302 or not session:
            raise RuntimeError(f"{username} could not log in (HTTP {response.status_code})")
        return f"sessionid={session}; csrftoken={csrf}"

    @task(2)
    def overview(self) -> None:
        self.client.get("/uebersicht/", name="my overview", headers=self.headers)
