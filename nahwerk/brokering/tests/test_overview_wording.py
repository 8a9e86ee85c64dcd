"""The overview says answer times and fields as a manager would say them."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from nahwerk.brokering import services
from nahwerk.brokering.models import ReferralResponse
from nahwerk.brokering.overview import duration_in_words


@pytest.mark.parametrize(
    ("hours", "german", "english"),
    [
        (None, "noch keine Antwort", "no answer yet"),
        (0.0, "unter einer Stunde", "less than an hour"),
        (0.9, "unter einer Stunde", "less than an hour"),
        (1.2, "1 Stunde", "1 hour"),
        (3.4, "3 Stunden", "3 hours"),
        (23.0, "23 Stunden", "23 hours"),
        (30.0, "1 Tag", "1 day"),
        (50.0, "2 Tage", "2 days"),
        (24 * 13, "13 Tage", "13 days"),
        (24 * 15, "2 Wochen", "2 weeks"),
    ],
)
def test_waiting_times_in_words(hours: float | None, german: str, english: str) -> None:
    with translation.override("de"):
        assert duration_in_words(hours) == german
    with translation.override("en"):
        assert duration_in_words(hours) == english


def overview_html(client: Any, language: str = "de") -> str:
    client.cookies["django_language"] = language
    return " ".join(client.get(reverse("brokering:overview")).content.decode().split())


def test_the_overview_names_a_quick_answer_and_needs_without_field(
    brokering: Any, as_user: Any
) -> None:
    need = brokering.routed()
    services.answer_referral(brokering.ina, need, ReferralResponse.INTERESTED)
    client = as_user(brokering.alice)
    html = overview_html(client)
    assert 'data-testid="median-answer">unter einer Stunde<' in html
    assert 'ohne Fachgebiet: <span class="count">1 Bedarf</span>' in html
    assert "0,0 Stunden" not in html and "(kein Fachgebiet angegeben)" not in html
    english = overview_html(client, "en")
    assert 'data-testid="median-answer">less than an hour<' in english
    assert 'without a subject area: <span class="count">1 need</span>' in english


def test_the_overview_says_when_nothing_was_answered_yet(brokering: Any, as_user: Any) -> None:
    brokering.post(field_id="23")
    html = overview_html(as_user(brokering.alice))
    assert 'data-testid="median-answer">noch keine Antwort<' in html
    assert (
        "23 Herstellung von Glas und Glaswaren, Keramik, Verarbeitung von Steinen und Erden: "
        in html
    )
