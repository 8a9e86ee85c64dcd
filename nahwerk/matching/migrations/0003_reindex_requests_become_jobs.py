"""Re-index requests become background jobs: what was queued is queued as one job."""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.utils import timezone


def queue_pending_reindex(apps: Any, schema_editor: Any) -> None:
    request = apps.get_model("matching", "ReindexRequest")
    if not request.objects.exists():
        return
    from django_q.tasks import async_task

    # one job re-indexes every profile: the rebuild reads them all anyway
    async_task(
        "nahwerk.matching.tasks.reindex",
        None,
        timezone.now().isoformat(),
        q_options={"task_name": "reindex"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0002_profile_vector_audience"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [
        migrations.RunPython(queue_pending_reindex, migrations.RunPython.noop),
        migrations.DeleteModel(name="ReindexRequest"),
    ]
