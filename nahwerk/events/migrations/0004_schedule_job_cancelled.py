"""Scheduler jobs can be cancelled, and are delivered by the task library.

Jobs still waiting (or abandoned by a worker) when this runs are handed to the library.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models


def queue_unfinished_jobs(apps: Any, schema_editor: Any) -> None:
    job = apps.get_model("events", "ScheduleJob")
    pks = list(job.objects.filter(finished_at__isnull=True).values_list("pk", flat=True))
    if not pks:
        return
    from django_q.tasks import async_task

    for pk in pks:
        async_task(
            "nahwerk.events.tasks.run_schedule_job", pk, q_options={"task_name": "schedule-event"}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_schedule_job"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="schedulejob",
            name="cancelled",
            field=models.BooleanField(default=False, verbose_name="cancelled by the organiser"),
        ),
        migrations.RunPython(queue_unfinished_jobs, migrations.RunPython.noop),
    ]
