"""Import of the shipped CORDIS subset: projects, organisations by PIC, participations."""

from __future__ import annotations

import io
import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from nahwerk.directory.choices import DataSource, OrganisationKind
from nahwerk.directory.models import Organisation
from nahwerk.directory.tests.factories import OrganisationFactory
from nahwerk.projects.choices import ParticipantRole, ProjectSource
from nahwerk.projects.importing import (
    SOURCE_NOTE,
    CordisReport,
    ImportFileError,
    default_cordis_directory,
    import_cordis_records,
)
from nahwerk.projects.models import Participation, Project
from nahwerk.reference.models import Postcode

pytestmark = pytest.mark.django_db

SUBSET = default_cordis_directory()
ORGANISATIONS = json.loads((SUBSET / "organization.json").read_text(encoding="utf-8"))
PROJECTS = json.loads((SUBSET / "project.json").read_text(encoding="utf-8"))

FRAUNHOFER = "999984059"  # 80686 München
TU_DRESDEN = "999897729"  # 01069 Dresden, written as the JSON number 1069
INFINEON_ROMANIA = "996588380"
METSO_OUTOTEC = "998387051"  # twice in Productive4.0: participant and third party
METIS_BALTIC = "968991589"  # SME flag empty in an old record, true in the newer ones


@pytest.fixture
def report(db: Any) -> CordisReport:
    return import_cordis_records()


def copy_subset(tmp_path: Path) -> Path:
    directory = tmp_path / "cordis"
    shutil.copytree(SUBSET, directory)
    for path in directory.iterdir():
        path.chmod(0o644)  # the shipped files are read-only
    return directory


def write_records(path: Path, records: Any) -> None:
    path.write_text(json.dumps(records), encoding="utf-8")


def snapshot() -> tuple[list[Any], list[Any], list[Any]]:
    return (
        list(Project.objects.order_by("pk").values()),
        list(Organisation.objects.order_by("pk").values()),
        list(Participation.objects.order_by("pk").values()),
    )


def test_imports_the_26_projects(report: CordisReport) -> None:
    assert report.projects_created == 26
    assert Project.objects.filter(source=ProjectSource.CORDIS).count() == 26
    project = Project.objects.get(cordis_rcn=197903)
    assert project.cordis_id == 662192
    assert project.acronym == "3Ccar"
    assert project.programme == "H2020"
    assert project.funding_scheme == "ECSEL-RIA"
    assert str(project.start_date) == "2015-06-01"
    assert str(project.end_date) == "2018-10-31"
    assert project.total_cost == Decimal("52401675.84")
    assert project.eu_contribution == Decimal("17320843.96")
    assert project.objective.startswith("The 3Ccar project will provide")
    # The subset includes one FP7 project; its programme is taken from the record.
    assert Project.objects.get(acronym="ESEE").programme == "FP7"


def test_one_organisation_per_pic(report: CordisReport) -> None:
    pics = {str(record["organisationID"]) for record in ORGANISATIONS}
    assert report.organisations_created == len(pics) == Organisation.objects.count()
    infineon = Organisation.objects.get(pic=INFINEON_ROMANIA)
    assert infineon.source == DataSource.CORDIS
    assert infineon.source_note == SOURCE_NOTE == "Source: CORDIS, © European Union"
    assert infineon.external_id == INFINEON_ROMANIA
    assert infineon.kind == OrganisationKind.COMPANY
    assert infineon.website == "https://www.infineon.com"
    assert infineon.city == "Bucharest"
    assert infineon.street == "B-dul Dimitrie Pompeiu 6"
    assert infineon.slug


def test_kind_from_activity_type_and_sme_flag(report: CordisReport) -> None:
    assert Organisation.objects.get(pic=METIS_BALTIC).kind == OrganisationKind.SME
    assert Organisation.objects.get(pic=FRAUNHOFER).kind == OrganisationKind.RESEARCH_INSTITUTE
    assert Organisation.objects.get(pic=TU_DRESDEN).kind == OrganisationKind.UNIVERSITY
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds == {
        "sme",
        "company",
        "university",
        "research_institute",
        "public_body",
        "association",
    }


def test_german_organisations_get_district_from_postcode(report: CordisReport) -> None:
    fraunhofer = Organisation.objects.get(pic=FRAUNHOFER)
    assert fraunhofer.postcode == "80686"
    assert fraunhofer.district_id == "09162"  # Landeshauptstadt München
    entry = Postcode.objects.get(code="80686")
    assert (fraunhofer.latitude, fraunhofer.longitude) == (entry.latitude, entry.longitude)

    dresden = Organisation.objects.get(pic=TU_DRESDEN)
    assert dresden.postcode == "01069"
    assert dresden.district_id == "14612"  # Dresden

    german = Organisation.objects.filter(country="DE")
    known = set(
        Postcode.objects.filter(code__in=german.values("postcode")).values_list(
            "code", "district_id"
        )
    )
    assert len(known) > 100
    for organisation in german.filter(postcode__in=[code for code, _ in known]):
        assert (organisation.postcode, organisation.district_id) in known


