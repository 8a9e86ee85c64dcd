"""The queue of organisations whose profile must be re-indexed (no engine import here)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from nahwerk.matching.models import ReindexRequest


def request_reindex(ids: Iterable[int] | None) -> None:
    """Queue organisations (or, with None, all of them) for the worker."""
    now = timezone.now()
    if ids is None:
        updated = ReindexRequest.objects.filter(organisation__isnull=True).update(requested_at=now)
        if not updated:
            ReindexRequest.objects.create(organisation=None, requested_at=now)
        return
    wanted = {int(pk) for pk in ids}
    if not wanted:
        return
    queued = set(
        ReindexRequest.objects.filter(organisation_id__in=wanted).values_list(
            "organisation_id", flat=True
        )
    )
    if queued:
        ReindexRequest.objects.filter(organisation_id__in=queued).update(requested_at=now)
    ReindexRequest.objects.bulk_create(
        [ReindexRequest(organisation_id=pk, requested_at=now) for pk in wanted - queued],
        ignore_conflicts=True,
    )
