"""The B2B meeting scheduler: accepted requests into (slot, table), most valuable first.

Build an :class:`Instance` (slots, tables, requests, unavailability, published
meetings) and call :func:`solve` (CP-SAT with a time limit, greedy fallback) or
:func:`greedy`; :func:`check` lists the rules a schedule breaks. See docs/scheduling.md.
"""

from __future__ import annotations

from nahwerk_engine.scheduling.checking import check
from nahwerk_engine.scheduling.cpsat import solve
from nahwerk_engine.scheduling.generator import default_tables, generate
from nahwerk_engine.scheduling.greedy import greedy
from nahwerk_engine.scheduling.model import (
    Assignment,
    Instance,
    Request,
    Schedule,
    Unplaced,
    UnplacedReason,
)

__all__ = [
    "Assignment",
    "Instance",
    "Request",
    "Schedule",
    "Unplaced",
    "UnplacedReason",
    "check",
    "default_tables",
    "generate",
    "greedy",
    "solve",
]
