"""Organisation import from CSV and .xlsx: validation report, all-or-nothing, re-import."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from nahwerk.directory.choices import DataSource, OrganisationKind, SizeBand, Visibility
from nahwerk.directory.importing import ImportResult, OrganisationImportError, import_organisations
from nahwerk.directory.management.commands.bench_import import (
    BENCH_HEADERS,
    generate_rows,
    reference_choices,
    rows_to_csv,
)
from nahwerk.directory.models import Organisation
from nahwerk.directory.tests.factories import OrganisationFactory
from nahwerk.networks.choices import MembershipStatus
from nahwerk.networks.models import Membership
from nahwerk.networks.tests.factories import MembershipFactory, NetworkFactory
from nahwerk.reference.models import Postcode

pytestmark = pytest.mark.django_db

# Spreadsheet row (header = row 1) → (field, column, broken value).
BROKEN: dict[int, tuple[str, str, str]] = {
    11: ("postcode", "PLZ", "99999"),
    52: ("name", "Firmenname", ""),
    91: ("industry_codes", "WZ 2008", "99.99"),
}


@pytest.fixture(autouse=True)
def english() -> Any:
    # Assertions below quote English messages; German catalogues must not break them.
    with translation.override("en"):
        yield


def db_state() -> tuple[int, int, int]:
    """Organisations, memberships and WZ links: what an import may write."""
    return (
        Organisation.objects.count(),
        Membership.objects.count(),
        Organisation.industry_codes.through.objects.count(),
    )


@pytest.fixture
def rows() -> list[dict[str, str]]:
    postcodes, codes = reference_choices()
    return generate_rows(100, seed=7, postcodes=postcodes, codes=codes, id_prefix="t-")


@pytest.fixture
def broken_csv(rows: list[dict[str, str]]) -> bytes:
    assert not Postcode.objects.filter(code="99999").exists()
    broken = [dict(row) for row in rows]
    for number, (_field, column, value) in BROKEN.items():
        broken[number - 2][column] = value
    return rows_to_csv(broken)


def csv_bytes(
    records: Sequence[Mapping[str, Any]], delimiter: str = ",", encoding: str = "utf-8"
) -> bytes:
    headers = list(dict.fromkeys(key for record in records for key in record))
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=headers, delimiter=delimiter)
    writer.writeheader()
    writer.writerows(records)
    return buffer.getvalue().encode(encoding)


def import_one(**options: Any) -> ImportResult:
    """Import a single row given as header=value keywords (spaces as underscores)."""
    cells = {"Name": "Beispiel GmbH", "PLZ": "56203"}
    cells.update({key.replace("_", " "): value for key, value in options.items()})
    return import_organisations(csv_bytes([cells]), filename="one.csv")


# --- The required scenarios ----------------------------------------------------------------


def test_broken_rows_reject_the_whole_file_and_name_exactly_those_rows(broken_csv) -> None:
    before = db_state()
    result = import_organisations(broken_csv, filename="orgs.csv")

    assert {(p.row, p.field) for p in result.problems} == {
        (row, field) for row, (field, _c, _v) in BROKEN.items()
    }
    assert [p.value for p in result.problems] == ["99999", "", "99.99"]
    assert all(p.reason for p in result.problems)
    assert (result.rows, result.valid, result.invalid) == (100, 97, 3)
    assert result.rejected and not result.written
    assert (result.created, result.updated, result.skipped) == (0, 0, 100)
    assert db_state() == before


def test_skip_invalid_imports_the_97_valid_rows(broken_csv, rows) -> None:
    before = db_state()
    result = import_organisations(broken_csv, filename="orgs.csv", skip_invalid=True)

    assert result.written and not result.rejected
    assert (result.created, result.updated, result.skipped) == (97, 0, 3)
    assert Organisation.objects.count() == before[0] + 97
    skipped_ids = {rows[number - 2]["ID"] for number in BROKEN}
    assert not Organisation.objects.filter(external_id__in=skipped_ids).exists()
    assert Organisation.objects.filter(source=DataSource.IMPORT).count() == 97


def test_reimport_updates_instead_of_duplicating(rows) -> None:
    first = import_organisations(rows_to_csv(rows), filename="orgs.csv")
    assert first.created == 100
    count = Organisation.objects.count()
    slugs = dict(Organisation.objects.values_list("external_id", "slug"))

    changed = [dict(row) for row in rows]
    changed[0]["Firmenname"] = "Umbenannt GmbH"
    changed[0]["Mitarbeiter"] = "300"
    changed[0]["WZ 2008"] = "62.01.1"
    second = import_organisations(rows_to_csv(changed), filename="orgs.csv")

    assert (second.created, second.updated) == (0, 100)
    assert Organisation.objects.count() == count
    org = Organisation.objects.get(source=DataSource.IMPORT, external_id=rows[0]["ID"])
    assert org.name == "Umbenannt GmbH"
    assert org.employees == 300 and org.size_band == SizeBand.LARGE
    assert list(org.industry_codes.values_list("code", flat=True)) == ["62.01.1"]
    # The slug is the public address; a re-import never changes it.
    assert dict(Organisation.objects.values_list("external_id", "slug")) == slugs


def test_xlsx_file_is_imported() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Organisation", "Postcode", "City", "Type", "Employees", "NACE", "Website"])
    sheet.append(["Mildenau Maschinen GmbH", 9456, None, "SME", 42, "28.41", "www.mm.example"])
    sheet.append(["Uni Dresden", "01067", "Dresden", "Universität", 8000.0, "P", None])
    sheet.append([None, None, None, None, None, None, None])  # trailing empty row
    buffer = io.BytesIO()
    workbook.save(buffer)

    result = import_organisations(buffer.getvalue(), filename="orgs.xlsx")

    assert (result.rows, result.created, result.invalid) == (2, 2, 0), result.problems
    org = Organisation.objects.get(name="Mildenau Maschinen GmbH")
    assert org.postcode == "09456"  # spreadsheets drop the leading zero
    assert org.city == "Mildenau" and org.district_id == "14521"
    assert org.latitude is not None and org.longitude is not None
    assert org.kind == OrganisationKind.SME and org.size_band == SizeBand.SMALL
    assert org.website == "https://www.mm.example"
    uni = Organisation.objects.get(name="Uni Dresden")
    assert uni.kind == OrganisationKind.UNIVERSITY and uni.employees == 8000


@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-8", True), ("utf-8", False), ("cp1252", False)]
)
def test_semicolon_german_csv_with_bom_or_windows_encoding(encoding: str, bom: bool) -> None:
    text = (
        "Firmenname;Rechtsform;PLZ;Ort;Typ;WZ-Code;Mitarbeiter;Straße;Beschreibung\n"
        "Keramik Müller;GmbH;56203;Höhr-Grenzhausen;KMU;23.41, 23.44;12;Rheinstraße 1;"
        '"Töpferei; seit 1890"\n'
    )
    content = ("\ufeff" if bom else "").encode("utf-8") + text.encode(encoding)

    result = import_organisations(content, filename="firmen.csv")

    assert result.created == 1, result.problems
    org = Organisation.objects.get(name="Keramik Müller")
    assert org.legal_form == "GmbH" and org.street == "Rheinstraße 1"
    assert org.description == "Töpferei; seit 1890"
    assert org.kind == OrganisationKind.SME and org.district_id == "07143"
    assert sorted(org.industry_codes.values_list("code", flat=True)) == ["23.41", "23.44"]


def test_mapping_overrides_the_aliases() -> None:
    content = csv_bytes([{"Kunde": "Kunde AG", "Ort": "Hauptstraße 5", "PLZ": "56203", "Art": "x"}])
    with pytest.raises(OrganisationImportError, match="name"):
        import_organisations(content, filename="kunden.csv")

    result = import_organisations(
        content, filename="kunden.csv", mapping={"Kunde": "name", "Ort": "street", "Art": ""}
    )

    assert result.created == 1, result.problems
    assert result.columns == {"Kunde": "name", "Ort": "street", "PLZ": "postcode"}
    assert result.ignored_columns == ["Art"]
    org = Organisation.objects.get(name="Kunde AG")
    assert org.street == "Hauptstraße 5"
    assert org.city == "Höhr-Grenzhausen"  # derived from the postcode, Ort is the street now


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"Kunde": "firmname"}, "Unknown target field"),
        ({"Fehlt": "name"}, "not in the file"),
        ({"Kunde": "name", "PLZ": "name"}, "Several columns"),
    ],
)
def test_bad_mapping_is_a_clear_error(mapping: dict[str, str], message: str) -> None:
    content = csv_bytes([{"Kunde": "Kunde AG", "PLZ": "56203"}])
    with pytest.raises(OrganisationImportError, match=message):
        import_organisations(content, filename="kunden.csv", mapping=mapping)


def test_dry_run_reports_but_writes_nothing(rows) -> None:
    network = NetworkFactory()
    before = db_state()
    result = import_organisations(
        rows_to_csv(rows), filename="o.csv", dry_run=True, network=network
    )

    assert result.dry_run and not result.written
    assert (result.created, result.updated, result.memberships_created) == (100, 0, 100)
    assert db_state() == before


def test_network_members_are_added_once(rows) -> None:
    network = NetworkFactory(slug="nord")
    first = import_organisations(rows_to_csv(rows), filename="o.csv", network=network)
    assert first.memberships_created == 100
    second = import_organisations(rows_to_csv(rows), filename="o.csv", network=network)

    assert second.memberships_created == 0
    memberships = Membership.objects.filter(network=network)
    assert memberships.count() == 100
    assert set(memberships.values_list("status", flat=True)) == {MembershipStatus.ACTIVE}


def test_reference_lookups_do_not_query_per_row(rows, django_assert_max_num_queries) -> None:
    network = NetworkFactory()
    content = rows_to_csv(rows)
    with django_assert_max_num_queries(20):
        import_organisations(content, filename="o.csv", network=network)
    with django_assert_max_num_queries(20):
        import_organisations(content, filename="o.csv", network=network)


# --- Matching existing organisations ---------------------------------------------------------


def test_without_id_column_match_by_pic_then_by_name_and_postcode() -> None:
    by_pic = OrganisationFactory(name="Alter Name GmbH", pic="999888777", postcode="56203")
    by_name = OrganisationFactory(name="Keramik  Schmidt GmbH", postcode="56203")
    content = csv_bytes(
        [
            {"Name": "Neuer Name GmbH", "PLZ": "56203", "PIC": "999888777", "Mitarbeiter": "5"},
            {"Name": "keramik schmidt gmbh", "PLZ": "56203", "PIC": "", "Mitarbeiter": "7"},
            {"Name": "Keramik Schmidt GmbH", "PLZ": "57610", "PIC": "", "Mitarbeiter": "9"},
        ]
    )

    result = import_organisations(content, filename="o.csv")

    assert (result.created, result.updated) == (1, 2), result.problems
    by_pic.refresh_from_db()
    by_name.refresh_from_db()
    assert by_pic.name == "Neuer Name GmbH" and by_pic.employees == 5
    assert by_name.employees == 7 and by_name.source == DataSource.MANUAL
    assert Organisation.objects.filter(postcode="57610", employees=9).count() == 1


def test_update_touches_only_mapped_fields_and_empty_keys_do_not_clear() -> None:
    org = OrganisationFactory(
        name="Bestand GmbH",
        postcode="56203",
        pic="123456789",
        description="Bleibt",
        visibility=Visibility.MEMBERS,
    )
    content = csv_bytes([{"Name": "Bestand GmbH", "PLZ": "56203", "Ort": "Neu-Ort", "PIC": ""}])
    result = import_organisations(content, filename="o.csv")
    assert result.updated == 1
    org.refresh_from_db()
    assert org.city == "Neu-Ort" and org.description == "Bleibt"
    assert org.pic == "123456789" and org.visibility == Visibility.MEMBERS


def test_allowed_ids_protect_organisations_of_other_networks() -> None:
    mine = OrganisationFactory(name="Meine GmbH", postcode="56203")
    theirs = OrganisationFactory(name="Fremde GmbH", postcode="57610")
    content = csv_bytes(
        [
            {"Name": "Meine GmbH", "PLZ": "56203", "Mitarbeiter": "1"},
            {"Name": "Fremde GmbH", "PLZ": "57610", "Mitarbeiter": "2"},
        ]
    )

    result = import_organisations(content, filename="o.csv", allowed_ids={mine.pk})

    assert result.rejected
    assert [(p.row, p.field) for p in result.problems] == [(3, "name")]
    assert "outside your networks" in result.problems[0].reason
    theirs.refresh_from_db()
    assert theirs.employees is None


def test_slugs_stay_unique_without_a_query_per_row() -> None:
    OrganisationFactory(name="Doppel GmbH", slug="doppel-gmbh")
    content = csv_bytes(
        [
            {"Name": "Doppel GmbH", "PLZ": "80331"},  # the existing one is in 56203
            {"Name": "Doppel GmbH", "PLZ": "57610"},
            {"Name": "Doppel GmbH", "PLZ": "01067"},
        ]
    )
    result = import_organisations(content, filename="o.csv")
    assert result.created == 3
    assert set(Organisation.objects.values_list("slug", flat=True)) >= {
        "doppel-gmbh",
        "doppel-gmbh-2",
        "doppel-gmbh-3",
        "doppel-gmbh-4",
    }


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        ([{"ID": "a1", "Name": "Eins"}, {"ID": "a1", "Name": "Zwei"}], [(3, "external_id")]),
        (
            [{"Name": "Eins", "PIC": "111222333"}, {"Name": "Zwei", "PIC": "111222333"}],
            [(3, "pic")],
        ),
        (
            [{"Name": "Eins GmbH", "PLZ": "56203"}, {"Name": "EINS  GmbH", "PLZ": "56203"}],
            [(3, "name")],
        ),
        (
            [
                {"ID": "a1", "Name": "Eins", "PIC": "111222333"},
                {"ID": "a2", "Name": "Zwei", "PIC": "111222333"},
            ],
            [(3, "pic")],
        ),
    ],
)
def test_duplicate_keys_within_the_file(records: list[dict[str, str]], expected) -> None:
    result = import_organisations(csv_bytes(records), filename="o.csv")
    assert [(p.row, p.field) for p in result.problems] == expected
    assert result.rejected and Organisation.objects.count() == 0


def test_pic_of_another_organisation_is_refused() -> None:
    OrganisationFactory(name="Inhaber GmbH", pic="555666777")
    result = import_organisations(
        csv_bytes([{"ID": "x", "Name": "Andere GmbH", "PIC": "555666777"}]), filename="o.csv"
    )
    assert [(p.field, p.value) for p in result.problems] == [("pic", "555666777")]


# --- Values, one at a time -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "field"),
    [
        ({"Name": ""}, "name"),
        ({"Name": "   "}, "name"),
        ({"Name": "x" * 256}, "name"),
        ({"PLZ": "99999"}, "postcode"),
        ({"PLZ": "5620"}, "postcode"),  # padded to 05620, which does not exist
        ({"PLZ": "D-56203"}, "postcode"),
        ({"PLZ": "562030"}, "postcode"),
        ({"WZ": "99.99"}, "industry_codes"),
        ({"WZ": "23.41; 12345678"}, "industry_codes"),
        ({"Mitarbeiter": "-3"}, "employees"),
        ({"Mitarbeiter": "viele"}, "employees"),
        ({"Mitarbeiter": "1,5"}, "employees"),
        ({"Mitarbeiter": "99999999999"}, "employees"),
        ({"Webseite": "nicht eine url"}, "website"),
        ({"Webseite": "http://"}, "website"),
        ({"Typ": "Raumschiff"}, "kind"),
        ({"Rechtsform": "G" * 61}, "legal_form"),
        ({"Straße": "S" * 201}, "street"),
        ({"ID": "i" * 101}, "external_id"),
        ({"PIC": "12345"}, "pic"),
        ({"Land": "Deutschland-Ost"}, "country"),
        ({"Größenklasse": "riesig"}, "size_band"),
        ({"Sichtbarkeit": "geheim"}, "visibility"),
    ],
)
def test_invalid_value_is_reported_with_its_field(cells: dict[str, str], field: str) -> None:
    result = import_one(**cells)
    assert [(p.row, p.field) for p in result.problems] == [(2, field)]
    assert result.problems[0].reason
    assert result.rejected and Organisation.objects.count() == 0


@pytest.mark.parametrize(
    ("cells", "attribute", "expected"),
    [
        ({"PLZ": " 56203 "}, "postcode", "56203"),
        ({"PLZ": "9456"}, "postcode", "09456"),
        ({"PLZ": ""}, "postcode", ""),
        ({"Land": "AT", "PLZ": "1010"}, "postcode", "1010"),
        ({"Land": "Österreich", "PLZ": "1010"}, "country", "AT"),
        ({"Land": "Deutschland"}, "country", "DE"),
        ({"Typ": ""}, "kind", OrganisationKind.COMPANY),
        ({"Typ": "KMU"}, "kind", OrganisationKind.SME),
        ({"Typ": "Start-up"}, "kind", OrganisationKind.STARTUP),
        ({"Typ": "Hochschule"}, "kind", OrganisationKind.UNIVERSITY),
        ({"Typ": "Universität"}, "kind", OrganisationKind.UNIVERSITY),
        ({"Typ": "Forschungsinstitut"}, "kind", OrganisationKind.RESEARCH_INSTITUTE),
        ({"Typ": "IHK"}, "kind", OrganisationKind.CHAMBER),
        ({"Typ": "HWK"}, "kind", OrganisationKind.CHAMBER),
        ({"Typ": "Wirtschaftsförderung"}, "kind", OrganisationKind.DEVELOPMENT_AGENCY),
        ({"Typ": "Behörde"}, "kind", OrganisationKind.PUBLIC_BODY),
        ({"Typ": "öffentliche Einrichtung"}, "kind", OrganisationKind.PUBLIC_BODY),
        ({"Typ": "Verein"}, "kind", OrganisationKind.ASSOCIATION),
        ({"Typ": "Verband"}, "kind", OrganisationKind.ASSOCIATION),
        ({"Typ": "research_institute"}, "kind", OrganisationKind.RESEARCH_INSTITUTE),
        ({"Typ": "Economic development agency"}, "kind", OrganisationKind.DEVELOPMENT_AGENCY),
        ({"Mitarbeiter": "1.200"}, "employees", 1200),
        ({"Mitarbeiter": "0"}, "employees", 0),
        ({"Mitarbeiter": "0"}, "size_band", SizeBand.MICRO),
        ({"Mitarbeiter": "60"}, "size_band", SizeBand.MEDIUM),
        ({"Mitarbeiter": "60", "Größenklasse": "klein"}, "size_band", SizeBand.SMALL),
        ({"Mitarbeiter": ""}, "employees", None),
        ({"Webseite": "www.beispiel.de"}, "website", "https://www.beispiel.de"),
        ({"Webseite": "http://beispiel.de/a"}, "website", "http://beispiel.de/a"),
        ({"Sichtbarkeit": "Mitglieder"}, "visibility", Visibility.MEMBERS),
        ({"Sichtbarkeit": ""}, "visibility", Visibility.PUBLIC),
        ({"PIC": ""}, "pic", None),
        ({"PIC": "987654321"}, "pic", "987654321"),
        ({"Name": "  Viel   Raum  GmbH "}, "name", "Viel Raum GmbH"),
    ],
)
def test_valid_value_is_cleaned(cells: dict[str, str], attribute: str, expected: Any) -> None:
    result = import_one(**cells)
    assert result.created == 1, result.problems
    assert getattr(Organisation.objects.get(), attribute) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("23.41", ["23.41"]),
        ("2341", ["23.41"]),
        ("62011", ["62.01.1"]),
        ("c", ["C"]),
        ("23.41;23.44", ["23.41", "23.44"]),
        ("23.41, 23.44", ["23.41", "23.44"]),
        ("23.41 23.44\n62", ["23.41", "23.44", "62"]),
        ("23.41; 23.41", ["23.41"]),
    ],
)
def test_wz_codes_in_all_common_spellings(value: str, expected: list[str]) -> None:
    result = import_organisations(
        csv_bytes([{"Name": "WZ GmbH", "WZ 2008": value}]), filename="o.csv"
    )
    assert result.created == 1, result.problems
    org = Organisation.objects.get()
    assert sorted(org.industry_codes.values_list("code", flat=True)) == sorted(expected)


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "o.csv", "empty"),
        (b"\n\nName\n", "o.csv", "header"),
        (b"Foo,Bar\n1,2\n", "o.csv", "name"),
        (b"PK\x03\x04broken", "o.xlsx", "Excel"),
        (b"\xd0\xcf\x11\xe0", "o.xls", ".xls"),
    ],
)
def test_unreadable_files_raise_a_clear_error(content: bytes, filename: str, message: str) -> None:
    with pytest.raises(OrganisationImportError, match=message):
        import_organisations(content, filename=filename)


def test_header_only_file_writes_nothing() -> None:
    result = import_organisations(b"Name,PLZ\n", filename="o.csv")
    assert (result.rows, result.written, result.rejected) == (0, False, False)


# --- The management command ------------------------------------------------------------------


def run_command(*args: str) -> str:
    out = io.StringIO()
    call_command("import_organisations", *args, stdout=out)
    return out.getvalue()


def test_command_rejects_broken_file_with_report_and_nonzero_exit(broken_csv, tmp_path) -> None:
    path = tmp_path / "orgs.csv"
    path.write_bytes(broken_csv)
    out = io.StringIO()
    with pytest.raises(CommandError, match="3 rows are invalid"):
        call_command("import_organisations", str(path), stdout=out)
    report = out.getvalue()
    table = [line.split()[:2] for line in report.splitlines() if line[:1].isdigit()]
    assert table == [["11", "postcode"], ["52", "name"], ["91", "industry_codes"]]
    assert "99999" in report and "99.99" in report
    assert "Rows: 100, valid: 97, invalid: 3" in report
    assert Organisation.objects.count() == 0


def test_command_skip_invalid_and_network(broken_csv, tmp_path) -> None:
    network = NetworkFactory(slug="nord")
    path = tmp_path / "orgs.csv"
    path.write_bytes(broken_csv)
    report = run_command(str(path), "--skip-invalid", "--network", "nord")
    assert "Created: 97, updated: 0, skipped: 3, new memberships: 97" in report
    assert Membership.objects.filter(network=network).count() == 97


def test_command_dry_run_and_mapping(tmp_path: Path) -> None:
    path = tmp_path / "kunden.csv"
    path.write_bytes(csv_bytes([{"Kunde": "Kunde AG", "Postleitzahl": "56203"}], ";"))
    report = run_command(str(path), "--map", "Kunde=name", "--dry-run")
    assert "Kunde → name" in report and "Postleitzahl → postcode" in report
    assert "Created: 1" in report and "Dry run" in report
    assert Organisation.objects.count() == 0
    run_command(str(path), "--map", "Kunde=name")
    assert Organisation.objects.get().name == "Kunde AG"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--network", "gibtsnicht"], "no network"),
        (["--map", "Kunde"], "Header=field"),
        (["--map", "Kunde=firma"], "Unknown target field"),
    ],
)
def test_command_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    path = tmp_path / "kunden.csv"
    path.write_bytes(csv_bytes([{"Kunde": "Kunde AG"}]))
    with pytest.raises(CommandError, match=message):
        run_command(str(path), *args)


def test_command_missing_file_is_a_command_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="could not be opened"):
        run_command(str(tmp_path / "fehlt.csv"))


def test_bench_generator_rows_are_all_valid() -> None:
    postcodes, codes = reference_choices()
    rows = generate_rows(300, seed=1, postcodes=postcodes, codes=codes)
    result = import_organisations(rows_to_csv(rows), filename="b.csv", dry_run=True)
    assert (result.valid, result.invalid) == (300, 0), result.problems[:3]
    assert list(rows[0]) == list(BENCH_HEADERS)


def test_bench_command_cleans_up_after_itself() -> None:
    MembershipFactory()
    before = db_state()
    out = io.StringIO()
    call_command("bench_import", "--rows", "50", "--reimport", stdout=out)
    assert "rows/s" in out.getvalue()
    assert db_state() == before


@pytest.mark.parametrize("value", ["²", "1²", "٣"])
def test_employees_in_other_digits_are_refused_not_crashed(value: str) -> None:
    from nahwerk.directory.importing import _clean_employees, _Invalid

    with pytest.raises(_Invalid):
        _clean_employees(value)
