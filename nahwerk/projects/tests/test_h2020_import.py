"""Import of the H2020 participation network and its linkage to CORDIS organisations."""

from __future__ import annotations

import csv
import gzip
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from nahwerk.directory.models import Organisation
from nahwerk.directory.tests.factories import OrganisationFactory
from nahwerk.projects.choices import ParticipantRole, ProjectSource
from nahwerk.projects.importing import (
    ImportFileError,
    default_participations_path,
    default_programme_parts_path,
    import_cordis_records,
    import_h2020_participations,
    link_participations_to_organisations,
)
from nahwerk.projects.models import Participation, Project

pytestmark = pytest.mark.django_db

HEADER = [
    "rcn",
    "role",
    "pic",
    "type",
    "contribution",
    "country",
    "start_date",
    "end_date",
    "max_contribution",
    "total_cost",
    "start_year",
    "end_year",
    "duration",
    "group",
    "nunique",
]
THREE_C_CAR = 197903  # in the CORDIS subset as well
INFINEON_ROMANIA = "996588380"  # in the CORDIS subset, also in 3Ccar


def row(
    rcn: int,
    role: str,
    pic: str,
    kind: str,
    contribution: str,
    country: str,
    start: str = "2017-01-01",
    end: str = "2019-12-31",
    max_contribution: str = "500000",
    total_cost: str = "600000",
) -> list[str]:
    return [
        str(rcn),
        role,
        pic,
        kind,
        contribution,
        country,
        start,
        end,
        max_contribution,
        total_cost,
        start[:4],
        end[:4],
        "36",
        "eu15",
        "3",
    ]


SAMPLE_ROWS = [
    row(
        THREE_C_CAR,
        "participant",
        INFINEON_ROMANIA,
        "PRC",
        "99999",
        "RO",
        "2015-06-01",
        "2018-10-31",
        "17320843.96",
        "52401675.84",
    ),
    row(
        THREE_C_CAR,
        "participant",
        "900000001",
        "PRC",
        "1000",
        "DE",
        "2015-06-01",
        "2018-10-31",
        "17320843.96",
        "52401675.84",
    ),
    row(800001, "coordinator", "900000001", "PRC", "1000.5", "DE", total_cost="NA"),
    row(800001, "participant", INFINEON_ROMANIA, "PRC", "NA", "RO", total_cost="NA"),
    # The same organisation twice in one project: merged into one coordinator, 300 EUR.
    row(800001, "participant", "900000002", "REC", "100", "UK", total_cost="NA"),
    row(800001, "coordinator", "900000002", "REC", "200", "UK", total_cost="NA"),
    row(800002, "participant", "900000003", "HES", "10", "EL", "2018-03-01", "NA"),
]
SAMPLE_PARTS = [
    [str(THREE_C_CAR), "LEIT"],
    ["800001", "LEIT"],
    ["800001", "Innovation in SMEs"],
    ["999999", "ERC"],  # no participations: ignored
]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8", newline="") as handle:  # type: ignore[operator]
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def sample(tmp_path: Path) -> tuple[Path, Path]:
    return (
        write_csv(tmp_path / "participations.csv.gz", HEADER, SAMPLE_ROWS),
        write_csv(tmp_path / "parts.csv.gz", ["rcn", "programme_part"], SAMPLE_PARTS),
    )


def snapshot() -> tuple[list[Any], list[Any]]:
    return (
        list(Project.objects.order_by("pk").values()),
        list(Participation.objects.order_by("pk").values()),
    )


def test_sample_creates_network_projects(sample: tuple[Path, Path]) -> None:
    report = import_h2020_participations(*sample)
    assert (report.rows_read, report.duplicates_merged) == (7, 1)
    assert (report.projects_created, report.participations_created) == (3, 6)
    project = Project.objects.get(cordis_rcn=800001)
    assert project.source == ProjectSource.H2020_NETWORK
    assert project.programme == "H2020"
    assert project.programme_part == "Innovation in SMEs, LEIT"
    assert (str(project.start_date), str(project.end_date)) == ("2017-01-01", "2019-12-31")
    assert project.eu_contribution == Decimal("500000")
    assert project.total_cost is None  # "NA"
    assert str(project) == (
        "EU project in Horizon 2020, parts “Innovation in SMEs” and “Leadership in enabling "
        "and industrial technologies (LEIT)” (2017–2019)"  # noqa: RUF001
    )
    other = Project.objects.get(cordis_rcn=800002)
    assert other.end_date is None and other.programme_part == ""
    assert not Project.objects.filter(cordis_rcn=999999).exists()


