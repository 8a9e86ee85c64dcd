"""Periodic jobs: the registry becomes the library's schedules, and each job runs when due."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django_q.models import Schedule
from django_q.scheduler import scheduler

from nahwerk.jobs.periodic import PERIODIC_JOBS, PeriodicJob, sync_schedules
from nahwerk.jobs.queue import queued_args, run_queued

BERLIN = ZoneInfo("Europe/Berlin")
SESSIONS = PeriodicJob(
    "clear-expired-sessions", "nahwerk.jobs.housekeeping.clear_expired_sessions", daily_at="03:10"
)


def at(day: int, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(2027, 3, day, hour, minute, tzinfo=BERLIN)


def expired_session() -> None:
    Session.objects.create(session_key="old-session", session_data="", expire_date=at(1, 12, 0))


@pytest.mark.django_db(transaction=True)  # the library's scheduler works in its own transactions
def test_a_daily_job_runs_at_its_time_and_not_before() -> None:
    with time_machine.travel(at(10, 1, 0), tick=True) as clock:
        sync_schedules((SESSIONS,))
        expired_session()

        clock.move_to(at(10, 3, 9))
        scheduler()
        assert queued_args("clear-expired-sessions") == []
        run_queued()
        assert Session.objects.filter(session_key="old-session").exists()

        clock.move_to(at(10, 3, 11))
        scheduler()
        assert queued_args("clear-expired-sessions") == [()]
        run_queued()
        assert not Session.objects.filter(session_key="old-session").exists()
        # once a day: due again tomorrow at the same time, not a minute later
        schedule = Schedule.objects.get(name="clear-expired-sessions")
        assert schedule.next_run == at(11, 3, 10)
        expired_session()
        clock.move_to(at(10, 3, 30))
        scheduler()
        run_queued()
        assert Session.objects.filter(session_key="old-session").exists()


@pytest.mark.django_db(transaction=True)
def test_a_job_missed_while_no_worker_ran_runs_once() -> None:
    with time_machine.travel(at(10, 1, 0), tick=True) as clock:
        sync_schedules((SESSIONS,))
        clock.move_to(at(14, 9, 0))  # four days without a worker
        scheduler()
        assert len(queued_args("clear-expired-sessions")) == 1
        assert Schedule.objects.get(name="clear-expired-sessions").next_run == at(15, 3, 10)


@pytest.mark.django_db
def test_the_registry_is_written_once_and_follows_changes() -> None:
    sync_schedules()
    sync_schedules()
    assert sorted(Schedule.objects.values_list("name", flat=True)) == sorted(
        job.name for job in PERIODIC_JOBS
    )
    # an admin's own schedule of another function is left alone
    Schedule.objects.create(name="by-hand", func="django.core.management.call_command")
    every_hour = PeriodicJob(
        "often", "nahwerk.jobs.housekeeping.clear_expired_sessions", every_minutes=60
    )
    sync_schedules((every_hour,))
    assert sorted(Schedule.objects.values_list("name", flat=True)) == ["by-hand", "often"]
    often = Schedule.objects.get(name="often")
    assert often.schedule_type == Schedule.MINUTES and often.minutes == 60


@pytest.mark.parametrize(
    "fields",
    [{}, {"daily_at": "03:00", "every_minutes": 5}, {"daily_at": "25:00"}],
)
def test_a_registration_must_say_when(fields: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        PeriodicJob("broken", "nahwerk.jobs.housekeeping.clear_expired_sessions", **fields)
