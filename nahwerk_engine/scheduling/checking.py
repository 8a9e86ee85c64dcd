"""Does a schedule keep every rule of its instance? Used by tests, benchmarks and the web layer."""

from __future__ import annotations

from collections import Counter

from nahwerk_engine.scheduling.model import Instance, Schedule
from nahwerk_engine.scheduling.placement import idle_gaps, prepare

__all__ = ["check"]


def check(instance: Instance, schedule: Schedule) -> list[str]:
    """Human-readable violations of ``schedule`` against ``instance`` (``[]`` if valid).

    Checked: slot and table in range; known and not duplicated requests; nobody in two
    meetings of one slot; nobody in a slot they cannot attend; no table used twice in one
    slot; published meetings stay exactly in place when moves are not allowed (and are
    only dropped when they cannot stay); every request is either scheduled or unplaced;
    and the reported value, idle gaps and bound agree with the assignments.
    """
    problems: list[str] = []
    requests = {r.id: r for r in instance.requests}
    seen: Counter[int] = Counter(a.request_id for a in schedule.assignments)
    for rid, times in sorted(seen.items()):
        if rid not in requests:
            problems.append(f"request {rid} is not an accepted request of this event")
        elif times > 1:
            problems.append(f"request {rid} is scheduled {times} times")
    person_at: dict[tuple[int, int], int] = {}
    table_at: dict[tuple[int, int], int] = {}
    slot_of: dict[int, int] = {}
    for a in schedule.assignments:
        if not 0 <= a.slot < instance.slots:
            problems.append(f"request {a.request_id}: slot {a.slot} is out of range")
        if not 0 <= a.table < instance.tables:
            problems.append(f"request {a.request_id}: table {a.table} is out of range")
        if (a.slot, a.table) in table_at:
            problems.append(
                f"table {a.table} in slot {a.slot} holds requests "
                f"{table_at[a.slot, a.table]} and {a.request_id}"
            )
        table_at[a.slot, a.table] = a.request_id
        r = requests.get(a.request_id)
        if r is None:
            continue
        slot_of[r.id] = a.slot
        for p in (r.a, r.b):
            if not instance.available(p, a.slot):
                problems.append(f"request {r.id}: participant {p} is unavailable in slot {a.slot}")
            if (p, a.slot) in person_at:
                problems.append(
                    f"participant {p} has two meetings in slot {a.slot} "
                    f"(requests {person_at[p, a.slot]} and {r.id})"
                )
            person_at[p, a.slot] = r.id
    placed = schedule.placement()
    if not instance.allow_moves:
        can_stay = prepare(instance).pinned
        for rid, place in sorted(instance.published.items()):
            if rid not in requests:
                continue
            if rid in placed and placed[rid] != place:
                problems.append(
                    f"published request {rid} moved from slot {place[0]}, table {place[1]} "
                    f"to slot {placed[rid][0]}, table {placed[rid][1]} "
                    "although moves are not allowed"
                )
            elif rid not in placed and rid in can_stay:
                problems.append(f"published request {rid} was dropped although it can stay")
    unplaced = Counter(u.request_id for u in schedule.unplaced)
    for rid in requests:
        listed = (rid in seen) + unplaced[rid]
        if listed != 1:
            problems.append(f"request {rid} is listed {listed} times among scheduled and unplaced")
    value = sum(requests[rid].priority for rid in slot_of)
    if schedule.value != value:
        problems.append(f"value is reported as {schedule.value} but the meetings sum to {value}")
    if value > schedule.upper_bound:
        problems.append(f"value {value} exceeds the reported upper bound {schedule.upper_bound}")
    if not problems:
        gaps = idle_gaps(instance, slot_of)
        if schedule.idle_gaps != gaps:
            problems.append(f"idle gaps are reported as {schedule.idle_gaps} but are {gaps}")
    return problems
