"""The matching's background jobs: bringing the partner index up to date."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from nahwerk.jobs.models import Checkpoint

# the moment up to which every change is in the partner index
INDEX_CHECKPOINT = "matching.index"


def reindex(ids: list[int] | None, requested_at: str) -> str:
    """Bring the index up to date for a change committed at ``requested_at``.

    With ids, the changed organisations' profiles are brought up to date in place
    (``reindex_organisations``): it writes what differs from the index, so running it twice
    (the task library hands a job out again when its worker died) writes nothing more.
    Without ids, the whole index is rebuilt; such a job whose change a later full rebuild
    already read (the checkpoint is past ``requested_at``) does nothing.
    """
    from nahwerk.matching import services

    if ids is not None:
        written = services.reindex_organisations(ids)
        return f"{written} profile(s) written"
    if Checkpoint.covers(INDEX_CHECKPOINT, dt.datetime.fromisoformat(requested_at)):
        return "already in the index"
    started = timezone.now()  # the rebuild reads the profiles after this moment
    report = services.rebuild_index()
    Checkpoint.advance(INDEX_CHECKPOINT, started)
    return report.summary()


def reindex_all() -> str:
    """The nightly re-index of every profile: catches what no job was queued for."""
    return reindex(None, timezone.now().isoformat())
