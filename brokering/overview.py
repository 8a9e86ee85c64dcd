"""The manager's overview of brokering: counts, answer times, silent needs, fields; export."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from brokering.access import OPEN
from brokering.models import EventKind, Need, NeedStatus, ReferralResponse

# After how many days without any answer an open need counts as silent (the overview's
# default; its form lets the manager choose another number).
SILENT_DAYS = 7


@dataclass(frozen=True)
class Overview:
    total: int
    by_status: list[tuple[str, str, int]]  # (status, label, count)
    median_hours_to_first_answer: float | None
    answered: int
    silent: list[Need]
    silent_days: int
    top_fields: list[tuple[str, int]]


def annotate(needs: QuerySet[Need]) -> QuerySet[Need]:
    return needs.select_related("network", "organisation", "field").annotate(
        first_routed_at=Min("events__created_at", filter=Q(events__kind=EventKind.ROUTED)),
        routed_count=Count("referrals", distinct=True),
        interested_count=Count(
            "referrals",
            filter=Q(referrals__response=ReferralResponse.INTERESTED),
            distinct=True,
        ),
    )


def silent_needs(
    needs: QuerySet[Need], *, silent_days: int = SILENT_DAYS, now: datetime | None = None
) -> list[Need]:
    """Open needs without any answer, posted more than ``silent_days`` ago; oldest first.

    The manager's overview and start page both list these, from this one rule.
    """
    cutoff = (now or timezone.now()) - timedelta(days=silent_days)
    return list(
        annotate(
            needs.filter(status__in=OPEN, first_answer_at__isnull=True, created_at__lte=cutoff)
        ).order_by("created_at", "pk")
    )


def build_overview(
    needs: QuerySet[Need], *, silent_days: int = SILENT_DAYS, now: datetime | None = None
) -> Overview:
    """Figures over the given needs (already filtered by network and period)."""
    now = now or timezone.now()
    rows: list[Any] = list(annotate(needs).order_by("created_at"))
    counts = Counter(n.status for n in rows)
    waits = [
        (n.first_answer_at - n.first_routed_at).total_seconds() / 3600
        for n in rows
        if n.first_answer_at and n.first_routed_at
    ]
    fields = Counter(
        f"{n.field.code} {n.field.title_de}" if n.field else _("(no field given)") for n in rows
    )
    return Overview(
        total=len(rows),
        by_status=[(s.value, str(s.label), counts.get(s.value, 0)) for s in NeedStatus],
        median_hours_to_first_answer=statistics.median(waits) if waits else None,
        answered=len(waits),
        silent=silent_needs(needs, silent_days=silent_days, now=now),
        silent_days=silent_days,
        top_fields=fields.most_common(10),
    )


def export_table(needs: QuerySet[Need]) -> tuple[list[str], list[list[object]]]:
    header = [
        _("ID"),
        _("Title"),
        _("Network"),
        _("Asking organisation"),
        _("Posted"),
        _("Kind of partner"),
        _("Subject area"),
        _("Status"),
        _("Reason"),
        _("Posted at"),
        _("First routed at"),
        _("First answer at"),
        _("Routed to"),
        _("Interested"),
    ]

    def when(value: datetime | None) -> str:
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

    rows: list[list[object]] = [
        [
            n.pk,
            n.title,
            n.network.name,
            n.organisation.name,
            n.get_posting_display(),
            n.get_partner_kind_display(),
            f"{n.field.code} {n.field.title_de}" if n.field else "",
            n.get_status_display(),
            n.status_reason,
            when(n.created_at),
            when(n.first_routed_at),
            when(n.first_answer_at),
            n.routed_count,
            n.interested_count,
        ]
        for n in cast(list[Any], annotate(needs).order_by("created_at", "pk"))
    ]
    return header, rows
