"""Write the directory's competence profiles as a BEIR corpus (for labelled need sets)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Q

from nahwerk.directory.models import Organisation
from nahwerk.matching.profiles import organisation_profile, profile_queryset
from nahwerk.networks.choices import MembershipStatus
from nahwerk_engine.matching import profile_text


class Command(BaseCommand):
    help = (
        "Write the profiles of the networks' organisations (active members and role holders; "
        "not those known only from EU project history, nor organisations of the region that "
        "belong to no network) to FILE as BEIR corpus lines: _id (slug), title, text, fields."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        # the labelled need sets grade the networks' organisations; prospects of the region
        # (the white spots' candidates) are in the directory but in no network
        active = MembershipStatus.ACTIVE
        in_networks = Q(memberships__status=active) | Q(network_roles__isnull=False)
        listed = (
            Organisation.objects.exclude(source="cordis")
            .filter(in_networks)
            .values_list("pk", flat=True)
            .distinct()
        )
        organisations = profile_queryset(listed).order_by("slug")
        file.parent.mkdir(parents=True, exist_ok=True)
        count = 0
        with file.open("w", encoding="utf-8") as out:
            for organisation in organisations:
                profile = organisation_profile(organisation)
                row = {
                    "_id": organisation.slug,
                    "title": profile.name,
                    "text": profile_text(profile),
                    "kind": profile.kind,
                    "fields": [list(field) for field in profile.fields],
                }
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
        self.stdout.write(f"{count} profiles written to {file}")
