"""The events' background jobs: the B2B scheduler runs that organisers queue."""

from __future__ import annotations


def run_schedule_job(job_id: int) -> str:
    """Carry out one queued scheduler job (idempotent; see ``scheduling.carry_out``)."""
    from nahwerk.events.services.scheduling import carry_out

    return carry_out(job_id)
