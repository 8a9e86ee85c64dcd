"""Print the ranked, explained partner matches for a need, e.g. from the demo data."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from nahwerk.matching.explanations import field_label, fit_label
from nahwerk.matching.services import MatchingError, PartnerFilters, find_partners, warm_up
from nahwerk.networks.models import Network


class Command(BaseCommand):
    help = 'Find partners for a need: find_partners "Wir suchen …" --near 56203'

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("need", help="the need in German or English")
        parser.add_argument("--near", help="postcode to measure distances from")
        parser.add_argument(
            "--nearness",
            type=float,
            default=0.3,
            help="0 = distance does not matter, 1 = strongly prefer near",
        )
        parser.add_argument("--max-distance", type=float, help="kilometres")
        parser.add_argument(
            "--kind",
            action="append",
            default=[],
            help="organisation type, e.g. research_institute (repeatable)",
        )
        parser.add_argument("--network", action="append", default=[], help="network slug")
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument(
            "--include-history",
            action="store_true",
            help="also organisations known only from EU project history (not members)",
        )
        parser.add_argument(
            "--as-user", help="show only what this user may see (default: everything)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = None
        if options["as_user"]:
            user = get_user_model().objects.filter(username=options["as_user"]).first()
            if user is None:
                raise CommandError(_("Unknown user: %(name)s") % {"name": options["as_user"]})
        else:
            user = get_user_model()(is_superuser=True, is_active=True)
        networks = None
        if options["network"]:
            found = dict(
                Network.objects.filter(slug__in=options["network"]).values_list("slug", "pk")
            )
            missing = sorted(set(options["network"]) - set(found))
            if missing:
                raise CommandError(_("Unknown network: %(slugs)s") % {"slugs": ", ".join(missing)})
            networks = frozenset(found.values())
        filters = PartnerFilters(
            kinds=frozenset(options["kind"]) or None,
            network_ids=networks,
            max_distance_km=options["max_distance"],
        )
        started = time.perf_counter()
        try:
            warm_up()
        except MatchingError as error:
            raise CommandError(str(error)) from error
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        try:
            matches = find_partners(
                options["need"],
                near=options["near"],
                filters=filters,
                user=user,
                nearness=options["nearness"],
                limit=options["limit"],
                include_history=options["include_history"],
            )
        except MatchingError as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        if not matches:
            self.stdout.write(_("No organisation fits this need."))
        for rank, match in enumerate(matches, start=1):
            org = match.organisation
            place = ", ".join(
                part for part in (org.city, org.district.name if org.district else "") if part
            )
            self.stdout.write(
                self.style.SUCCESS(f"{rank:>2}. {org.name}")
                + f"  [{org.get_kind_display()}; {place}]  {fit_label(match.fit)}"
                + ("  (" + _("from the EU project history") + ")" if match.from_history else "")
            )
            why = match.explanation
            if why.distance_km is not None:
                self.stdout.write("    " + _("distance: %(km).0f km") % {"km": why.distance_km})
            if why.shared_terms:
                self.stdout.write(
                    "    " + _("shared terms: %(terms)s") % {"terms": ", ".join(why.shared_terms)}
                )
            for passage in why.passages[:2]:
                self.stdout.write(
                    "    "
                    + _('%(field)s: "%(passage)s" ~ "%(need)s" (%(similarity).2f)')
                    % {
                        "field": field_label(passage.field),
                        "passage": passage.passage,
                        "need": passage.need_part,
                        "similarity": passage.similarity,
                    }
                )
            if why.cooperation:
                self.stdout.write(
                    "    "
                    + _("earlier cooperation: %(projects)s")
                    % {"projects": "; ".join(why.cooperation)}
                )
        self.stdout.write(
            _(
                "%(count)d matches in %(ms).0f ms (loading the index and language models "
                "took %(load).1f s)."
            )
            % {"count": len(matches), "ms": elapsed * 1000, "load": loaded}
        )
