"""How a project is named to users: title and years, or its programme in words; never an RCN."""
# ruff: noqa: RUF001 (the year ranges have an en dash, as on the pages)

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from nahwerk.projects.choices import PROGRAMME_PART_NAMES
from nahwerk.projects.models import Project


def project(**fields) -> Project:
    base = {
        "source": "h2020_network",
        "cordis_rcn": 229323,
        "programme": "H2020",
        "start_date": dt.date(2016, 5, 1),
        "end_date": dt.date(2019, 4, 30),
    }
    return Project(**(base | fields))


def test_a_titled_project_shows_acronym_title_and_years() -> None:
    p = project(source="cordis", acronym="GrapheneCore2", title="Graphene Flagship Core Project 2")
    assert str(p) == "GrapheneCore2: Graphene Flagship Core Project 2 (2016–2019)"


def test_an_acronym_that_is_the_title_is_not_repeated() -> None:
    assert str(project(acronym="ROLL2RAIL", title="ROLL2RAIL")) == "ROLL2RAIL (2016–2019)"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "de",
            "EU-Projekt im Programm Horizont 2020, Teil „Gesellschaftliche Herausforderung 3: "
            "Sichere, saubere und effiziente Energie“ (2016–2019)",
        ),
        (
            "en",
            "EU project in Horizon 2020, part “Societal Challenge 3: Secure, clean and "
            "efficient energy” (2016–2019)",
        ),
    ],
)
def test_an_untitled_project_is_described_in_words(language, expected) -> None:
    with translation.override(language):
        assert str(project(programme_part="SC3")) == expected


def test_several_programme_parts_are_listed() -> None:
    with translation.override("de"):
        label = str(project(programme_part="Innovation in SMEs, LEIT, SC4"))
    assert label == (
        "EU-Projekt im Programm Horizont 2020, Teile „Innovation in KMU“, „Führende Rolle bei "
        "grundlegenden und industriellen Technologien (LEIT)“ und „Gesellschaftliche "
        "Herausforderung 4: Intelligenter, umweltfreundlicher und integrierter Verkehr“ "
        "(2016–2019)"
    )


@pytest.mark.parametrize(
    ("start", "end", "years"),
    [
        (dt.date(2016, 5, 1), dt.date(2019, 4, 30), "2016–2019"),
        (dt.date(2019, 1, 1), dt.date(2019, 12, 31), "2019"),
        (dt.date(2019, 1, 1), None, "2019"),
        (None, None, ""),
    ],
)
def test_years(start, end, years) -> None:
    assert project(start_date=start, end_date=end).years == years


@pytest.mark.parametrize(
    "fields",
    [
        {"programme_part": ""},
        {"programme": "", "programme_part": ""},
        {"programme": "H2020", "programme_part": "NEWPART"},
        {"programme": "FP9", "programme_part": "SC3", "start_date": None, "end_date": None},
    ],
)
def test_no_label_is_ever_a_bare_rcn(fields) -> None:
    for language in ("de", "en"):
        with translation.override(language):
            label = str(project(**fields))
        assert "RCN" not in label and "229323" not in label
        assert label.startswith(("EU-Projekt", "EU project"))


def test_every_programme_part_of_the_shipped_data_has_a_name() -> None:
    path = Path(settings.DATA_DIR) / "cordis" / "h2020_programme_parts_2014_2019.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        next(handle)
        codes = {line.rstrip("\n").split(",", 1)[1] for line in handle}
    assert codes <= set(PROGRAMME_PART_NAMES)


def test_the_cordis_page_by_project_id() -> None:
    assert project(cordis_id=785219).cordis_url == "https://cordis.europa.eu/project/id/785219"
    assert project().cordis_url == ""  # only an RCN: no link
