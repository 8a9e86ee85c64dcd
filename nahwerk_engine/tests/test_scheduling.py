"""The B2B meeting scheduler: rules kept, best value found, published meetings respected."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nahwerk_engine.scheduling import (
    Assignment,
    Instance,
    Request,
    Schedule,
    UnplacedReason,
    check,
    cpsat,
    generate,
    greedy,
    solve,
)

DEMO = Path(__file__).resolve().parents[2] / "data" / "benchmarks" / "schedule" / "demo-event.json"


def reasons(schedule: Schedule) -> dict[int, UnplacedReason]:
    return {u.request_id: u.reason for u in schedule.unplaced}


def details(schedule: Schedule) -> dict[int, str]:
    return {u.request_id: u.detail for u in schedule.unplaced}


# -- small events with a known answer -------------------------------------------------


def test_more_meetings_than_places_leaves_the_least_important_out_with_capacity() -> None:
    instance = Instance(
        slots=2,
        tables=1,
        requests=(Request(1, 1, 2, priority=3), Request(2, 3, 4), Request(3, 5, 6, priority=2)),
    )
    for schedule in (solve(instance, time_limit=2), greedy(instance)):
        assert check(instance, schedule) == []
        assert schedule.value == 5
        assert reasons(schedule) == {2: UnplacedReason.CAPACITY}
        assert "3 meetings accepted for 2 slots x 1 tables = 2 places" in details(schedule)[2]
    solved = solve(instance, time_limit=2)
    assert solved.optimal and solved.upper_bound == 5 and solved.gap == 0.0


def test_a_triangle_takes_one_slot_per_meeting_and_the_reasons_differ() -> None:
    # alice (1), bob (2) and carol (3) all want to meet each other (priority 2); dave (4)
    # and erin (5) too (priority 1). Two slots, one table: two meetings of the triangle.
    instance = Instance(
        slots=2,
        tables=1,
        requests=(
            Request(1, 1, 2, priority=2),
            Request(2, 1, 3, priority=2),
            Request(3, 2, 3, priority=2),
            Request(4, 4, 5, priority=1),
        ),
    )
    solved = solve(instance, time_limit=2)
    assert check(instance, solved) == []
    assert solved.value == 4 and solved.optimal and solved.upper_bound == 4
    why = reasons(solved)
    assert why[4] == UnplacedReason.CAPACITY
    assert [r for r in why.values() if r == UnplacedReason.PARTICIPANT_FULL] != []
    assert greedy(instance).value <= solved.value


def test_meetings_of_one_person_are_back_to_back() -> None:
    # alice meets bob and carol; bob can only come in slot 0, carol anywhere
    instance = Instance(
        slots=4,
        tables=1,
        requests=(Request(1, 1, 2), Request(2, 1, 3)),
        unavailable={2: frozenset({1, 2, 3})},
    )
    solved = solve(instance, time_limit=2)
    assert solved.placement() == {1: (0, 0), 2: (1, 0)}
    assert solved.idle_gaps == 0 and solved.optimal


def test_idle_gaps_skip_slots_the_person_cannot_attend() -> None:
    instance = Instance(
        slots=3,
        tables=1,
        requests=(Request(1, 1, 2), Request(2, 1, 3)),
        unavailable={1: frozenset({1})},
    )
    solved = solve(instance, time_limit=2)
    assert solved.value == 2 and solved.idle_gaps == 0


def test_a_participant_unavailable_all_day_is_explained() -> None:
    instance = Instance(
        slots=3, tables=2, requests=(Request(7, 1, 2),), unavailable={2: frozenset({0, 1, 2})}
    )
    solved = solve(instance, time_limit=2)
    assert reasons(solved) == {7: UnplacedReason.PARTICIPANT_UNAVAILABLE}
    assert "participant 2 cannot attend any slot" in details(solved)[7]


def test_two_people_without_a_common_slot_are_explained() -> None:
    instance = Instance(
        slots=2,
        tables=2,
        requests=(Request(1, 1, 2),),
        unavailable={1: frozenset({0}), 2: frozenset({1})},
    )
    solved = solve(instance, time_limit=2)
    assert reasons(solved) == {1: UnplacedReason.NO_COMMON_SLOT}
    assert "1 can attend slot 1; 2 can attend slot 0" in details(solved)[1]


def test_a_fully_booked_participant_is_explained() -> None:
    instance = Instance(
        slots=2,
        tables=5,
        requests=(Request(1, 1, 2, priority=3), Request(2, 1, 3, priority=2), Request(3, 1, 4)),
    )
    solved = solve(instance, time_limit=2)
    assert reasons(solved) == {3: UnplacedReason.PARTICIPANT_FULL}
    assert "1 in slots 0, 1" in details(solved)[3]


def test_no_tables_means_nothing_is_placed() -> None:
    instance = Instance(slots=2, tables=0, requests=(Request(1, 1, 2),))
    solved = solve(instance, time_limit=2)
    assert solved.assignments == () and reasons(solved) == {1: UnplacedReason.CAPACITY}
    assert check(instance, solved) == []


# -- published meetings ---------------------------------------------------------------


def published_event(**changes: object) -> Instance:
    base: dict[str, object] = {
        "slots": 3,
        "tables": 2,
        # alice (1) meets bob (2) at slot 2, table 1; a new request alice-carol arrives
        "requests": (Request(1, 1, 2), Request(2, 1, 3)),
        "published": {1: (2, 1)},
    }
    base.update(changes)
    return Instance(**base)  # type: ignore[arg-type]


def test_a_published_meeting_stays_where_it_is() -> None:
    instance = published_event()
    for schedule in (solve(instance, time_limit=2), greedy(instance)):
        assert check(instance, schedule) == []
        assert schedule.placement()[1] == (2, 1)
        assert schedule.placement()[2][0] in (1,)  # next to it: no idle gap for alice
        assert schedule.moved == 0


def test_a_published_meeting_that_cannot_stay_is_a_conflict_without_moves() -> None:
    instance = published_event(unavailable={2: frozenset({2})})
    solved = solve(instance, time_limit=2)
    assert check(instance, solved) == []
    assert reasons(solved) == {1: UnplacedReason.PUBLISHED_CONFLICT}
    assert "participant 2 is no longer available in slot 2" in details(solved)[1]


def test_allowing_moves_lets_a_published_meeting_move() -> None:
    instance = published_event(unavailable={2: frozenset({2})}, allow_moves=True)
    solved = solve(instance, time_limit=2)
    assert check(instance, solved) == []
    assert solved.value == 2 and solved.placement()[1][0] != 2 and solved.moved == 1


def test_with_moves_allowed_a_meeting_that_can_stay_stays() -> None:
    # moving meeting 1 to slot 1 would not change the value; moves cost more than gaps
    instance = published_event(allow_moves=True, unavailable={3: frozenset({1})})
    solved = solve(instance, time_limit=2)
    assert solved.placement()[1] == (2, 1) and solved.moved == 0


def test_check_reports_a_moved_published_meeting() -> None:
    instance = published_event()
    moved = Schedule(
        assignments=(Assignment(1, 0, 0), Assignment(2, 1, 0)),
        unplaced=(),
        value=2,
        upper_bound=2,
        gap=0.0,
        idle_gaps=0,
        method="test",
        optimal=False,
        seconds=0.0,
    )
    assert any("moved from slot 2, table 1" in p for p in check(instance, moved))


def test_check_reports_double_bookings_and_unknown_requests() -> None:
    instance = Instance(
        slots=2,
        tables=1,
        requests=(Request(1, 1, 2), Request(2, 1, 3)),
        unavailable={3: frozenset({0})},
    )
    bad = Schedule(
        assignments=(Assignment(1, 0, 0), Assignment(2, 0, 0), Assignment(9, 5, 3)),
        unplaced=(),
        value=2,
        upper_bound=2,
        gap=0.0,
        idle_gaps=0,
        method="test",
        optimal=False,
        seconds=0.0,
    )
    problems = "\n".join(check(instance, bad))
    for expected in (
        "request 9 is not an accepted request",
        "slot 5 is out of range",
        "table 0 in slot 0 holds requests 1 and 2",
        "participant 1 has two meetings in slot 0",
        "participant 3 is unavailable in slot 0",
    ):
        assert expected in problems


# -- solver plumbing ------------------------------------------------------------------


def test_a_failing_solver_falls_back_to_the_greedy(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("solver exploded")

    monkeypatch.setattr(cpsat, "_select", broken)
    instance = generate(30, 6, 60, seed=1)
    solved = solve(instance, time_limit=2)
    assert solved.method == "greedy-fallback" and "solver exploded" in solved.note
    assert check(instance, solved) == []
    assert solved.value == greedy(instance).value


def test_the_target_size_is_solved_to_one_percent_in_time() -> None:
    # a smaller cousin of the benchmark's target (P=500, T=16, M=2,000), kept quick
    instance = generate(120, 16, 480, seed=3)
    solved = solve(instance, time_limit=5)
    assert check(instance, solved) == []
    assert solved.gap <= 0.01 and solved.seconds < 6


def test_instances_round_trip_through_json() -> None:
    instance = Instance(
        slots=3,
        tables=2,
        requests=(Request(1, 10, 20, priority=2), Request(2, 10, 30)),
        unavailable={10: frozenset({2})},
        published={1: (0, 1)},
        allow_moves=True,
    )
    assert Instance.from_json(instance.to_json()) == instance


def test_the_demo_event_file_loads_and_is_demo_sized() -> None:
    instance = Instance.from_json(DEMO.read_text(encoding="utf-8"))
    assert 30 <= len(instance.participants) <= 45 and 6 <= instance.slots <= 8
    assert len(instance.requests) == 80


def test_the_generator_is_deterministic_and_within_its_ranges() -> None:
    first, second = generate(100, 10, 400, seed=7), generate(100, 10, 400, seed=7)
    assert first == second and first != generate(100, 10, 400, seed=8)
    assert len(first.requests) == 400 and first.tables == 25
    shares = [len(first.unavailable.get(p, ())) / 10 for p in range(100)]
    assert all(0.1 <= share <= 0.2 for share in shares)
    assert {r.priority for r in first.requests} == {1, 2, 3}


@pytest.mark.parametrize(
    ("request_args", "message"),
    [((1, 1, 1), "cannot meet themselves"), ((1, 1, 2, 0), "priority must be at least 1")],
)
def test_invalid_requests_are_refused(request_args: tuple[int, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Request(*request_args)


# -- properties on random small events ------------------------------------------------


@st.composite
def instances(draw: st.DrawFn) -> Instance:
    slots = draw(st.integers(1, 5))
    tables = draw(st.integers(0, 3))
    people = draw(st.integers(2, 7))
    pairs = [(a, b) for a in range(people) for b in range(a + 1, people)]
    chosen = draw(st.lists(st.sampled_from(pairs), max_size=12))
    requests = tuple(
        Request(i + 1, a, b, draw(st.integers(1, 3))) for i, (a, b) in enumerate(chosen)
    )
    unavailable = {
        p: frozenset(draw(st.sets(st.integers(0, slots - 1), max_size=slots)))
        for p in range(people)
    }
    published = {
        r.id: (draw(st.integers(0, slots)), draw(st.integers(0, max(tables, 1))))
        for r in requests
        if draw(st.booleans()) and draw(st.booleans())
    }
    return Instance(
        slots=slots,
        tables=tables,
        requests=requests,
        unavailable=unavailable,
        published=published,
        allow_moves=draw(st.booleans()),
    )


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(instances())
def test_every_schedule_keeps_every_rule(instance: Instance) -> None:
    solved, fast = solve(instance, time_limit=2), greedy(instance)
    assert check(instance, solved) == []
    assert check(instance, fast) == []
    assert solved.value <= solved.upper_bound and fast.value <= fast.upper_bound
    # the greedy never beats the solver, nor the solver's proven bound
    assert fast.value <= solved.value <= solved.upper_bound
    assert fast.value <= fast.upper_bound
    if solved.optimal:
        assert solved.value == solved.upper_bound


@PROPERTY
@given(instances(), st.data())
def test_rescheduling_without_moves_never_moves_a_published_meeting(
    instance: Instance, data: st.DataObject
) -> None:
    first = solve(instance, time_limit=2)
    # publish the schedule, then a late change: someone drops a slot, a request arrives
    person = data.draw(st.sampled_from(sorted(instance.participants) or [0]))
    slot = data.draw(st.integers(0, instance.slots - 1))
    unavailable = dict(instance.unavailable)
    unavailable[person] = unavailable.get(person, frozenset()) | {slot}
    late = Request(1000, 100, 101, priority=3)
    changed = Instance(
        slots=instance.slots,
        tables=instance.tables,
        requests=(*instance.requests, late),
        unavailable=unavailable,
        published=first.placement(),
        allow_moves=False,
    )
    by_id = {r.id: r for r in changed.requests}
    for again in (solve(changed, time_limit=2), greedy(changed)):
        assert check(changed, again) == []
        now, why = again.placement(), reasons(again)
        for rid, place in first.placement().items():
            if rid in now:
                assert now[rid] == place
            else:
                # only the meeting hit by the change may go, and it says why
                assert why[rid] == UnplacedReason.PUBLISHED_CONFLICT
                assert person in (by_id[rid].a, by_id[rid].b) and place[0] == slot
