"""The organiser reads the scheduler's result in plain words; its figures sit behind "Details"."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from nahwerk.events import services
from nahwerk.events.tests.conftest import EventWorld


def schedule_page(events: EventWorld, as_user: Any, language: str = "de") -> str:
    client = as_user(events.alice)
    client.cookies["django_language"] = language
    run = services.latest_run(events.day)
    assert run is not None
    url = reverse("events:schedule_run", kwargs={"slug": events.day.slug, "pk": run.pk})
    return " ".join(client.get(url).content.decode().split())


def test_the_result_is_told_in_words_and_the_solver_figures_hide_in_details(
    events: EventWorld, as_user: Any
) -> None:
    events.register_all()
    events.set_up(slots=1, tables=1)
    events.accepted(events.carla, events.dana, 3)
    events.accepted(events.emil, events.ina, 1)
    services.run_scheduler(events.alice, events.day)
    html = schedule_page(events, as_user)
    details = html.index('<details class="run-details"')
    before, inside = html[:details], html[details : html.index("</details>", details)]
    assert "1 von 2 vereinbarten Gesprächen haben Tisch und Uhrzeit." in before
    assert "1 Gespräch ließ sich nicht einplanen" in before
    for technical in ("Schranke", "Optimalitätslücke", "cp-sat", "CP-SAT", "Summe der Prioritäten"):
        assert technical not in before
    assert "<summary>Details</summary>" in inside
    assert 'data-testid="bound"' in inside and 'data-testid="gap"' in inside
    assert "CP-SAT-Solver (OR-Tools)" in inside or "Greedy" in inside
    # the reason for the unplaced meeting stays in the open, in the organiser's words
    assert "Emil Egger" in html[html.index('data-testid="unplaced"') :]


def test_the_result_in_english(events: EventWorld, as_user: Any) -> None:
    events.register_all()
    events.set_up(slots=6, tables=3)
    events.accepted(events.carla, events.dana, 3)
    services.run_scheduler(events.alice, events.day)
    html = schedule_page(events, as_user, "en")
    before = html[: html.index('<details class="run-details"')]
    assert "1 of 1 accepted meeting has a table and a time." in before
    assert "No better plan is possible with these slots and tables." in before
    assert "Proven bound" not in html and "cp-sat" not in html
