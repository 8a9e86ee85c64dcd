"""The queue: jobs are committed with their transaction, and a failed job is retried."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from django_q.conf import Conf
from django_q.models import Success

from nahwerk.jobs.queue import enqueue, queued_args, run_queued

pytestmark = pytest.mark.django_db

attempts: list[str] = []


def flaky(label: str) -> str:
    """Fails the first time (e.g. the database was restarted), works the second."""
    attempts.append(label)
    if len(attempts) == 1:
        raise RuntimeError("connection lost")
    return "done"


@pytest.fixture(autouse=True)
def _no_attempts() -> None:
    attempts.clear()


def test_a_job_is_rolled_back_with_its_transaction() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue(flaky, "never", name="flaky")
        raise RuntimeError("the change failed")
    assert queued_args("flaky") == []


def test_a_failed_job_is_handed_out_again_after_the_retry_time() -> None:
    enqueue(flaky, "report", name="flaky")
    assert run_queued() == 0 and attempts == ["report"]
    assert queued_args("flaky") == [("report",)]  # kept, claimed until the retry time
    assert run_queued() == 0 and attempts == ["report"]  # not before
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=Conf.RETRY + 1)):
        assert run_queued() == 1
    assert attempts == ["report", "report"]
    assert queued_args("flaky") == []
    assert Success.objects.filter(name="flaky").count() == 1
