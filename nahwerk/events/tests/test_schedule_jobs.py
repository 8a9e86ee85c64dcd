"""Scheduler runs are queued by the organiser's page and carried out by the worker (once)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from nahwerk.events import services
from nahwerk.events.models import Meeting, ScheduleJob, ScheduleRun
from nahwerk.events.services import EventError, scheduling
from nahwerk.events.tasks import run_schedule_job
from nahwerk.events.tests.conftest import EventWorld
from nahwerk.jobs.queue import queued_args, run_queued

pytestmark = pytest.mark.django_db


def schedule_url(events: EventWorld) -> str:
    return reverse("events:schedule", kwargs={"slug": events.day.slug})


def ready(events: EventWorld) -> None:
    events.register_all()
    events.set_up(slots=2, tables=1)
    events.accepted(events.carla, events.dana, 3)


def test_the_page_queues_a_run_and_shows_it_when_the_worker_is_done(
    events: EventWorld,
    as_user: Any,
    matching_index: Any,  # the worker also re-indexes: not into the real index in var/
) -> None:
    ready(events)
    client = as_user(events.alice)
    response = client.post(schedule_url(events), {})
    assert response.status_code == 302 and response["Location"] == schedule_url(events)
    assert ScheduleRun.objects.count() == 0  # the request did not wait for the solver
    page = client.get(schedule_url(events))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="job-running"' in html
    assert 'http-equiv="refresh"' in html and 'data-testid="run-form"' not in html
    # asking again while it waits queues nothing more
    client.post(schedule_url(events), {})
    assert ScheduleJob.objects.count() == 1

    call_command("worker", verbosity=0)

    job = ScheduleJob.objects.get()
    assert job.finished_at is not None and job.error == "" and job.run is not None
    assert job.run.meetings.count() == 1 and job.run.created_by == events.alice
    response = client.get(schedule_url(events))
    assert response["Location"] == reverse(
        "events:schedule_run", kwargs={"slug": events.day.slug, "pk": job.run.pk}
    )
    assert 'http-equiv="refresh"' not in client.get(response["Location"]).content.decode()


def test_what_cannot_run_is_refused_at_once(events: EventWorld) -> None:
    with pytest.raises(PermissionDenied):
        services.request_schedule(events.carla, events.day)
    with translation.override("en"), pytest.raises(EventError, match="slots and tables"):
        services.request_schedule(events.alice, events.day)
    assert ScheduleJob.objects.count() == 0


def test_a_failing_run_says_why_and_changes_nothing(
    events: EventWorld, as_user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready(events)
    services.request_schedule(events.alice, events.day, language="en")

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("solver crashed")

    monkeypatch.setattr(scheduling, "build_instance", broken)
    assert run_queued() == 1
    job = ScheduleJob.objects.get()
    assert job.finished_at is not None and job.run is None
    assert job.error.startswith("The scheduler failed; nothing was changed.")
    assert ScheduleRun.objects.count() == 0 and Meeting.objects.count() == 0
    page = as_user(events.alice).get(schedule_url(events)).content.decode()
    assert 'data-testid="job-failed"' in page and 'data-testid="run-form"' in page
    # a later successful run hides the old failure
    monkeypatch.undo()
    services.request_schedule(events.alice, events.day)
    run_queued()
    assert services.failed_job(events.day) is None


def test_the_worker_writes_in_the_requesters_language(events: EventWorld) -> None:
    ready(events)
    services.request_schedule(events.alice, events.day, language="de")
    events.day.slots.all().delete()  # the setup is gone by the time the worker starts
    run_queued()
    assert (
        ScheduleJob.objects.get().error
        == ("Richten Sie die Zeitfenster und Tische ein, bevor Sie den Zeitplan berechnen.")
        or "Zeitfenster" in ScheduleJob.objects.get().error
    )


def test_an_organiser_who_lost_the_role_gets_no_run(events: EventWorld) -> None:
    ready(events)
    services.request_schedule(events.alice, events.day, language="en")
    ScheduleJob.objects.update(requested_by=None)
    run_queued()
    job = ScheduleJob.objects.get()
    assert job.run is None and "may no longer organise" in job.error


def test_the_job_and_its_task_are_written_together(events: EventWorld) -> None:
    ready(events)
    job, new = services.request_schedule(events.alice, events.day)
    assert new and queued_args("schedule-event") == [(job.pk,)]
    # asking again while it waits queues no second task
    assert services.request_schedule(events.alice, events.day) == (job, False)
    assert queued_args("schedule-event") == [(job.pk,)]


def test_a_job_handed_out_twice_makes_one_run(events: EventWorld) -> None:
    ready(events)
    job, _new = services.request_schedule(events.alice, events.day)
    assert run_schedule_job(job.pk) == "done"
    # the library delivers it again (e.g. its worker died before acknowledging it)
    assert run_schedule_job(job.pk) == "finished or cancelled before"
    assert ScheduleRun.objects.count() == 1
    assert ScheduleJob.objects.get().run == ScheduleRun.objects.get()


def test_the_organiser_cancels_a_run_that_takes_too_long(events: EventWorld, as_user: Any) -> None:
    ready(events)
    client = as_user(events.alice)
    client.post(schedule_url(events), {})
    page = client.get(schedule_url(events)).content.decode()
    assert 'data-testid="job-running"' in page and 'data-testid="job-cancel"' in page
    cancel = reverse("events:schedule_cancel", kwargs={"slug": events.day.slug})
    response = client.post(cancel)
    assert response.status_code == 302
    page = client.get(schedule_url(events)).content.decode()
    assert 'data-testid="job-running"' not in page and 'data-testid="run-form"' in page
    assert 'data-testid="job-failed"' not in page  # cancelling is no failure
    # a new run can start at once; the cancelled job's task, when delivered, does nothing
    client.post(schedule_url(events), {})
    assert ScheduleJob.objects.count() == 2
    assert run_queued() == 2
    assert ScheduleRun.objects.count() == 1
    cancelled, second = ScheduleJob.objects.order_by("pk")
    assert cancelled.cancelled and cancelled.run is None
    assert second.run == ScheduleRun.objects.get()


def test_a_run_finished_after_cancelling_is_not_stored(
    events: EventWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready(events)
    job, _new = services.request_schedule(events.alice, events.day)
    solve = scheduling._solve

    def solve_while_the_organiser_cancels(instance: Any, seconds: float) -> Any:
        services.cancel_schedule(events.alice, events.day)
        return solve(instance, seconds)

    monkeypatch.setattr(scheduling, "_solve", solve_while_the_organiser_cancels)
    assert run_schedule_job(job.pk) == "finished or cancelled meanwhile"
    assert ScheduleRun.objects.count() == 0 and Meeting.objects.count() == 0


def test_only_organisers_may_cancel(events: EventWorld, as_user: Any) -> None:
    ready(events)
    services.request_schedule(events.alice, events.day)
    cancel = reverse("events:schedule_cancel", kwargs={"slug": events.day.slug})
    assert as_user(events.carla).post(cancel).status_code == 403
    assert as_user(events.alice).get(cancel).status_code == 405
    assert services.unfinished_job(events.day) is not None


def test_a_change_while_the_solver_works_is_solved_again(
    events: EventWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The solver runs without holding the event; what changed meanwhile is not lost."""
    events.register_all()
    events.set_up(slots=2, tables=1)
    first = events.accepted(events.carla, events.dana, 3)
    solve = scheduling._solve
    calls: list[int] = []

    def solve_while_someone_accepts(instance: Any, seconds: float) -> Any:
        calls.append(len(instance.requests))
        if len(calls) == 1:  # a new meeting is agreed while the first solve runs
            events.accepted(events.emil, events.ina, 2)
        return solve(instance, seconds)

    monkeypatch.setattr(scheduling, "_solve", solve_while_someone_accepts)
    run = services.run_scheduler(events.alice, events.day)
    assert calls == [1, 2]
    assert run.requests == 2 and run.meetings.count() == 2
    assert first.pk in set(run.meetings.values_list("request_id", flat=True))


