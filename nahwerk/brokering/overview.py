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
from django.utils.translation import ngettext

from nahwerk.brokering.access import OPEN
from nahwerk.brokering.models import EventKind, Need, NeedStatus, ReferralResponse

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

    @property
    def median_answer_time(self) -> str:
        """The median time to the first answer as a manager says it ("3 Stunden")."""
        return duration_in_words(self.median_hours_to_first_answer)


def duration_in_words(hours: float | None) -> str:
    """A waiting time in words: under an hour, hours, days or weeks, rounded; None: no answer.

    >>> duration_in_words(0.2)
    'less than an hour'
    >>> duration_in_words(50)
    '2 days'
    """
    if hours is None:
        return _("no answer yet")
    if hours < 1:
        return _("less than an hour")
    if hours < 23.5:
        count = round(hours)
        return ngettext("%(count)d hour", "%(count)d hours", count) % {"count": count}
    days = round(hours / 24)
    if days < 14:
        return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    weeks = round(days / 7)
    return ngettext("%(count)d week", "%(count)d weeks", weeks) % {"count": weeks}


def field_label(need: Need) -> str:
    """The need's subject area as code and title in the interface language."""
    return f"{need.field.code} {need.field.title}" if need.field else ""


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
    fields = Counter(field_label(n) or _("without a subject area") for n in rows)
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
            field_label(n),
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