def test_participations_by_pic(sample: tuple[Path, Path]) -> None:
    import_h2020_participations(*sample)
    merged = Participation.objects.get(project__cordis_rcn=800001, pic="900000002")
    assert merged.role == ParticipantRole.COORDINATOR
    assert merged.eu_contribution == Decimal("300.00")
    assert merged.participant_type == "REC"
    assert merged.country == "GB"
    assert Participation.objects.get(pic="900000003").country == "GR"
    unknown = Participation.objects.get(project__cordis_rcn=800001, pic=INFINEON_ROMANIA)
    assert unknown.eu_contribution is None
    assert unknown.organisation is None  # no organisation with that PIC yet


def test_second_run_changes_nothing(sample: tuple[Path, Path]) -> None:
    import_h2020_participations(*sample)
    before = snapshot()
    again = import_h2020_participations(*sample)
    assert (again.projects_created, again.projects_updated) == (0, 0)
    assert (again.participations_created, again.participations_updated) == (0, 0)
    assert snapshot() == before


def test_changed_file_updates_network_rows(sample: tuple[Path, Path], tmp_path: Path) -> None:
    import_h2020_participations(*sample)
    rows = [list(r) for r in SAMPLE_ROWS]
    rows[2][4] = "2000"  # contribution of 900000001 in 800001
    rows[6][7] = "2021-02-28"  # end date of 800002
    changed = write_csv(tmp_path / "changed.csv", HEADER, rows)  # plain CSV works as well
    report = import_h2020_participations(changed, sample[1])
    assert (report.projects_updated, report.participations_updated) == (1, 1)
    assert Participation.objects.get(
        project__cordis_rcn=800001, pic="900000001"
    ).eu_contribution == Decimal("2000")
    assert str(Project.objects.get(cordis_rcn=800002).end_date) == "2021-02-28"


def test_cordis_first_then_network(sample: tuple[Path, Path]) -> None:
    import_cordis_records()
    cordis_value = Participation.objects.get(
        project__cordis_rcn=THREE_C_CAR, pic=INFINEON_ROMANIA
    ).eu_contribution
    report = import_h2020_participations(*sample)

    project = Project.objects.get(cordis_rcn=THREE_C_CAR)
    assert project.source == ProjectSource.CORDIS
    assert project.acronym == "3Ccar"
    assert project.programme_part == "LEIT"  # filled in
    assert report.projects_updated == 1
    # The CORDIS participation is not overwritten by the network row ...
    infineon = Participation.objects.get(project=project, pic=INFINEON_ROMANIA)
    assert infineon.eu_contribution == cordis_value == Decimal("101058.75")
    # ... but a participant only the network file knows is added.
    assert project.participations.filter(pic="900000001").exists()
    # New network rows of a known PIC are linked to its organisation.
    organisation = Organisation.objects.get(pic=INFINEON_ROMANIA)
    assert (
        Participation.objects.get(project__cordis_rcn=800001, pic=INFINEON_ROMANIA).organisation
        == organisation
    )
    assert report.participations_linked == 1
    assert import_h2020_participations(*sample).participations_created == 0


def test_network_first_then_cordis(sample: tuple[Path, Path]) -> None:
    import_h2020_participations(*sample)
    report = import_cordis_records()
    assert report.projects_created == 25 and report.projects_updated == 1
    assert report.participations_linked == 1  # Infineon Romania in project 800001
    organisation = Organisation.objects.get(pic=INFINEON_ROMANIA)
    assert set(organisation.participations.values_list("project__cordis_rcn", flat=True)) >= {
        THREE_C_CAR,
        800001,
    }
    project = Project.objects.get(cordis_rcn=THREE_C_CAR)
    assert project.source == ProjectSource.CORDIS
    assert project.programme_part == "LEIT"  # kept from the network file
    assert project.participations.get(pic=INFINEON_ROMANIA).eu_contribution == Decimal("101058.75")
    assert import_h2020_participations(*sample).projects_updated == 0


