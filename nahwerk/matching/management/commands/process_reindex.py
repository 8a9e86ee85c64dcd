"""Only the re-indexing part of the worker (``manage.py worker`` does all background work)."""

from __future__ import annotations

from typing import ClassVar

from nahwerk.management.commands.worker import Command as WorkerCommand
from nahwerk.matching.services import process_reindex_requests


class Command(WorkerCommand):
    help = (
        "Process queued re-index requests (profiles changed on the platform or by an "
        "import): embed the changed profiles and swap in a rebuilt index. "
        "manage.py worker does this and the platform's other background work."
    )
    tasks: ClassVar = (("re-index request(s)", process_reindex_requests),)
