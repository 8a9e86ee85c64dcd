"""Queueing re-indexes of changed profiles for the worker (no engine import here)."""

from __future__ import annotations

import threading
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from nahwerk.jobs.queue import enqueue

_local = threading.local()


class _Batch:
    """The organisations one transaction changed; queued as one job when it commits."""

    def __init__(self) -> None:
        self.ids: set[int] | None = set()  # None: all of them
        self.flushed = False

    def add(self, ids: list[int] | None) -> None:
        if ids is None or self.ids is None:
            self.ids = None
        else:
            self.ids.update(ids)

    def flush(self) -> None:
        if getattr(_local, "batch", None) is self:
            _local.batch = None
        if self.flushed:
            return
        self.flushed = True
        _queue(None if self.ids is None else sorted(self.ids))


def _queue(ids: list[int] | None) -> None:
    from nahwerk.matching.tasks import reindex

    enqueue(reindex, ids, timezone.now().isoformat(), name="reindex")


def request_reindex(ids: Iterable[int] | None) -> None:
    """Queue a re-index of these organisations (None: of all) once the change commits.

    One job per transaction, however many saves it made (an import or the demo saves
    thousands). The job is queued when the transaction commits, and carries that moment:
    a re-index started later has read the change, so the job skips the work then (see
    ``matching.tasks.reindex``). A rolled-back change queues nothing.
    """
    wanted = None if ids is None else sorted({int(pk) for pk in ids})
    if wanted is not None and not wanted:
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _queue(wanted)
        return
    batch: _Batch | None = getattr(_local, "batch", None)
    # a rolled-back transaction (or savepoint) took the batch's callback with it
    if batch is None or not any(entry[1] == batch.flush for entry in connection.run_on_commit):
        batch = _local.batch = _Batch()
        transaction.on_commit(batch.flush)
    batch.add(wanted)
