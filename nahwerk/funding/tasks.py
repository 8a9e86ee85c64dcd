"""The funding app's background jobs: call vectors and deadline reminders."""

from __future__ import annotations


def refresh_vectors() -> str:
    """Embed the calls whose text changed (after an import or an edit), then prepare the
    consortium builder's competences of the open calls."""
    from django.utils import timezone

    from nahwerk.funding.consortium import prepare_call_consortia
    from nahwerk.funding.fit import refresh_call_vectors
    from nahwerk.funding.models import Call

    embedded = refresh_call_vectors()
    open_calls = Call.objects.filter(deadline__gte=timezone.localdate()).order_by("deadline")
    # a list, not an open cursor: preparing writes to the shared cache (see refresh_call_vectors)
    prepared = prepare_call_consortia(list(open_calls))
    return f"{embedded} call(s) embedded, {prepared} competence(s) prepared"


def send_reminders() -> str:
    """The daily run of the deadline reminders (14 and 3 days before, each once)."""
    from nahwerk.funding.services import send_deadline_reminders

    return f"{send_deadline_reminders()} reminder(s) sent"
