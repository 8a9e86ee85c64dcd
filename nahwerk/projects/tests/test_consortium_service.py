"""Consortium suggestions from the stored cooperation history."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from nahwerk.directory.choices import Visibility
from nahwerk.directory.tests.factories import CordisOrganisationFactory, OrganisationFactory
from nahwerk.projects import consortium
from nahwerk.projects.consortium import ConsortiumError, suggest_consortium_partners
from nahwerk.projects.models import Participation, Project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_ranker() -> None:
    consortium.ranker_cache.clear()


def project(code: str, year: int, part: str, members: list[tuple[str, str]]) -> None:
    """members: (pic, type); the first one coordinates."""
    p = Project.objects.create(
        source="h2020_network", acronym=code, start_date=dt.date(year, 3, 1), programme_part=part
    )
    for i, (pic, kind) in enumerate(members):
        Participation.objects.create(
            project=p,
            pic=pic,
            role="coordinator" if i == 0 else "participant",
            participant_type=kind,
            country="DE",
            organisation=consortium.Organisation.objects.filter(pic=pic).first(),
        )


@pytest.fixture
def history():
    lead = OrganisationFactory(name="Lead Uni", pic="100000001", kind="university")
    lab = OrganisationFactory(name="Filter Lab", pic="100000002", kind="research_institute")
    secret = OrganisationFactory(
        name="Secret Firm", pic="100000003", visibility=Visibility.MANAGERS
    )
    project("A", 2016, "SC5", [("100000001", "HES"), ("100000002", "REC"), ("100000004", "PRC")])
    project("B", 2017, "SC5", [("100000001", "HES"), ("100000002", "REC"), ("100000003", "PRC")])
    project("C", 2018, "SC5", [("100000002", "REC"), ("100000005", "PRC"), ("100000003", "PRC")])
    project("D", 2018, "LEIT", [("100000006", "PRC"), ("100000007", "REC"), ("100000008", "PRC")])
    return {"lead": lead, "lab": lab, "secret": secret}


def test_frequent_partner_in_theme_comes_first_with_reasons(history) -> None:
    suggestions = suggest_consortium_partners(lead=history["lead"], theme="SC5")
    assert suggestions[0].organisation == history["lab"]
    assert suggestions[0].reasons and "joint project" in " ".join(suggestions[0].reasons)
    assert history["lead"].pic not in [s.pic for s in suggestions]


def test_hidden_directory_entries_are_left_out_not_shown_by_pic(history) -> None:
    public = suggest_consortium_partners(lead=history["lead"], theme="SC5")
    assert "100000003" not in [s.pic for s in public]
    unnamed = [s for s in public if s.organisation is None]
    assert unnamed and all(s.pic.startswith("1000000") for s in unnamed)


@pytest.mark.parametrize(
    ("pic", "theme", "message"),
    [
        ("", "SC5", "has no PIC"),
        ("999999999", "SC5", "no projects"),
        ("100000001", " ", "programme part"),
    ],
)
def test_requests_the_history_cannot_answer(history, settings, pic, theme, message) -> None:
    settings.LANGUAGE_CODE = "en"
    lead = history["lead"]
    lead.pic = pic or None
    with pytest.raises(ConsortiumError, match=message):
        suggest_consortium_partners(lead=lead, theme=theme)


def test_command_prints_ranked_suggestions(history) -> None:
    out = StringIO()
    call_command("suggest_consortium", "--lead", "100000001", "--theme", "SC5", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].strip().startswith("1. Filter Lab")


def test_organisations_known_only_from_the_history_are_still_suggested(history) -> None:
    italian = CordisOrganisationFactory(name="POLITECNICO DI TORINO", pic="100000004")
    assert italian.is_history_only
    suggestions = suggest_consortium_partners(lead=history["lead"], theme="SC5")
    assert italian in [s.organisation for s in suggestions]
