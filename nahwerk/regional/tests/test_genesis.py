"""The GENESIS export as downloaded: the six real files, and broken copies of them."""

from __future__ import annotations

import gzip

import pytest

from nahwerk.regional.genesis import GenesisFormatError, Table, parse
from nahwerk.regional.tests.conftest import shipped, shipped_text


def read(text: str, names: dict[str, str], encoding: str = "latin-1") -> Table:
    return parse(text.encode(encoding), source="upload.csv", districts=names, district_names=names)


def problems(text: str, names: dict[str, str], encoding: str = "latin-1") -> list[str]:
    with pytest.raises(GenesisFormatError) as caught:
        read(text, names, encoding)
    return [str(p) for p in caught.value.problems]


def cell(table: Table, area: str, sector: str) -> tuple[object, ...]:
    row = next(r for r in table.rows if r.area_code == area and r.sector == sector)
    return (*row.values, *row.flags)


@pytest.mark.parametrize("year", [2015, 2016, 2017, 2018, 2019, 2020])
def test_every_shipped_year_reads_with_all_401_districts(
    year: int, district_names: dict[str, str]
) -> None:
    table = parse(shipped(year).read_bytes(), source="x", districts=district_names)
    assert table.year == year
    assert table.reference_date.isoformat() == f"{year}-06-30"
    assert table.districts() == set(district_names)
    assert len(table.rows) == (1 + 16 + 35 + 401) * 14
    assert table.published.startswith("17.08.2021")


def test_values_and_flags_of_the_westerwaldkreis_2020(district_names: dict[str, str]) -> None:
    table = read(shipped_text(2020), district_names)
    # line 2493: 07143;Westerwaldkreis;Verarbeitendes Gewerbe (C);20867;16235;4632;2391;...
    assert cell(table, "07143", "C") == (20867, 16235, 4632, 2391, "", "", "", "")
    # line 2494: Baugewerbe (F);6845;5859;986;.;.;.  -> foreign suppressed, not 0
    assert cell(table, "07143", "F") == (6845, 5859, 986, None, "", "", "", ".")


def test_berlin_and_hamburg_become_their_districts(district_names: dict[str, str]) -> None:
    table = read(shipped_text(2020), district_names)
    # line 5149: 11;  Berlin;Insgesamt;1539285;778115;761170;242295;...
    assert cell(table, "11000", "TOTAL")[:4] == (1539285, 778115, 761170, 242295)
    assert cell(table, "11", "TOTAL")[:4] == (1539285, 778115, 761170, 242295)
    assert cell(table, "02000", "TOTAL")[0] == 997534


def test_an_export_with_municipality_rows_for_berlin_uses_them(
    district_names: dict[str, str],
) -> None:
    lines = shipped_text(2020).splitlines()
    berlin = [line for line in lines if line.startswith("11;  Berlin;")]
    municipality = [line.replace("11;  Berlin;", "11000000;      Berlin;") for line in berlin]
    municipality[-1] = municipality[-1].replace(";1539285;778115;", ";1539284;778114;")
    at = lines.index(berlin[-1]) + 1
    text = "\n".join(lines[:at] + municipality + lines[at:])
    assert cell(read(text, district_names), "11000", "TOTAL")[0] == 1539284


def test_goettingen_before_its_merger_is_the_sum_of_its_parts(
    district_names: dict[str, str],
) -> None:
    table = read(shipped_text(2015), district_names)
    # lines 351 and 407: Göttingen 15671 + Osterode am Harz 7149 = 22820 in C
    assert cell(table, "03159", "C")[0] == 22820
    # line 408: Osterode's foreign employees in F are "." -> the sum is unknown
    assert cell(table, "03159", "F")[0] == 5743
    assert cell(table, "03159", "F")[3] is None
    assert cell(table, "03159", "F")[7] == "."
    assert "03152" not in table.districts()


def test_districts_that_no_longer_exist_are_left_out(district_names: dict[str, str]) -> None:
    table = read(shipped_text(2020), district_names)
    assert "05354" in table.obsolete_districts  # Aachen, Kreis: all "-" since 2009
    assert "05354" not in table.districts()


