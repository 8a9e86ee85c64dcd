"""Embed the funding calls whose text changed (the fit ranking's stored vectors)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from nahwerk.funding.fit import enqueue_refresh, refresh_call_vectors, stale_calls


class Command(BaseCommand):
    help = "Embed the calls whose text changed since their vector was stored (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--in-background",
            action="store_true",
            help="Leave the work to the worker (one queued job) instead of doing it here.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["in_background"]:
            pending = stale_calls().count()
            if pending:
                enqueue_refresh()
            self.stdout.write(
                _(
                    "%(count)d calls are embedded for the fit ranking by the worker in the "
                    "background; until then the call search says that its list may be "
                    "incomplete."
                )
                % {"count": pending}
            )
            return
        count = refresh_call_vectors()
        self.stdout.write(_("%(count)d calls embedded for the fit ranking.") % {"count": count})
