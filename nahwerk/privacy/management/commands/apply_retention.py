"""Delete personal data whose retention period has ended (see nahwerk/privacy/retention.py)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from nahwerk.privacy.retention import run_retention


class Command(BaseCommand):
    help = "Delete invitations, audit log entries, login records and messages past their period."

    def handle(self, *args: Any, **options: Any) -> None:
        for what, count in run_retention().items():
            self.stdout.write(f"{what}: {count}")
