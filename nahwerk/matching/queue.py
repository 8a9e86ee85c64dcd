"""Queueing re-indexes of changed profiles for the worker (no engine import here)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from nahwerk.jobs.queue import enqueue


def request_reindex(ids: Iterable[int] | None) -> None:
    """Queue a re-index of these organisations (None: of all) once the change commits.

    The job is queued when the surrounding transaction commits, and carries that moment:
    a re-index started later has read the change, so the job skips the work then (see
    ``matching.tasks.reindex``). A rolled-back change queues nothing.
    """
    wanted = None if ids is None else sorted({int(pk) for pk in ids})
    if wanted is not None and not wanted:
        return

    def queue() -> None:
        from nahwerk.matching.tasks import reindex

        enqueue(reindex, wanted, timezone.now().isoformat(), name="reindex")

    transaction.on_commit(queue)
