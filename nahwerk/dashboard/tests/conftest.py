"""The start page's world: the brokering personas, a North B2B day, and page helpers.

On top of ``brokering`` (alice manages North, bob South; carla's Nord Keramik asks; ina's
institute is routed to, otto's is not; sven works for a South company), ``day`` is a
published B2B day of North, which no one has registered for yet.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from nahwerk.brokering.tests.conftest import brokering  # noqa: F401 (fixture)
from nahwerk.events.choices import EventKind
from nahwerk.events.models import Event
from nahwerk.events.tests.factories import EventFactory

START = reverse("dashboard:start")


@pytest.fixture
def day(brokering: Any) -> Event:  # noqa: F811
    return EventFactory(
        kind=EventKind.B2B_DAY,
        title="Kooperationsbörse Nord",
        slug="kooperationsboerse-nord",
        organiser=brokering.world.north,
        capacity=10,
        starts_at=timezone.make_aware(dt.datetime(2030, 1, 13, 9, 0)),
        ends_at=timezone.make_aware(dt.datetime(2030, 1, 13, 13, 0)),
    )


def start_page(user: Any, *, language: str = "de") -> str:
    """The start page as that user sees it, in that language."""
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(START)
    assert response.status_code == 200
    return response.content.decode()


def card(html: str, heading_id: str) -> str:
    """The text of the start page's card whose heading has this id (tags stripped)."""
    start = html.index(f'id="{heading_id}"')
    begin = html.rindex("<section", 0, start)
    end = html.index("</section>", start)
    return " ".join(re.sub(r"<[^>]+>", " ", html[begin:end]).split())
