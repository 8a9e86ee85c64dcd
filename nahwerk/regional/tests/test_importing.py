"""import_employment: all files or nothing, and importing again updates, never duplicates."""

from __future__ import annotations

import gzip
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from nahwerk.regional.importing import EmploymentImportError, import_employment
from nahwerk.regional.models import EmploymentFigure, EmploymentRelease
from nahwerk.regional.tests.conftest import shipped, shipped_text

pytestmark = pytest.mark.django_db


def test_the_shipped_years_are_there_once(employment: None) -> None:
    assert list(EmploymentRelease.objects.values_list("year", flat=True)) == list(range(2015, 2021))
    # 1 country + 16 states + 35 regions + 401 districts, 14 sectors, 6 years
    assert EmploymentFigure.objects.count() == 453 * 14 * 6
    ww = EmploymentFigure.objects.get(year=2020, area_code="07143", sector="F")
    assert (ww.employees_total, ww.employees_foreign, ww.flag_foreign) == (6845, None, ".")


def test_importing_again_updates_and_never_duplicates(employment: None, tmp_path: Path) -> None:
    before = EmploymentFigure.objects.count()
    changed = shipped_text(2020).replace(
        ";Verarbeitendes Gewerbe (C);20867;16235;4632;",
        ";Verarbeitendes Gewerbe (C);20868;16236;4632;",
    )
    path = tmp_path / "2020.csv"
    path.write_bytes(changed.encode("latin-1"))
    call_command("import_employment", str(path), stdout=io.StringIO())
    assert EmploymentFigure.objects.count() == before
    figure = EmploymentFigure.objects.get(year=2020, area_code="07143", sector="C")
    assert figure.employees_total == 20868
    assert EmploymentRelease.objects.get(year=2020).source_name == "2020.csv"


def test_one_bad_file_and_nothing_is_written(employment: None, tmp_path: Path) -> None:
    good = shipped_text(2019).replace(";Insgesamt;", ";Insgesamt;", 1)
    good_changed = good.replace("DG;Deutschland;Insgesamt;", "DG;Deutschland;Insgesamt;")
    bad = shipped_text(2020).replace(";20867;16235;4632;", ";20867;16x35;4632;")
    before = list(
        EmploymentFigure.objects.filter(year=2019, area_code="DG").values_list(
            "employees_total", flat=True
        )
    )
    files = [
        ("2019.csv", good_changed.replace(";33322952;", ";0;").encode("latin-1")),
        ("2020.csv", bad.encode("latin-1")),
    ]
    with pytest.raises(EmploymentImportError) as caught:
        import_employment(files)
    assert [str(p) for p in caught.value.problems] == [
        "2020.csv, Zeile 2493: Spalte „männlich“: „16x35“ ist keine Zahl, kein „.“ und kein „-“."
    ]
    after = list(
        EmploymentFigure.objects.filter(year=2019, area_code="DG").values_list(
            "employees_total", flat=True
        )
    )
    assert after == before


def test_two_files_of_one_year_are_refused(employment: None) -> None:
    data = gzip.compress(shipped_text(2018).encode("latin-1"))
    other = shipped_text(2018).replace("Stand:", "Stand: neu").encode("latin-1")
    with pytest.raises(EmploymentImportError, match="2018"):
        import_employment([("a.csv.gz", data), ("b.csv", other)], force=True)


def test_the_command_names_line_and_value(employment: None, tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "kaputt.csv"
    path.write_bytes(shipped_text(2020).replace("07143;", "07199;").encode("latin-1"))
    with pytest.raises(CommandError) as caught:
        call_command("import_employment", str(path))
    message = str(caught.value)
    assert message.startswith("Es wurde nichts importiert:")
    assert "Zeile 2490" in message and "„07199“ (Westerwaldkreis)" in message


def test_the_command_reports_unchanged_years(employment: None, capsys: Any) -> None:
    call_command("import_employment", str(shipped(2020)))
    out = capsys.readouterr().out
    assert "2020: unverändert" in out
    assert "© Statistische Ämter des Bundes und der Länder" in out
