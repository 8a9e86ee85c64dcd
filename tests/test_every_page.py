"""Every page of the demo, as every persona, in German and in English, reads as it should.

The walk starts at the pages a persona finds in the header and follows every link of the
site (at most a few pages of each kind: three organisation pages say as much as a hundred).
On every page it looks for what a reader must never see:

- a text of the interface left in the other language (an English msgid on a German page,
  a German translation on an English page; the catalogue is the project's own ``.mo``);
- "Seed 000" or "Seed-Text", our name for the press texts the demo comes from ("Seed" alone
  is the users' word for a start-up's first financing round);
- "RCN" followed by a number, a project without its title;
- a match given as a percentage ("0 % Übereinstimmung", "Fit: 12 %");
- a server error.

Mails the demo sends are read the same way.
"""

from __future__ import annotations

import gettext
import re
from collections import Counter, deque
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import Resolver404, resolve

from nahwerk.accounts.models import User
from nahwerk.demo.loading import load_demo
from nahwerk.matching import services

pytestmark = pytest.mark.django_db

PERSONAS = (
    None,
    "admin",
    "manager-imkk",
    "manager-smarterz",
    "mitglied-imkk",
    "institut-imkk",
    "teilnehmer-filter-imkk",
)
START = (
    "/",
    "/uebersicht/",
    "/organisationen/",
    "/partner-finden/",
    "/partner-finden/?q=Wir+suchen+einen+Partner+f%C3%BCr+keramische+Hochtemperaturfilter"
    "&near=56203",
    "/partner-finden/?q=xyzzy+quux",
    "/partner-finden/?q=Steuerberater+f%C3%BCr+Erbschaftsfragen&include_history=1",
    "/partner-finden/?q=ceramic+hot-gas+filters",
    "/bedarfe/",
    "/bedarfe/neu/",
    "/bedarfe/eingang/",
    "/bedarfe/uebersicht/",
    "/bedarfe/benachrichtigungen/",
    "/veranstaltungen/",
    "/talente/",
    "/talente/?interest=Sinterverzug+von+Keramikbauteilen+simulieren",
    "/talente/eingang/",
    "/konto/einladen/",
    "/konto/passwort/vergessen/",
    "/konto/passwort/aendern/",
    "/gibt-es-nicht/",
)
# Not pages of ours to read: Django's admin, the API, downloads, switching language; the
# competence maps' open data is the organisations' own texts, in their own language.
SKIP = re.compile(
    r"^/(admin|api|static|i18n|media)/|\.(ics|pdf|xlsx|json|geojson)$|^/kompetenzen/.+/export\.csv$"
)
# Pages of one kind (route) visited per persona and language.
PER_ROUTE = 3
PAGES_PER_WALK = 250
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfi]|%[sdfi]|\{[^}]*\}")
NEVER = {
    "our word “Seed” for a source": re.compile(r"\bSeeds?(\s+\d|[- ]?[Tt]ext)"),
    "a project as a bare RCN": re.compile(r"\bRCN\s*\d+"),
    "a match as a percentage": re.compile(
        r"Übereinstimmung|\bFit: \d|\d+\s?%\s*(Übereinstimmung|match|fit)\b", re.IGNORECASE
    ),
}


class _Text(HTMLParser):
    """Visible text and the texts of labelling attributes; links to follow."""

    LABELS = ("title", "aria-label", "placeholder", "alt")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0
        self._hiding: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        # an organisation's own text (marked data-user-text) is in its own language
        if tag in ("script", "style") or "data-user-text" in values:
            self._hidden += 1
            self._hiding.append(tag)
        self.parts.extend(v for k, v in values.items() if k in self.LABELS and v)
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))

    def handle_endtag(self, tag: str) -> None:
        if self._hiding and tag == self._hiding[-1]:
            self._hiding.pop()
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def _segments(text: str) -> Iterator[str]:
    """The literal pieces of a catalogue text long enough to be recognised on a page."""
    for piece in PLACEHOLDER.split(text):
        piece = " ".join(piece.split()).strip(" .,:;()-\u2013")
        if len(piece) >= 18 and piece.count(" ") >= 2:
            yield piece