def test_link_participations_to_organisations(sample: tuple[Path, Path]) -> None:
    import_h2020_participations(*sample)
    assert link_participations_to_organisations() == 0
    organisation = OrganisationFactory(pic="900000001")
    assert link_participations_to_organisations() == 2
    assert organisation.participations.count() == 2
    assert link_participations_to_organisations() == 0


@pytest.mark.parametrize(
    ("line", "column", "value", "message"),
    [
        (4, 1, "leader", "line 4: field role: unknown role 'leader'"),
        (3, 2, "PIC", "line 3: field pic: expected a whole number"),
        (8, 7, "31.12.2019", "line 8: field end_date: expected a date"),
        (5, 4, "€", "line 5: field contribution: expected an amount"),
        (6, 5, "Germany", "line 6: field country: expected a two-letter country code"),
    ],
)
def test_malformed_row_is_rejected_and_nothing_written(
    tmp_path: Path, line: int, column: int, value: str, message: str
) -> None:
    rows = [list(r) for r in SAMPLE_ROWS]
    rows[line - 2][column] = value
    path = write_csv(tmp_path / "bad.csv.gz", HEADER, rows)
    parts = write_csv(tmp_path / "parts.csv.gz", ["rcn", "programme_part"], SAMPLE_PARTS)
    with pytest.raises(ImportFileError) as error:
        import_h2020_participations(path, parts)
    assert "bad.csv.gz, " + message in str(error.value)
    assert not Project.objects.exists()
    assert not Participation.objects.exists()


def test_unreadable_files_are_named(sample: tuple[Path, Path], tmp_path: Path) -> None:
    participations, parts = sample
    no_pic = write_csv(tmp_path / "no_pic.csv", [c for c in HEADER if c != "pic"], [])
    with pytest.raises(ImportFileError, match=r"no_pic\.csv: missing columns pic"):
        import_h2020_participations(no_pic, parts)
    truncated = tmp_path / "truncated.csv.gz"
    truncated.write_bytes(participations.read_bytes()[:60])
    with pytest.raises(ImportFileError, match=r"truncated\.csv\.gz: cannot be read"):
        import_h2020_participations(truncated, parts)
    with pytest.raises(ImportFileError, match=r"missing\.csv\.gz: file not found"):
        import_h2020_participations(participations, tmp_path / "missing.csv.gz")
    short = write_csv(tmp_path / "short.csv", HEADER, [["1", "participant"]])
    with pytest.raises(ImportFileError, match=r"short\.csv, line 2: wrong number of fields"):
        import_h2020_participations(short, parts)
    assert not Project.objects.exists()


def test_command_prints_a_summary(sample: tuple[Path, Path], tmp_path: Path) -> None:
    out = io.StringIO()
    call_command(
        "import_h2020_participations",
        participations=sample[0],
        programme_parts=sample[1],
        stdout=out,
    )
    assert "7 rows read" in out.getvalue()
    assert "participations 6 created" in out.getvalue()
    with pytest.raises(CommandError, match="file not found"):
        call_command(
            "import_h2020_participations",
            participations=tmp_path / "none.csv",
            stdout=io.StringIO(),
        )


@pytest.mark.slow
def test_full_shipped_file() -> None:
    report = import_h2020_participations(
        default_participations_path(), default_programme_parts_path()
    )
    assert report.rows_read == 116241
    assert report.duplicates_merged == 0  # checked: no (rcn, pic) pair repeats
    assert report.projects_created == Project.objects.count() == 25620
    assert report.participations_created == Participation.objects.count() == 116241
    assert Project.objects.filter(programme_part="").count() == 104  # not in the parts file
    assert Participation.objects.filter(role=ParticipantRole.COORDINATOR).count() == 25644

    cordis = import_cordis_records()
    # 23 of the 26 CORDIS projects are in the network file (2 started in 2020, 1 is FP7).
    assert cordis.projects_created == 3 and cordis.projects_updated == 23
    assert cordis.participations_linked > 20000  # the subset's PICs in other projects

    again = import_h2020_participations()
    assert (again.projects_created, again.projects_updated) == (0, 0)
    assert (again.participations_created, again.participations_updated) == (0, 0)
