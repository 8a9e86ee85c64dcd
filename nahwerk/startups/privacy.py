"""The start-up app's share of a person's data export and erasure (nahwerk/privacy)."""

from __future__ import annotations

from typing import Any

from nahwerk.startups.models import MentorOffer, PipelineMove


def export(subject: Any) -> dict[str, list[dict[str, Any]]]:
    """Mentor offers naming the person or entered by them; pipeline moves they recorded."""
    people = [p.pk for p in subject.people]
    offers = MentorOffer.objects.filter(person__in=people)
    if subject.user is not None:
        offers = offers | MentorOffer.objects.filter(created_by=subject.user)
    moves = (
        PipelineMove.objects.filter(moved_by=subject.user).select_related("entry__startup")
        if subject.user is not None
        else PipelineMove.objects.none()
    )
    return {
        "mentor_offers": [
            {
                "organisation": str(o.organisation),
                "network": str(o.network),
                "topics": o.topics,
                "time_offered": o.time_offered,
                "created_at": o.created_at,
            }
            for o in offers.select_related("organisation", "network").distinct()
        ],
        "startup_pipeline_moves": [
            {
                "startup": str(m.entry.startup),
                "from": m.get_from_stage_display(),
                "to": m.get_to_stage_display(),
                "date": m.moved_on,
                "note": m.note,
            }
            for m in moves
        ],
    }


def erase(subject: Any) -> int:
    """A mentor offer stands for its mentor: erased with the person. Returns how many."""
    deleted, _ = MentorOffer.objects.filter(person__in=[p.pk for p in subject.people]).delete()
    return deleted