def _catalogue() -> tuple[set[str], set[str]]:
    """(English pieces that must not stay English, German pieces of their translations)."""
    path = Path(settings.BASE_DIR) / "locale" / "de" / "LC_MESSAGES" / "django.mo"
    with path.open("rb") as handle:
        catalog: dict[Any, str] = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    english: set[str] = set()
    german: set[str] = set()
    for key, translated in catalog.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if not msgid or not translated or msgid == translated:
            continue
        english.update(_segments(msgid))
        german.update(_segments(translated))
    # a piece that is the same in both languages ("E-Mail", names) says nothing
    return english - german, german - english


def _problems(text: str, language: str, catalogue: tuple[set[str], set[str]]) -> list[str]:
    english, german = catalogue
    found = [f"{name}: {m.group(0)!r}" for name, rx in NEVER.items() if (m := rx.search(text))]
    wrong = english if language == "de" else german
    found += [f"left in the other language: {piece!r}" for piece in wrong if piece in text]
    return found


def _route(path: str) -> str:
    try:
        return resolve(path).route
    except Resolver404:
        return path


def _walk(client: Client, language: str, catalogue: Any, problems: list[str], who: str) -> int:
    seen: set[str] = set()
    per_route: Counter[str] = Counter()
    queue = deque(START)
    pages = 0
    while queue and pages < PAGES_PER_WALK:
        url = urldefrag(queue.popleft())[0]
        if url in seen or SKIP.search(urlsplit(url).path):
            continue
        seen.add(url)
        route = _route(urlsplit(url).path)
        if per_route[route] >= PER_ROUTE:
            continue
        per_route[route] += 1
        response = client.get(url)
        pages += 1
        where = f"{who}, {language}, {url}"
        if response.status_code >= 500:
            problems.append(f"{where}: answers {response.status_code}")
            continue
        kind = response.get("Content-Type", "")
        if response.status_code in (301, 302):
            queue.append(response["Location"])
            continue
        if not kind.startswith(("text/html", "text/csv")):
            continue
        body = response.content.decode("utf-8-sig", errors="replace")
        parser = _Text()
        if kind.startswith("text/html"):
            parser.feed(body)
            text = parser.text
        else:
            text = " ".join(body.split())
        problems.extend(f"{where}: {p}" for p in _problems(text, language, catalogue))
        for link in parser.links:
            target = urljoin(url, link)
            parts = urlsplit(target)
            if parts.netloc or not parts.path.startswith("/"):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages


@pytest.fixture
def demo(matching_index: Path, settings: Any, django_capture_on_commit_callbacks: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):  # mails go out after commit
        load_demo(with_history=False)
    services.rebuild_index()


def test_every_page_reads_right_for_every_persona_in_both_languages(demo: None) -> None:
    catalogue = _catalogue()
    assert len(catalogue[0]) > 300, "the catalogue was not read"
    problems: list[str] = []
    walked: dict[str, int] = {}
    for persona in PERSONAS:
        for language in ("de", "en"):
            client = Client()
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            if persona is not None:
                client.force_login(User.objects.get(username=persona))
            who = persona or "anonymous"
            walked[f"{who}/{language}"] = _walk(client, language, catalogue, problems, who)
    assert min(walked.values()) >= 20, walked  # the walk really went through the site
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(sorted(set(problems))[:80])


def test_the_demos_mails_read_right(demo: None) -> None:
    catalogue = _catalogue()
    assert mail.outbox, "the demo sends mails (invitations, routing, answers)"
    problems = [
        f"{message.subject}: {p}"
        for message in mail.outbox
        for p in _problems(f"{message.subject} {message.body}", "de", catalogue)
    ]
    assert not problems, "\n".join(problems)


def test_the_catalogue_is_complete() -> None:
    """Every text of the interface has a German translation, and none is a guess."""
    path = Path(settings.BASE_DIR) / "locale" / "de" / "LC_MESSAGES" / "django.po"
    entries = path.read_text("utf-8").split("\n\n")
    fuzzy = [e for e in entries if "#, fuzzy" in e and 'msgid ""\nmsgstr ""\n"Project' not in e]
    empty = [e for e in entries[1:] if re.search(r'msgstr(\[\d\])? ""\s*$', e) and "msgid" in e]
    assert not fuzzy, fuzzy[:3]
    assert not empty, empty[:3]
