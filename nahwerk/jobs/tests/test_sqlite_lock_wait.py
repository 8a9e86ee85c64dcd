"""On SQLite the worker's jobs wait longer for the write lock than requests do."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from django.db import connection
from django.test import override_settings

from nahwerk.management.commands.worker import patient_sqlite


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's write lock only")
@pytest.mark.django_db(transaction=True)
def test_a_job_waits_for_a_write_lock_held_longer_than_a_request_would_wait(tmp_path) -> None:
    original = dict(connection.settings_dict.get("OPTIONS", {}))
    try:
        with override_settings(JOBS_SQLITE_TIMEOUT_SECONDS=7):
            patient_sqlite()
        assert connection.settings_dict["OPTIONS"]["timeout"] == 7

        # the same waiting, shown on a database of its own: a writer holds the lock 1.5 s
        path = str(tmp_path / "lock.sqlite3")
        sqlite3.connect(path).execute("create table t (x)").connection.commit()
        holder = sqlite3.connect(path, check_same_thread=False)
        holder.execute("begin immediate")
        threading.Timer(1.5, holder.commit).start()
        impatient = sqlite3.connect(path, timeout=0.2)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            impatient.execute("begin immediate")
        started = time.monotonic()
        patient = sqlite3.connect(path, timeout=connection.settings_dict["OPTIONS"]["timeout"])
        patient.execute("begin immediate")  # waits for the holder instead of failing
        patient.commit()
        assert time.monotonic() - started < 7
    finally:
        connection.close()
        connection.settings_dict["OPTIONS"] = original
