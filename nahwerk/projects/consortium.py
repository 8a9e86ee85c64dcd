"""Consortium suggestions on the platform: the engine fed with the stored cooperation history."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from nahwerk.accounts.permissions import visible_organisations
from nahwerk.directory.models import Organisation
from nahwerk.projects.models import Participation
from nahwerk_engine.consortium import (
    ConsortiumHistory,
    PartnerRanker,
    PartnerSuggestion,
    RankingModel,
)
from nahwerk_engine.consortium import Participation as HistoryRow
from nahwerk_engine.consortium.ranking import PartnerQuery


class ConsortiumError(ValueError):
    """A suggestion request the history cannot answer, with a message for the user."""


@dataclass(frozen=True)
class ConsortiumSuggestion:
    """A suggested partner: the directory entry where there is one, else only its PIC."""

    pic: str
    organisation: Organisation | None
    score: float
    reasons: tuple[str, ...]
    org_type: str
    country: str


def _themes(programme_part: str) -> tuple[str, ...]:
    # the importer joins several programme parts of one project with ", "
    return tuple(part.strip() for part in programme_part.split(",") if part.strip())


def load_history() -> ConsortiumHistory:
    """Every stored participation with a project start, as the engine's history."""
    rows = (
        Participation.objects.cooperation()
        .filter(project__start_date__isnull=False)
        .filter(pic__isnull=False)
        .values_list(
            "project_id",
            "pic",
            "role",
            "participant_type",
            "country",
            "project__start_date",
            "project__programme_part",
        )
    )
    return ConsortiumHistory.from_participations(
        HistoryRow(
            project_id=str(project),
            organisation_id=pic or "",
            role=role,
            org_type=kind,
            country=country,
            start=start,
            themes=_themes(part),
        )
        for project, pic, role, kind, country, start, part in rows.iterator(chunk_size=5000)
    )


class _RankerCache:
    """One ranker per process, rebuilt when the stored history changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[Any, ...] | None = None
        self._ranker: PartnerRanker | None = None

    def get(self) -> PartnerRanker:
        # the cooperation history, not all participations: a platform project joins it
        # when it is granted, without a new participation
        key = tuple(
            Participation.objects.cooperation().aggregate(n=Count("pk"), last=Max("pk")).values()
        )
        with self._lock:
            if self._ranker is None or key != self._key:
                self._ranker = PartnerRanker(load_history(), RankingModel.default())
                self._key = key
            return self._ranker

    def clear(self) -> None:
        with self._lock:
            self._ranker, self._key = None, None


ranker_cache = _RankerCache()


def suggest_consortium_partners(
    *,
    lead: Organisation,
    theme: str,
    chosen: tuple[Organisation, ...] = (),
    user: Any = None,
    limit: int = 20,
) -> list[ConsortiumSuggestion]:
    """Who would complete ``lead``'s consortium on ``theme`` (a programme part, e.g. SC5).

    Organisations of the directory are named only where ``user`` may see them; history
    entries without a directory entry are given by PIC.
    """
    if not lead.pic:
        raise ConsortiumError(
            _("%(name)s has no PIC, so it has no EU cooperation history.") % {"name": lead.name}
        )
    ranker = ranker_cache.get()
    if ranker.history.index_of(lead.pic) < 0:
        raise ConsortiumError(
            _("%(name)s has no projects in the stored cooperation history.") % {"name": lead.name}
        )
    if not theme.strip():
        raise ConsortiumError(_("Name the programme part of the planned project, e.g. SC5."))
    query = PartnerQuery(
        lead=lead.pic, themes=_themes(theme), chosen=tuple(o.pic for o in chosen if o.pic)
    )
    suggestions: list[PartnerSuggestion] = ranker.suggest(query, limit=limit)
    from django.contrib.auth.models import AnonymousUser

    viewer = user if user is not None else AnonymousUser()
    visible = visible_organisations(viewer).filter(pic__in=[s.organisation_id for s in suggestions])
    by_pic = {org.pic: org for org in visible}
    hidden = set(
        Organisation.objects.filter(pic__in=[s.organisation_id for s in suggestions])
        .exclude(pk__in=[o.pk for o in by_pic.values()])
        .values_list("pic", flat=True)
    )
    return [
        ConsortiumSuggestion(
            pic=s.organisation_id,
            organisation=by_pic.get(s.organisation_id),
            score=s.score,
            reasons=tuple(reason.text for reason in s.reasons),
            org_type=s.org_type,
            country=s.country,
        )
        for s in suggestions
        # a directory entry the user may not see is left out, not shown by PIC
        if s.organisation_id not in hidden
    ]
