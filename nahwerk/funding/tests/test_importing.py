"""The EU call import: repaired texts, updates instead of duplicates, per-row report."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from nahwerk.funding.importing import CallImportError, import_calls, read_records
from nahwerk.funding.models import Call, Programme
from nahwerk.funding.tests.conftest import TODAY, call_file, shipped_records

pytestmark = pytest.mark.django_db


def test_the_shipped_file_reads_629_records_concatenated_after_a_bom() -> None:
    from nahwerk.funding.importing import DEFAULT_FILE

    content = DEFAULT_FILE.read_bytes()
    records, problems = read_records(content)
    assert len(records) == 629
    assert problems == []
    assert len({r["topicId"] for _row, r in records}) == 629


def test_an_import_creates_programmes_and_calls_with_repaired_texts() -> None:
    records = shipped_records(12)
    mangled = [r for r in records if "â€" in str(r)]
    assert mangled, "the first records carry mis-encoded characters"
    result = import_calls(call_file(records), today=TODAY)
    assert result.written and not result.problems
    assert (result.created, result.updated) == (12, 0)
    assert result.repaired > 0
    assert Call.objects.count() == 12
    for call in Call.objects.all():
        assert "â€" not in call.title + call.description + call.conditions + call.keywords
        assert call.checked_on == TODAY
        assert call.source_url.startswith("https://")
    horizon = Programme.objects.get(name="Horizon Europe")
    assert (horizon.level, horizon.funder, horizon.checked_on) == (
        "eu",
        "European Commission",
        TODAY,
    )


def test_the_null_the_portal_left_between_sentences_becomes_a_paragraph_break() -> None:
    records = [r for r in shipped_records(629) if ".nullActivities" in r["description"]][:2]
    records += [r for r in shipped_records(629) if ". nullActivities" in r["description"]][:1]
    assert len(records) == 3
    import_calls(call_file(records), today=TODAY)
    for call in Call.objects.all():
        assert "null" not in call.description
        assert "\n\nActivities are expected" in call.description


@pytest.mark.parametrize(
    ("glued", "read"),
    [
        ("the approach.Demonstrate the", "the approach. Demonstrate the"),
        ("the approach.demonstrate the", "the approach. demonstrate the"),
        ("tourism;Facilitate access", "tourism; Facilitate access"),
        ("(see points).Impact", "(see points). Impact"),
        ("lasers,modulators", "lasers, modulators"),
        (
            "recycling technologiesDemonstrated solutions",
            "recycling technologies Demonstrated solutions",
        ),
        (
            "InvestEU, McKinsey, GreenComp and HealthCare",
            "InvestEU, McKinsey, GreenComp and HealthCare",
        ),
        # addresses, file names, abbreviations and word parts stay as written
        ("https://ec.europa.eu/info?lang=en", "https://ec.europa.eu/info?lang=en"),
        ("www.space-aisbl.org and aisbl.org", "www.space-aisbl.org and aisbl.org"),
        ("report-2018.pdf", "report-2018.pdf"),
        ("info@health.europa.eu", "info@health.europa.eu"),
        ("U.S.Army, e.g.The", "U.S.Army, e.g.The"),
        ("(micro-)credentials", "(micro-)credentials"),
        ("at 10:30", "at 10:30"),
    ],
)
def test_sentences_the_portal_glued_together_get_their_space_back(glued: str, read: str) -> None:
    from nahwerk.funding.importing import _unglue

    assert _unglue(glued) == read


def test_imported_descriptions_read_as_sentences() -> None:
    records = [r for r in shipped_records(629) if "Objective:The" in r["description"]][:3]
    assert records
    import_calls(call_file(records), today=TODAY)
    for call in Call.objects.all():
        assert "Objective:The" not in call.description
        assert "Objective: The" in call.description


def test_running_it_again_updates_instead_of_duplicating() -> None:
    records = shipped_records(5)
    import_calls(call_file(records), today=TODAY)
    changed = copy.deepcopy(records)
    changed[0]["title"] = "A new title"
    result = import_calls(call_file(changed), today=TODAY + dt.timedelta(days=1))
    assert (result.created, result.updated, result.programmes_created) == (0, 5, 0)
    assert Call.objects.count() == 5
    call = Call.objects.get(topic_id=records[0]["topicId"])
    assert call.title == "A new title"
    assert call.checked_on == TODAY + dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("action", "partners", "countries"),
    [
        ("HORIZON  Research and Innovation Actions", 3, 3),
        ("HORIZON Innovation Actions", 3, 3),
        ("HORIZON Coordination and Support Actions", 1, 1),
        ("HORIZON ERC Proof of Concept Grants", None, None),
        ("HORIZON Recognition Prize", None, None),
        ("LIFE Project Grants", None, None),
    ],
)
def test_the_consortium_rule_follows_the_type_of_action(
    action: str, partners: int | None, countries: int | None
) -> None:
    record = shipped_records(1)[0] | {"typesOfAction": action, "topicId": "X-1"}
    import_calls(call_file([record]), today=TODAY)
    call = Call.objects.get(topic_id="X-1")
    assert (call.min_partners, call.min_countries) == (partners, countries)


def broken(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    records = copy.deepcopy(records)
    records[1]["topicId"] = ""
    records[2]["deadline"] = "31.02.2027"
    records[3]["budgetMin"], records[3]["budgetMax"] = 500000, 100000
    return records


def test_bad_rows_are_reported_by_row_field_and_value_and_nothing_is_written() -> None:
    records = broken(shipped_records(6))
    result = import_calls(call_file(records), today=TODAY)
    assert not result.written
    assert result.invalid_rows == 3
    found = {(p.row, p.field, p.value) for p in result.problems}
    assert (2, "topicId", "") in found
    assert (3, "deadline", "31.02.2027") in found
    assert (4, "budgetMax", "100000") in found
    assert Call.objects.count() == 0 and Programme.objects.count() == 0


def test_a_failed_reimport_leaves_the_earlier_import_as_it_was() -> None:
    records = shipped_records(6)
    import_calls(call_file(records), today=TODAY)
    before = list(Call.objects.order_by("pk").values_list("topic_id", "title", "checked_on"))
    changed = broken(records)
    changed[0]["title"] = "Changed"
    result = import_calls(call_file(changed), today=TODAY + dt.timedelta(days=3))
    assert result.rejected
    after = list(Call.objects.order_by("pk").values_list("topic_id", "title", "checked_on"))
    assert after == before


def test_a_row_that_is_not_json_and_a_duplicate_are_rows_of_the_report() -> None:
    records = shipped_records(3)
    content = call_file(records, gz=False) + b'{"topicId": "BROKEN", \n'
    content += call_file([records[0]], gz=False).lstrip(b"\xef\xbb\xbf")
    result = import_calls(content, today=TODAY)
    rows = {p.row: p for p in result.problems}
    assert rows[4].value.startswith('{"topicId": "BROKEN"')
    assert rows[5].field == "topicId"
    assert Call.objects.count() == 0


@pytest.mark.parametrize("content", [b"", b"\x1f\x8b\x08broken", b"\xff\xfe\x00bad"])
def test_an_unreadable_file_is_refused_as_a_whole(content: bytes) -> None:
    with pytest.raises(CallImportError):
        import_calls(content, today=TODAY)


def test_the_command_reports_rows_and_fails_on_a_bad_file(tmp_path: Any, capsys: Any) -> None:
    path = tmp_path / "calls.jsonl.gz"
    path.write_bytes(call_file(broken(shipped_records(5))))
    with translation.override("en"), pytest.raises(CommandError, match="3 of 5 rows"):
        call_command("import_calls", str(path), "--no-embed")
    assert "31.02.2027" in capsys.readouterr().err
    assert Call.objects.count() == 0