def test_input_that_keeps_changing_is_solved_under_the_lock_at_last(
    events: EventWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    events.register_all()
    events.set_up(slots=3, tables=2)
    events.accepted(events.carla, events.dana)
    solve = scheduling._solve
    pairs = [(events.emil, events.ina), (events.carla, events.emil), (events.dana, events.ina)]
    calls: list[int] = []

    def solve_while_more_arrive(instance: Any, seconds: float) -> Any:
        calls.append(len(instance.requests))
        if len(calls) < scheduling._SOLVE_ATTEMPTS:
            events.accepted(*pairs[len(calls) - 1])
        return solve(instance, seconds)

    monkeypatch.setattr(scheduling, "_solve", solve_while_more_arrive)
    run = services.run_scheduler(events.alice, events.day)
    assert calls == [1, 2, 3]
    assert run.requests == 3 and run.meetings.count() == 3


def test_the_admin_lists_jobs_with_their_errors(events: EventWorld, as_user: Any) -> None:
    ready(events)
    services.request_schedule(events.alice, events.day, language="en")
    ScheduleJob.objects.update(requested_by=None)
    run_queued()
    page = as_user(events.root).get(reverse("admin:events_schedulejob_changelist"))
    assert page.status_code == 200 and "may no longer organise" in page.content.decode()
