"""The funding app's background jobs: call vectors and deadline reminders."""

from __future__ import annotations


def refresh_vectors() -> str:
    """Embed the calls whose text changed (after an import or an edit)."""
    from nahwerk.funding.fit import refresh_call_vectors

    return f"{refresh_call_vectors()} call(s) embedded"


def send_reminders() -> str:
    """The daily run of the deadline reminders (14 and 3 days before, each once)."""
    from nahwerk.funding.services import send_deadline_reminders

    return f"{send_deadline_reminders()} reminder(s) sent"
