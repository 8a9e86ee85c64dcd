"""Print who would complete a lead organisation's consortium, from the cooperation history."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils.translation import gettext as _

from nahwerk.directory.models import Organisation
from nahwerk.projects.consortium import ConsortiumError, suggest_consortium_partners


class Command(BaseCommand):
    help = "Suggest consortium partners: suggest_consortium --lead SLUG_OR_PIC --theme SC5"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--lead", required=True, help="slug or PIC of the lead organisation")
        parser.add_argument("--theme", required=True, help="programme part, e.g. SC5 or LEIT")
        parser.add_argument("--limit", type=int, default=15)

    def handle(self, *args: Any, **options: Any) -> None:
        lead = Organisation.objects.filter(Q(slug=options["lead"]) | Q(pic=options["lead"])).first()
        if lead is None:
            raise CommandError(_("Unknown organisation: %(lead)s") % {"lead": options["lead"]})
        from django.contrib.auth import get_user_model

        admin = get_user_model()(is_superuser=True, is_active=True)
        started = time.perf_counter()
        try:
            suggestions = suggest_consortium_partners(
                lead=lead, theme=options["theme"], user=admin, limit=options["limit"]
            )
        except ConsortiumError as error:
            raise CommandError(str(error)) from error
        for rank, s in enumerate(suggestions, start=1):
            name = s.organisation.name if s.organisation else _("PIC %(pic)s") % {"pic": s.pic}
            self.stdout.write(
                self.style.SUCCESS(f"{rank:>2}. {name}") + f"  [{s.org_type}, {s.country}]"
            )
            for reason in s.reasons[:3]:
                self.stdout.write(f"    {reason}")
        self.stdout.write(
            _("%(count)d suggestions in %(seconds).1f s.")
            % {"count": len(suggestions), "seconds": time.perf_counter() - started}
        )
