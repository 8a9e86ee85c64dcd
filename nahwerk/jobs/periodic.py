"""The periodic jobs: one line each in :data:`PERIODIC_JOBS`.

The worker writes them into the task library's schedules when it starts
(:func:`sync_schedules`); django-q2's scheduler then queues each job when it is due. To add
one, write a function that takes no arguments and add a line such as::

    PeriodicJob("apply-retention", "nahwerk.privacy.retention.run_retention", daily_at="04:00"),

Times are local (``TIME_ZONE``). A job missed while no worker ran runs once when the
worker is back, not once per missed time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django_q.models import Schedule


@dataclass(frozen=True)
class PeriodicJob:
    """A function run periodically: daily at a local time, or every few minutes."""

    name: str
    func: str
    daily_at: str = ""  # "HH:MM", local time
    every_minutes: int = 0

    def __post_init__(self) -> None:
        if bool(self.daily_at) == bool(self.every_minutes):
            raise ValueError(f"{self.name}: give either daily_at or every_minutes")
        if self.daily_at:
            dt.time.fromisoformat(self.daily_at)  # refuses a malformed time at import

    @property
    def schedule_type(self) -> str:
        return Schedule.DAILY if self.daily_at else Schedule.MINUTES

    def first_run(self, now: dt.datetime) -> dt.datetime:
        """The next time the job is due after ``now``."""
        if self.every_minutes:
            return now + dt.timedelta(minutes=self.every_minutes)
        at = dt.time.fromisoformat(self.daily_at)
        local = timezone.localtime(now)
        due = timezone.make_aware(dt.datetime.combine(local.date(), at))
        return (
            due
            if due > now
            else timezone.make_aware(dt.datetime.combine(local.date() + dt.timedelta(days=1), at))
        )


PERIODIC_JOBS: tuple[PeriodicJob, ...] = (
    PeriodicJob(
        "clear-expired-sessions",
        "nahwerk.jobs.housekeeping.clear_expired_sessions",
        daily_at="03:10",
    ),
    PeriodicJob("reindex-all-profiles", "nahwerk.matching.tasks.reindex_all", daily_at="02:30"),
    PeriodicJob("apply-retention", "nahwerk.privacy.retention.run_retention", daily_at="04:00"),
    PeriodicJob(
        "funding-deadline-reminders", "nahwerk.funding.tasks.send_reminders", daily_at="07:00"
    ),
    PeriodicJob("funding-call-vectors", "nahwerk.funding.tasks.refresh_vectors", daily_at="02:50"),
    PeriodicJob(
        "end-memberships", "nahwerk.networks.association.end_memberships", daily_at="00:05"
    ),
    PeriodicJob(
        "dues-reminders", "nahwerk.networks.association.remind_open_dues", daily_at="09:00"
    ),
    PeriodicJob("funder-reports", "nahwerk.reports.tasks.send_reports", daily_at="06:30"),
    PeriodicJob("expire-postings", "nahwerk.talent.tasks.expire_postings", daily_at="00:15"),
    PeriodicJob("erase-applications", "nahwerk.talent.tasks.erase_applications", daily_at="04:20"),
)

# schedules of these functions that are no longer registered are removed
_OWN_PREFIX = "nahwerk."


def sync_schedules(jobs: tuple[PeriodicJob, ...] = PERIODIC_JOBS) -> None:
    """Make the library's schedules match the registry (run when the worker starts)."""
    now = timezone.now()
    with transaction.atomic():
        for job in jobs:
            existing = Schedule.objects.filter(name=job.name).first()
            due = job.first_run(now)
            if existing is None:
                Schedule.objects.create(
                    name=job.name,
                    func=job.func,
                    schedule_type=job.schedule_type,
                    minutes=job.every_minutes or None,
                    repeats=-1,
                    next_run=due,
                )
                continue
            timing_changed = (
                existing.schedule_type != job.schedule_type
                or (existing.minutes or 0) != job.every_minutes
                or (
                    job.daily_at
                    and timezone.localtime(existing.next_run).strftime("%H:%M") != job.daily_at
                )
            )
            existing.func = job.func
            existing.schedule_type = job.schedule_type
            existing.minutes = job.every_minutes or None
            existing.repeats = -1
            if timing_changed:
                existing.next_run = due
            existing.save()
        Schedule.objects.filter(func__startswith=_OWN_PREFIX).exclude(
            name__in=[job.name for job in jobs]
        ).delete()
