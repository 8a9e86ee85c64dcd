"""The matching's background jobs: bringing the partner index up to date."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from nahwerk.jobs.models import Checkpoint

# the moment up to which every change is in the partner index
INDEX_CHECKPOINT = "matching.index"


def reindex(ids: list[int] | None, requested_at: str) -> str:
    """Bring the index up to date for a change committed at ``requested_at``.

    Idempotent: the task library hands a job out again when its worker died, and a profile
    edit queues a job per changed part; a job whose change a later re-index already read
    (the checkpoint is past ``requested_at``) does nothing. ``ids`` names the changed
    organisations; the rebuild reads every profile, and which vectors to recompute follows
    from the text hashes.
    """
    from nahwerk.matching import services

    if Checkpoint.covers(INDEX_CHECKPOINT, dt.datetime.fromisoformat(requested_at)):
        return "already in the index"
    started = timezone.now()  # the rebuild reads the profiles after this moment
    report = services.rebuild_index()
    Checkpoint.advance(INDEX_CHECKPOINT, started)
    return report.summary()


def reindex_all() -> str:
    """The nightly re-index of every profile: catches what no job was queued for."""
    return reindex(None, timezone.now().isoformat())
