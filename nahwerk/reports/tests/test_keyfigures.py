"""The key figures of the hand-built network (see conftest.py): every number exact."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nahwerk.reports.keyfigures import Period, key_figures, public_figures
from nahwerk.reports.tests.conftest import NOW, PERIOD

pytestmark = pytest.mark.django_db


def test_members_at_start_and_end_joined_left_and_by_kind(scene) -> None:
    m = key_figures(scene.network, PERIOD, now=NOW()).members
    assert (m.at_start, m.at_end, m.joined, m.left) == (3, 3, 1, 1)
    assert [(k.key, k.count) for k in m.by_kind] == [("sme", 2), ("university", 1)]


def test_needs_posted_routed_answered_cooperation_and_median_answer_time(scene) -> None:
    n = key_figures(scene.network, PERIOD, now=NOW()).needs
    assert (n.posted, n.routed, n.answered, n.cooperation) == (4, 2, 2, 1)
    assert n.median_hours_to_first_answer == pytest.approx(15.0)


def test_projects_by_status_and_funding_requested_and_granted(scene) -> None:
    p = key_figures(scene.network, PERIOD, now=NOW()).projects
    counts = {s.key: s.count for s in p.by_status}
    assert counts == {
        "idea": 1,
        "forming": 0,
        "submitted": 1,
        "granted": 1,
        "rejected": 1,
        "running": 1,
        "finished": 0,
    }
    assert p.total == 5
    assert (p.submitted, p.requested) == (2, Decimal("150000"))
    assert (p.granted, p.granted_amount) == (1, Decimal("80000"))


def test_events_participants_members_share_and_meetings(scene) -> None:
    f = key_figures(scene.network, PERIOD, now=NOW())
    assert (f.events.held, f.events.participants, f.events.member_participants) == (2, 4, 3)
    assert f.events.members_share == pytest.approx(0.75)
    assert (f.meetings.requested, f.meetings.accepted, f.meetings.held) == (3, 1, 1)


def test_series_per_month(scene) -> None:
    s = key_figures(scene.network, PERIOD, now=NOW()).series
    assert s.labels == ["01/2026", "02/2026", "03/2026"]
    assert s.members == [3, 4, 3]
    assert (s.joined, s.left) == ([0, 1, 0], [0, 0, 1])
    assert (s.needs_posted, s.needs_answered) == ([1, 1, 2], [1, 1, 0])
    assert (s.events_held, s.participants, s.meetings_held) == ([1, 1, 0], [1, 3, 0], [0, 1, 0])


def test_an_event_not_yet_over_is_not_held(scene) -> None:
    before_the_february_event_ended = dt.datetime(2026, 2, 12, 12, tzinfo=dt.UTC)
    f = key_figures(scene.network, PERIOD, now=before_the_february_event_ended)
    assert (f.events.held, f.events.participants, f.meetings.held) == (1, 1, 0)


def test_another_period_counts_other_things(scene) -> None:
    april = Period.month(2026, 4)
    f = key_figures(scene.network, april, now=NOW())
    assert (f.members.at_start, f.members.at_end, f.members.joined) == (3, 4, 1)
    assert (f.needs.posted, f.events.held, f.events.participants) == (0, 1, 1)


def test_the_number_of_queries_does_not_grow_with_the_data(scene) -> None:
    with CaptureQueriesContext(connection) as small:
        key_figures(scene.network, PERIOD, now=NOW())
    from nahwerk.reports.tests.conftest import _member

    for index in range(30):
        _member(scene.network, f"more{index}", "sme", dt.date(2026, 2, 1))
    with CaptureQueriesContext(connection) as large:
        figures = key_figures(scene.network, PERIOD, now=NOW())
    assert figures.members.at_end == 33
    assert len(large) == len(small) <= 16


def test_the_public_sees_counts_and_nothing_below_three(scene) -> None:
    public = public_figures(key_figures(scene.network, PERIOD, now=NOW()))
    shown = {f.key: (f.count if f.shown else None) for f in public.figures}
    assert shown["members"] == 3
    assert shown["needs"] == 4
    assert shown["participants"] == 4
    assert shown["events"] is None  # 2: too few to show
    assert shown["granted"] is None


def test_a_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="ends before"):
        Period(dt.date(2026, 2, 1), dt.date(2026, 1, 31))