def test_unknown_german_postcode_keeps_the_record_coordinates(report: CordisReport) -> None:
    # "655" cannot be a German postcode; the record's geolocation is used instead.
    korrosionsschutz = Organisation.objects.get(name="INSTITUT FUR KORROSIONSSCHUTZ DRESDEN GMBH")
    assert korrosionsschutz.postcode == "655"
    assert korrosionsschutz.district is None
    assert korrosionsschutz.latitude == pytest.approx(51.01253645)


def test_foreign_organisations_keep_their_coordinates(report: CordisReport) -> None:
    infineon = Organisation.objects.get(pic=INFINEON_ROMANIA)
    assert infineon.country == "RO"
    assert infineon.district is None
    assert (infineon.latitude, infineon.longitude) == (44.4816891, 26.1217839)
    # CORDIS writes the United Kingdom and Greece as UK and EL; stored as ISO codes.
    assert not Organisation.objects.filter(country__in=["UK", "EL"]).exists()
    assert Organisation.objects.filter(country="GB").exists()


def test_coordinates_come_in_pairs(report: CordisReport) -> None:
    assert not Organisation.objects.filter(latitude__isnull=True, longitude__isnull=False).exists()
    assert not Organisation.objects.filter(latitude__isnull=False, longitude__isnull=True).exists()
    without = Organisation.objects.get(name="METSO AUTOMATION OY")  # no geolocation
    assert without.latitude is None and without.longitude is None


def test_participations_link_projects_and_organisations(report: CordisReport) -> None:
    pairs = {(r["projectID"], r["organisationID"]) for r in ORGANISATIONS}
    assert report.participations_created == len(pairs) == Participation.objects.count()
    assert not Participation.objects.filter(organisation__isnull=True).exists()
    coordinators = Participation.objects.filter(role=ParticipantRole.COORDINATOR)
    assert coordinators.count() == 26
    infineon = Organisation.objects.get(pic=INFINEON_ROMANIA)
    assert infineon.participations.count() == 3
    third_parties = Participation.objects.filter(role=ParticipantRole.THIRD_PARTY)
    assert third_parties.exists()


def test_duplicate_participation_keeps_the_stronger_role_and_sums(report: CordisReport) -> None:
    participation = Participation.objects.get(pic=METSO_OUTOTEC, project__acronym="Productive4.0")
    assert participation.role == ParticipantRole.PARTICIPANT
    assert participation.eu_contribution == Decimal("21576.45")  # + 0 as third party
    assert participation.country == "FI"  # "FI;FI" in the record
    assert participation.participant_type == "PRC"  # "PRC;PRC"


def test_second_run_changes_nothing(report: CordisReport) -> None:
    before = snapshot()
    again = import_cordis_records()
    assert again.projects_created == again.projects_updated == 0
    assert again.organisations_created == again.organisations_updated == 0
    assert again.participations_created == again.participations_updated == 0
    assert again.participations_linked == 0
    assert snapshot() == before


def test_platform_organisation_only_gets_empty_fields_filled(db: Any) -> None:
    manual = OrganisationFactory(
        name="Infineon Romania (edited)",
        pic=INFINEON_ROMANIA,
        postcode="",
        street="",
        city="",
        kind=OrganisationKind.SME,
        description="Kept.",
    )
    report = import_cordis_records()
    manual.refresh_from_db()
    assert report.organisations_created == Organisation.objects.count() - 1
    assert manual.name == "Infineon Romania (edited)"
    assert manual.kind == OrganisationKind.SME
    assert manual.source == DataSource.MANUAL
    assert manual.description == "Kept."
    # The empty address is filled as a whole, with country and coordinates.
    assert (manual.street, manual.postcode, manual.city, manual.country) == (
        "B-dul Dimitrie Pompeiu 6",
        "8415",
        "Bucharest",
        "RO",
    )
    assert manual.latitude == 44.4816891
    assert manual.website == "https://www.infineon.com"
    assert manual.participations.count() == 3
    assert import_cordis_records().organisations_updated == 0


def test_platform_address_is_not_mixed_with_the_cordis_one(db: Any) -> None:
    manual = OrganisationFactory(name="Fraunhofer", pic=FRAUNHOFER, street="", postcode="56203")
    import_cordis_records()
    manual.refresh_from_db()
    assert (manual.street, manual.postcode) == ("", "56203")
    assert manual.website == "https://www.fraunhofer.de"


