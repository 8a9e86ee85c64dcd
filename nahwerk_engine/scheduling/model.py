"""The data that goes into and comes out of the B2B meeting scheduler."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

__all__ = [
    "JSON_FORMAT",
    "Assignment",
    "Instance",
    "Request",
    "Schedule",
    "Unplaced",
    "UnplacedReason",
]

JSON_FORMAT = "nahwerk-schedule-instance/1"


@dataclass(frozen=True, slots=True)
class Request:
    """One accepted meeting request between two participants."""

    id: int
    a: int
    b: int
    priority: int = 1

    def __post_init__(self) -> None:
        if self.a == self.b:
            raise ValueError(f"request {self.id}: a participant cannot meet themselves")
        if self.priority < 1:
            raise ValueError(f"request {self.id}: priority must be at least 1")


@dataclass(frozen=True)
class Instance:
    """An event to schedule: T slots (in time order), K interchangeable tables, requests.

    ``unavailable`` maps a participant to the slots they cannot attend (slots outside
    ``0..slots-1`` are ignored). ``published`` maps a request id to the (slot, table) it was
    published at; ids of requests no longer in ``requests`` are ignored. Inputs are
    normalised (tuples, frozensets, read-only mappings) so an instance is safe to share.
    """

    slots: int
    tables: int
    requests: tuple[Request, ...]
    unavailable: Mapping[int, frozenset[int]] = field(default_factory=dict)
    published: Mapping[int, tuple[int, int]] = field(default_factory=dict)
    allow_moves: bool = False

    def __post_init__(self) -> None:
        if self.slots < 0 or self.tables < 0:
            raise ValueError("slots and tables must not be negative")
        requests = tuple(self.requests)
        ids = [request.id for request in requests]
        if len(set(ids)) != len(ids):
            raise ValueError("request ids must be unique")
        unavailable = {
            int(person): frozenset(int(slot) for slot in slots)
            for person, slots in self.unavailable.items()
        }
        published = {
            int(request_id): (int(place[0]), int(place[1]))
            for request_id, place in self.published.items()
        }
        object.__setattr__(self, "requests", requests)
        object.__setattr__(self, "unavailable", MappingProxyType(unavailable))
        object.__setattr__(self, "published", MappingProxyType(published))

    @property
    def participants(self) -> frozenset[int]:
        """Everybody who is part of at least one request."""
        return frozenset(p for request in self.requests for p in (request.a, request.b))

    def available(self, person: int, slot: int) -> bool:
        return slot not in self.unavailable.get(person, frozenset())

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": JSON_FORMAT,
            "slots": self.slots,
            "tables": self.tables,
            "allow_moves": self.allow_moves,
            "requests": [
                {"id": r.id, "a": r.a, "b": r.b, "priority": r.priority} for r in self.requests
            ],
            "unavailable": {
                str(person): sorted(slots)
                for person, slots in sorted(self.unavailable.items())
                if slots
            },
            "published": {
                str(request_id): list(place) for request_id, place in sorted(self.published.items())
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Instance:
        found = data.get("format", JSON_FORMAT)
        if found != JSON_FORMAT:
            raise ValueError(f"unknown instance format {found!r}, expected {JSON_FORMAT!r}")
        return cls(
            slots=int(data["slots"]),
            tables=int(data["tables"]),
            requests=tuple(
                Request(int(r["id"]), int(r["a"]), int(r["b"]), int(r.get("priority", 1)))
                for r in data["requests"]
            ),
            unavailable={int(k): frozenset(v) for k, v in data.get("unavailable", {}).items()},
            published={
                int(k): (int(v[0]), int(v[1])) for k, v in data.get("published", {}).items()
            },
            allow_moves=bool(data.get("allow_moves", False)),
        )

    def to_json(self, *, indent: int | None = None) -> str:
        """The instance as JSON (format ``nahwerk-schedule-instance/1``; keys are strings)."""
        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_json(cls, text: str) -> Instance:
        return cls.from_dict(json.loads(text))


@dataclass(frozen=True, slots=True)
class Assignment:
    """A scheduled meeting: the request takes place in ``slot`` at ``table``."""

    request_id: int
    slot: int
    table: int


class UnplacedReason(StrEnum):
    """Why a request could not be scheduled (machine codes; the web layer translates them)."""

    # a participant is unavailable in every slot
    PARTICIPANT_UNAVAILABLE = "participant_unavailable"
    # the two have no slot both can attend
    NO_COMMON_SLOT = "no_common_slot"
    # in every slot both can attend, one of them already has another meeting
    PARTICIPANT_FULL = "participant_full"
    # in at least one slot both are free, but all its tables are taken
    CAPACITY = "capacity"
    # a published meeting can no longer stay where it is and moves are not allowed
    PUBLISHED_CONFLICT = "published_conflict"


@dataclass(frozen=True, slots=True)
class Unplaced:
    """A request that is not in the schedule, with the reason and a short English detail."""

    request_id: int
    reason: UnplacedReason
    detail: str = ""


@dataclass(frozen=True)
class Schedule:
    """The scheduler's answer.

    ``value`` is the total priority of the scheduled meetings, ``upper_bound`` a proven
    bound on the best possible value, ``gap = (upper_bound - value) / upper_bound``.
    ``idle_gaps`` counts, over all participants, the slots between their first and last
    meeting in which they are available but have no meeting (slots they declared
    unavailable are not idle time). ``optimal`` is true when the value is proven optimal
    and the idle gaps (and moves) are proven minimal for that value.
    """

    assignments: tuple[Assignment, ...]
    unplaced: tuple[Unplaced, ...]
    value: int
    upper_bound: int
    gap: float
    idle_gaps: int
    method: str
    optimal: bool
    seconds: float
    moved: int = 0  # published meetings that are not at their published place any more
    note: str = ""  # why the solver fell back, if it did

    def placement(self) -> dict[int, tuple[int, int]]:
        """Request id -> (slot, table)."""
        return {a.request_id: (a.slot, a.table) for a in self.assignments}

    @property
    def scheduled_share(self) -> float:
        total = len(self.assignments) + len(self.unplaced)
        return len(self.assignments) / total if total else 1.0
