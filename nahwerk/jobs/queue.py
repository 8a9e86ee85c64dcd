"""Queueing work for the worker, and carrying out what is queued in this process.

Jobs go through django-q2's database broker: :func:`enqueue` writes the job as a row in
the same database transaction as the change that asks for it, so a rolled-back change
queues nothing and a committed one never loses its job.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from multiprocessing import Queue, Value
from typing import Any

from django.db import transaction
from django_q.brokers import get_broker
from django_q.conf import Conf
from django_q.monitor import monitor
from django_q.signing import SignedPackage
from django_q.tasks import async_task
from django_q.worker import worker

logger = logging.getLogger(__name__)


def enqueue(func: Callable[..., Any], *args: Any, name: str) -> str:
    """Queue ``func(*args)`` for the worker; ``name`` says what it is in the admin.

    Called inside a transaction, the job is committed (or rolled back) with it.
    """
    with transaction.atomic():  # also keeps the broker from closing the request's connection
        task_id: str = async_task(
            f"{func.__module__}.{func.__qualname__}", *args, q_options={"task_name": name}
        )
    return task_id


def queued_count() -> int:
    """How many jobs wait for a worker (not counting those a worker holds)."""
    return int(get_broker().queue_size())


def run_queued(limit: int | None = None) -> int:
    """Carry out the jobs waiting now in this process, one after the other.

    This is ``manage.py worker`` without ``--loop`` and what tests use; the jobs run
    through the library's own worker and result functions, so they are acknowledged and
    recorded exactly as in the worker cluster. A job that raises stays queued and is handed
    out again after ``Q_CLUSTER["retry"]`` seconds. Returns how many jobs succeeded.
    """
    broker = get_broker()
    done = 0
    while limit is None or done < limit:
        batch = broker.dequeue() if broker.queue_size() else None
        if not batch:
            break
        for ack_id, payload in batch:
            task = SignedPackage.loads(payload)
            task["ack_id"] = ack_id
            # in this process and this connection: no forking, no closing of connections
            task["sync"] = True
            if _run(task):
                done += 1
    return done


def _run(task: dict[str, Any]) -> bool:
    tasks: Queue[Any] = Queue()
    results: Queue[Any] = Queue()
    tasks.put(task)
    tasks.put("STOP")
    try:
        worker(tasks, results, Value("f", -1), Conf.TIMEOUT)
    except Exception:
        logger.exception("Background job %s failed; it will be retried", task.get("name"))
        return False
    else:
        results.put("STOP")
        monitor(results, get_broker())
        return True
    finally:
        for queue in (tasks, results):
            queue.close()
            queue.join_thread()


def queued_args(name: str) -> list[tuple[Any, ...]]:
    """The arguments of the queued jobs called ``name``, oldest first (tests, diagnostics).

    A job queued by a periodic schedule is called by the schedule's name.
    """
    from django_q.models import OrmQ

    return [
        tuple(row.task["args"])
        for row in OrmQ.objects.order_by("pk")
        if name in (row.task.get("name"), row.task.get("group"))
    ]
