"""The partner index in the database: its change sequence and removals (no engine import).

Every web process builds its in-memory index from ``IndexedProfile`` and follows the
changes by their revision (``services._IndexCache``), so the index does not live in any
one machine's files.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F

from nahwerk.matching.models import IndexedProfile, IndexState

STATE_PK = 1


def next_revision() -> int:
    """Allocate the next revision; call inside the transaction that writes its rows.

    The UPDATE locks the state row until that transaction ends (on SQLite the whole
    database), so revisions commit in the order they are allocated: a process that has
    read revision R has seen every row up to R.
    """
    IndexState.objects.get_or_create(pk=STATE_PK)
    IndexState.objects.filter(pk=STATE_PK).update(revision=F("revision") + 1)
    return int(IndexState.objects.values_list("revision", flat=True).get(pk=STATE_PK))


def withdraw_organisations(ids: Iterable[int]) -> int:
    """Remove organisations' profiles from the index at once (e.g. when one is deleted)."""
    wanted = [int(pk) for pk in ids]
    if not wanted:
        return 0
    with transaction.atomic():
        rows = IndexedProfile.objects.filter(organisation_id__in=wanted, removed=False)
        if not rows.exists():
            return 0
        revision = next_revision()
        return rows.update(
            removed=True, revision=revision, profile={}, analysis=[], vector=b"", passages=b""
        )
