"""Calls and programmes shared by the funding tests; call files built from the shipped one."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from nahwerk.funding.choices import FundingLevel
from nahwerk.funding.fit import call_index
from nahwerk.funding.importing import DEFAULT_FILE, read_records
from nahwerk.funding.models import Call, Programme

TODAY = dt.date(2026, 12, 3)


def shipped_records(count: int) -> list[dict[str, Any]]:
    records, _problems = read_records(DEFAULT_FILE.read_bytes())
    return [record for _row, record in records[:count]]


def call_file(records: list[dict[str, Any]], *, gz: bool = True) -> bytes:
    """Records as the portal's file has them: a BOM, then objects, two on one line."""
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    if len(lines) > 2:
        lines[0:2] = [lines[0] + lines[1]]  # concatenated, not one per line
    content = ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")
    return gzip.compress(content) if gz else content


@pytest.fixture
def fresh_call_index() -> Iterator[None]:
    call_index.clear()
    yield
    call_index.clear()


@pytest.fixture
def catalogue(db: Any, fresh_call_index: None) -> dict[str, Any]:
    """An EU programme with four calls (one past), and a state programme for SMEs in RLP."""
    eu = Programme.objects.create(
        name="Horizon Europe",
        funder="European Commission",
        level=FundingLevel.EU,
        source_url="https://ec.europa.eu/info/funding-tenders/opportunities/portal/",
        checked_on=TODAY,
    )
    state = Programme.objects.create(
        name="Innovationsgutschein Rheinland-Pfalz",
        funder="Land Rheinland-Pfalz",
        level=FundingLevel.STATE,
        applicant_kinds=["sme", "startup"],
        state_codes=["07"],
        funding_rate_percent=Decimal("50"),
        max_amount=Decimal("15000"),
        source_url="https://mwvlw.rlp.de/innovationsgutschein",
        source_note="Förderrichtlinie des Landes, 2025",
        checked_on=TODAY,
    )

    def call(programme: Programme, topic: str, title: str, text: str, days: int, **kw: Any) -> Call:
        return Call.objects.create(
            programme=programme,
            topic_id=topic,
            title=title,
            description=text,
            keywords=kw.pop("keywords", ""),
            deadline=TODAY + dt.timedelta(days=days),
            source_url="https://example.org/" + topic.lower(),
            checked_on=TODAY,
            **kw,
        )

    ceramics = call(
        eu,
        "HORIZON-CL4-2027-01-01",
        "Advanced ceramic materials for high-temperature filtration",
        "Projects develop ceramic filters and porous ceramics for hot-gas cleaning in "
        "energy-intensive industries such as steel and glass.",
        120,
        keywords="ceramics, filtration, high temperature",
        action_type="RIA",
        min_partners=3,
        min_countries=3,
    )
    batteries = call(
        eu,
        "HORIZON-CL5-2027-02-01",
        "Solid-state batteries for electric vehicles",
        "Research on solid electrolytes, cell design and battery manufacturing for cars.",
        200,
        keywords="batteries, electromobility",
        action_type="IA",
    )
    past = call(
        eu,
        "HORIZON-CL4-2026-01-09",
        "Ceramic membranes for filtration (closed)",
        "Ceramic membranes and filters for high temperatures.",
        -10,
    )
    voucher = call(
        state,
        "RLP-IG-2027",
        "Innovationsgutschein für Keramik- und Kunststoffbetriebe",
        "Kleine Unternehmen lassen Prüfungen von keramischen Werkstoffen und Filtern "
        "an Hochschulen durchführen.",
        60,
        keywords="Keramik, Prüfung, Werkstoffe",
    )
    return {
        "eu": eu,
        "state": state,
        "ceramics": ceramics,
        "batteries": batteries,
        "past": past,
        "voucher": voucher,
    }
