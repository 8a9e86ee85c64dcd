"""Embed the funding calls whose text changed (the fit ranking's stored vectors)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from nahwerk.funding.fit import refresh_call_vectors


class Command(BaseCommand):
    help = "Embed the calls whose text changed since their vector was stored (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = refresh_call_vectors()
        self.stdout.write(_("%(count)d calls embedded for the fit ranking.") % {"count": count})
