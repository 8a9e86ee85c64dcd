"""Dates read as each language writes them: "13. Januar 2027" and "13 January 2027"."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django.utils.formats import date_format

from nahwerk.events.choices import EventKind
from nahwerk.events.tests.factories import EventFactory
from nahwerk.networks.tests.factories import NetworkFactory

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
WEDNESDAY = dt.datetime(2027, 1, 13, 14, 30, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("language", "name", "expected"),
    [
        ("de", "DATE_FORMAT", "13. Januar 2027"),
        ("en", "DATE_FORMAT", "13 January 2027"),
        ("de", "WEEKDAY_DATETIME_FORMAT", "Mittwoch, 13. Januar 2027, 14:30"),
        ("en", "WEEKDAY_DATETIME_FORMAT", "Wednesday, 13 January 2027, 14:30"),
        ("de", "SHORT_DATETIME_FORMAT", "13.01.2027, 14:30"),
        ("en", "SHORT_DATETIME_FORMAT", "13/01/2027, 14:30"),
        ("de", "SHORT_WEEKDAY_DATETIME_FORMAT", "Mi, 13. Jan, 14:30"),
        ("en", "SHORT_WEEKDAY_DATETIME_FORMAT", "Wed, 13 Jan, 14:30"),
        ("en", "TIME_FORMAT", "14:30"),
    ],
)
def test_each_named_format_in_each_language(language: str, name: str, expected: str) -> None:
    with translation.override(language):
        assert date_format(WEDNESDAY, name) == expected


@pytest.mark.parametrize(
    ("language", "when", "founded"),
    [
        ("de", "Mittwoch, 13. Januar 2027, 14:30", "gegründet 5. Mai 2014"),
        ("en", "Wednesday, 13 January 2027, 14:30", "founded 5 May 2014"),
    ],
)
def test_event_and_network_pages_write_dates_in_the_interface_language(
    client: Client, settings: Any, language: str, when: str, founded: str
) -> None:
    network = NetworkFactory(slug="imkk", founded_on=dt.date(2014, 5, 5))
    event = EventFactory(
        organiser=network,
        kind=EventKind.INDUSTRY_MEETING,
        starts_at=WEDNESDAY,
        ends_at=WEDNESDAY + dt.timedelta(hours=3),
    )
    client.cookies["django_language"] = language
    event_page = client.get(event.get_absolute_url()).content.decode()
    assert when in event_page
    assert "13. January" not in event_page and "Wednesday, 13." not in event_page
    network_page = client.get(network.get_absolute_url()).content.decode()
    assert founded in " ".join(network_page.split())
