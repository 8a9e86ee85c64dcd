"""The demo's public pages cite their sources as a reader would: no word of ours ("Seed")."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from nahwerk.demo.loading import DemoReport, load_demo
from nahwerk.demo.tests.test_load_demo import fast, importer_calls  # noqa: F401 (fixtures)
from nahwerk.directory.choices import DataSource
from nahwerk.directory.models import Organisation
from nahwerk.events.models import Event
from nahwerk.networks.models import Network, NetworkRole


@pytest.fixture
def demo(db: object, request: pytest.FixtureRequest) -> DemoReport:
    """The demo without the Horizon 2020 history (the fixtures of test_load_demo)."""
    request.getfixturevalue("importer_calls")
    request.getfixturevalue("fast")
    return load_demo(with_history=False)


OUR_WORDS = re.compile(r"\bseeds?\b", re.IGNORECASE)


def public_paths() -> list[str]:
    paths = ["/", "/partner-finden/", "/bedarfe/", "/veranstaltungen/"]
    paths += [n.get_absolute_url() for n in Network.objects.all()]
    paths += [o.get_absolute_url() for o in Organisation.objects.filter(source=DataSource.SEED)]
    paths += [e.get_absolute_url() for e in Event.objects.filter(published=True)]
    return paths


@pytest.mark.parametrize("language", ["de", "en"])
def test_no_public_page_of_the_demo_speaks_of_seeds(demo: DemoReport, language: str) -> None:
    client = Client()
    client.cookies["django_language"] = language
    paths = public_paths()
    assert len(paths) > 30
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        found = OUR_WORDS.search(response.content.decode())
        assert found is None, (
            f"{path}: …{response.content.decode()[found.start() - 80 : found.end() + 80]}…"
        )


def test_sources_are_cited_with_publisher_and_date(demo: DemoReport) -> None:
    html = Client().get(Network.objects.get(slug="indie-regionruhr").get_absolute_url())
    text = " ".join(html.content.decode().split())
    assert "Presse-Info der WFG Herne vom 22. Januar 2010" in text
    board = Organisation.objects.get(slug="maschinenbau-boehmer-gmbh")
    assert board.source_note == (
        "Pressemitteilung des IMKK e.V. zur Vereinsgründung, 2014; der Sitz ist dort nicht genannt."
    )


def test_a_second_run_rewrites_notes_left_by_an_older_demo(demo: DemoReport) -> None:
    Organisation.objects.filter(slug="maschinenbau-boehmer-gmbh").update(
        source_note="Vorstand laut Seed 000; Sitz nicht im Seed genannt."
    )
    Network.objects.filter(slug="emscher-lippe").update(
        founding_note="Laut Seed 003 „neu gegründet“; Datum nicht genannt."
    )
    NetworkRole.objects.filter(network__slug="indie-regionruhr", note="").update(
        note="Wirtschaftsförderung (Seed 002)"
    )
    again = load_demo(with_history=False)
    assert again.updated > 0 and again.created == 0
    assert not Organisation.objects.filter(source_note__icontains="seed").exists()
    assert not Network.objects.filter(founding_note__icontains="seed").exists()
    assert not NetworkRole.objects.filter(note__icontains="seed").exists()
