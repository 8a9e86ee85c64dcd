"""A worker killed (SIGKILL) in the middle of a job loses nothing and doubles nothing.

Each test runs real worker processes (``nahwerk.jobs.tests.harness``) on a database of
their own: a SQLite file, or a fresh PostgreSQL database on the server of ``DATABASE_URL``
when the suite runs on PostgreSQL. The first worker is killed with its whole process
group while it holds a job; the task library hands the job out again once the worker's
claim has expired (``JOBS_RETRY_SECONDS``, 5 s here) and a new worker carries it out.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of the harness processes: their own, empty database."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "SQLITE_PATH", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="nahwerk.settings",
        MATCHING_INDEX_DIR=str(tmp_path / "index"),
        EVENT_SCHEDULER_SECONDS="2",
        PYTHONPATH=str(ROOT),
    )
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        env["SQLITE_PATH"] = str(tmp_path / "jobs.sqlite3")
        yield env
        return
    import psycopg

    server, _slash, name = url.rpartition("/")
    fresh = f"{name.split('?')[0]}_kill_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{fresh}"')
    env["DATABASE_URL"] = f"{server}/{fresh}"
    try:
        yield env
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')


def harness(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "nahwerk.jobs.tests.harness", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def start_worker(env: dict[str, str], *args: str, **extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "nahwerk.jobs.tests.harness", "worker", *args],
        cwd=ROOT,
        env={**env, **extra},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the cluster's processes die with it
    )


def wait_for(path: Path, worker: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert worker.poll() is None, "the worker ended before it took the job"
        assert time.monotonic() < deadline, "the worker did not take the job"
        time.sleep(0.1)


def kill(worker: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(worker.pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    worker.wait(timeout=60)


def crash_and_recover(env: dict[str, str], tmp_path: Path, hold: str) -> dict[str, Any]:
    """Kill a worker that holds a ``hold`` job, start a new one, return the final state."""
    flag, log = tmp_path / "holding", tmp_path / "work.log"
    # the killed worker's claim expires after 5 s; its held job stays far from any timeout
    doomed = start_worker(
        env,
        "--hold", hold, "--flag", str(flag), "--log", str(log),
        JOBS_TIMEOUT_SECONDS="4", JOBS_RETRY_SECONDS="5",
    )  # fmt: skip
    try:
        wait_for(flag, doomed)
    finally:
        kill(doomed)
    assert not log.exists()  # killed before any work was done
    survivor = start_worker(
        env, "--log", str(log), JOBS_TIMEOUT_SECONDS="240", JOBS_RETRY_SECONDS="300"
    )
    try:
        state: dict[str, Any] = json.loads(harness(env, "wait", "240"))
    finally:
        kill(survivor)  # its work is done
    state["work"] = log.read_text(encoding="utf-8").split("\n")[:-1] if log.exists() else []
    return state


def test_a_worker_killed_during_a_reindex_loses_nothing_and_doubles_nothing(
    database: dict[str, str], tmp_path: Path
) -> None:
    harness(database, "setup", "reindex")
    state = crash_and_recover(database, tmp_path, "reindex")
    assert state["queued"] == 0  # every job was carried out
    assert [line.split()[0] for line in state["work"]] == ["rebuild"]  # one rebuild in all
    assert state["vectors"] == 3 == state["vector_rows_per_profile"]
    assert set(state["succeeded"]) == {"reindex"}
    assert state["indexed"] == 3  # the index (in the database) holds every profile


def test_a_worker_killed_during_a_scheduler_run_loses_nothing_and_doubles_nothing(
    database: dict[str, str], tmp_path: Path
) -> None:
    harness(database, "setup", "schedule")
    state = crash_and_recover(database, tmp_path, "schedule")
    assert state["queued"] == 0
    assert state["runs"] == 1  # exactly one scheduler run, by the new worker
    (job,) = state["jobs"]
    assert job["finished"] and job["run"] and job["error"] == ""
    assert state["succeeded"] == ["schedule-event"]
    assert [line.split()[0] for line in state["work"]] == ["solve"]