def test_gzip_and_plain_text_read_alike(district_names: dict[str, str]) -> None:
    plain = read(shipped_text(2019), district_names)
    packed = parse(
        gzip.compress(shipped_text(2019).encode("latin-1")), source="x", districts=district_names
    )
    assert plain.rows == packed.rows


def test_a_wrong_table_is_refused_at_line_1(district_names: dict[str, str]) -> None:
    text = shipped_text(2020).replace("13111-07-05-4", "13111-01-03-4", 1)
    assert problems(text, district_names) == [
        "upload.csv, Zeile 1: Das ist nicht die Tabelle 13111-07-05-4: die erste Zeile lautet "
        "„GENESIS-Tabelle: 13111-01-03-4“."
    ]


def test_a_file_saved_as_utf8_is_refused_naming_the_line(district_names: dict[str, str]) -> None:
    found = problems(shipped_text(2020), district_names, encoding="utf-8")
    assert len(found) == 1
    assert "Zeile 2" in found[0] and "UTF-8" in found[0] and "Beschäftigte" in found[0]


def test_a_shifted_column_is_refused(district_names: dict[str, str]) -> None:
    line = "07143;      Westerwaldkreis;Verarbeitendes Gewerbe (C);20867;16235;4632;"
    text = shipped_text(2020).replace(
        line, "07143;      Westerwaldkreis;Verarbeitendes Gewerbe (C);16235;4632;20867;"
    )
    assert problems(text, district_names) == [
        "upload.csv, Zeile 2493: Insgesamt 16235 ist nicht männlich 4632 + weiblich 20867: "
        "ist eine Spalte verschoben?"
    ]


def test_an_unknown_district_is_refused(district_names: dict[str, str]) -> None:
    text = shipped_text(2020).replace("07143;      Westerwaldkreis", "07199;      Westerwaldkreis")
    found = problems(text, district_names)
    assert len(found) == 1  # one message per district, not one per row
    assert found[0].startswith("upload.csv, Zeile 2490: „07199“ (Westerwaldkreis)")


def test_a_value_that_is_not_a_number_is_refused(district_names: dict[str, str]) -> None:
    text = shipped_text(2020).replace(";20867;16235;4632;", ";20867;16.235;4632;")
    assert problems(text, district_names) == [
        "upload.csv, Zeile 2493: Spalte „männlich“: „16.235“ ist keine Zahl, kein „.“ und kein „-“."
    ]


def test_a_file_without_its_year_is_refused(district_names: dict[str, str]) -> None:
    text = shipped_text(2020).replace("Stichtag: 30.06.2020", "Stichtag:")
    found = problems(text, district_names)
    assert len(found) == 1 and "Stichtag" in found[0] and "Jahr fehlt" in found[0]


def test_a_truncated_file_is_refused(district_names: dict[str, str]) -> None:
    lines = shipped_text(2020).splitlines()
    # up to line 2500, the Westerwaldkreis' M-N: its O-Q, R-U and total are cut off
    cut = "\n".join(lines[:2500])
    found = problems(cut, district_names)
    assert any("abgeschnitten" in p and "Zeile 2500" in p for p in found)
    assert any("07143" in p and "Wirtschaftsbereiche O-Q, R-U, TOTAL." in p for p in found)


def test_a_truncated_gzip_archive_is_refused(district_names: dict[str, str]) -> None:
    data = shipped(2020).read_bytes()
    with pytest.raises(GenesisFormatError, match="gzip"):
        parse(data[: len(data) // 2], source="x.gz", districts=district_names)


def test_a_row_with_a_missing_field_names_its_line(district_names: dict[str, str]) -> None:
    text = shipped_text(2020).replace(";20867;16235;4632;2391;", ";20867;16235;4632;", 1)
    found = problems(text, district_names)
    assert found[0].startswith("upload.csv, Zeile 2493: 9 Felder")