def test_cordis_organisation_edited_on_the_platform_is_not_overwritten(
    report: CordisReport, tmp_path: Path
) -> None:
    edited = Organisation.objects.get(pic=FRAUNHOFER)
    edited.name = "Fraunhofer-Gesellschaft"
    edited.save()
    untouched = Organisation.objects.get(pic=TU_DRESDEN)

    directory = copy_subset(tmp_path)
    records = [
        {**r, "name": r["name"] + " (renamed)", "street": "Neue Straße 1"}
        if str(r["organisationID"]) in {FRAUNHOFER, TU_DRESDEN}
        else r
        for r in ORGANISATIONS
    ]
    write_records(directory / "organization.json", records)
    again = import_cordis_records(directory)

    edited.refresh_from_db()
    untouched.refresh_from_db()
    assert again.organisations_updated == 1
    assert edited.name == "Fraunhofer-Gesellschaft"
    assert edited.street != "Neue Straße 1"
    # Never saved on the platform: CORDIS keeps it up to date.
    assert untouched.name == "TECHNISCHE UNIVERSITAET DRESDEN (renamed)"
    assert untouched.street == "Neue Straße 1"
    assert untouched.updated_at == untouched.created_at


def test_network_project_becomes_the_cordis_record(db: Any) -> None:
    Project.objects.create(
        source=ProjectSource.H2020_NETWORK,
        cordis_rcn=197903,
        programme="H2020",
        programme_part="LEIT",
    )
    report = import_cordis_records()
    assert (report.projects_created, report.projects_updated) == (25, 1)
    project = Project.objects.get(cordis_rcn=197903)
    assert project.source == ProjectSource.CORDIS
    assert project.acronym == "3Ccar"
    assert project.programme_part == "LEIT"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"role": "boss"}, "unknown role 'boss'"),
        ({"organisationID": "abc"}, "field organisationID: expected a whole number"),
        ({"projectID": 1}, "project 1 is not in project.json"),
        ({"geolocation": "north"}, "field geolocation"),
        ({"ecContribution": "a lot"}, "field ecContribution: expected an amount"),
    ],
)
def test_malformed_record_is_rejected_and_nothing_written(
    db: Any, tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    directory = copy_subset(tmp_path)
    records = [dict(r) for r in ORGANISATIONS]
    records[999].update(change)  # late in the file: earlier records were fine
    write_records(directory / "organization.json", records)
    with pytest.raises(ImportFileError) as error:
        import_cordis_records(directory)
    text = str(error.value)
    assert "organization.json, record 1000" in text
    assert message in text
    assert not Project.objects.exists()
    assert not Organisation.objects.exists()
    assert not Participation.objects.exists()


def test_missing_field_is_named(db: Any, tmp_path: Path) -> None:
    directory = copy_subset(tmp_path)
    projects = [dict(p) for p in PROJECTS]
    del projects[3]["rcn"]
    write_records(directory / "project.json", projects)
    with pytest.raises(ImportFileError, match=r"project\.json, record 4 .*field rcn is missing"):
        import_cordis_records(directory)
    assert not Project.objects.exists()


def test_failed_reimport_leaves_the_previous_import_alone(
    report: CordisReport, tmp_path: Path
) -> None:
    before = snapshot()
    directory = copy_subset(tmp_path)
    projects = [dict(p) for p in PROJECTS]
    projects[0]["title"] = "Changed"
    projects[-1]["endDate"] = "1999-01-01"  # before its start
    write_records(directory / "project.json", projects)
    with pytest.raises(ImportFileError, match="ends before it starts"):
        import_cordis_records(directory)
    assert snapshot() == before


def test_invalid_json_names_the_file(db: Any, tmp_path: Path) -> None:
    directory = copy_subset(tmp_path)
    (directory / "organization.json").write_text('[{"name": "x",]', encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"organization\.json: not valid JSON"):
        import_cordis_records(directory)
    (directory / "organization.json").unlink()
    with pytest.raises(ImportFileError, match=r"organization\.json: file not found"):
        import_cordis_records(directory)


def test_command_prints_a_summary(db: Any, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("import_cordis", stdout=out)
    assert "26" in out.getvalue()
    assert "765" in out.getvalue()

    directory = copy_subset(tmp_path)
    (directory / "project.json").write_text("{}", encoding="utf-8")
    with pytest.raises(CommandError, match="expected a list of records"):
        call_command("import_cordis", directory=directory, stdout=io.StringIO())


@pytest.mark.parametrize("value", ["²", "12²", "٣"])
def test_ids_in_other_digits_are_refused_not_crashed(value: str) -> None:
    from nahwerk.projects.importing import _Invalid, _whole_number

    with pytest.raises(_Invalid):
        _whole_number(value)
