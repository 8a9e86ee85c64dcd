"""The managers' start-up pipeline and its key figures.

Every step checks who may take it and refuses bad input with a ``ValidationError`` that
names the field, before anything is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from nahwerk.accounts.permissions import managed_network_ids
from nahwerk.networks.models import Network
from nahwerk.startups.choices import PipelineStage
from nahwerk.startups.models import PipelineEntry, PipelineMove, StartupProfile
from nahwerk.validators import reject_markup

__all__ = [
    "PipelineFigures",
    "add_to_pipeline",
    "may_manage",
    "move_in_pipeline",
    "pipeline_figures",
]


def may_manage(user: Any, network: Network) -> bool:
    return network.pk in managed_network_ids(user)


def _require_manager(user: Any, network: Network) -> None:
    if not may_manage(user, network):
        raise PermissionDenied(_("Only managers of this network may do this."))


def _check_note(note: str) -> str:
    note = (note or "").strip()
    try:
        reject_markup(note)
    except ValidationError as error:
        raise ValidationError({"note": error.messages}) from None
    if len(note) > 4000:
        raise ValidationError({"note": _("Please keep the note under 4,000 characters.")})
    return note


def _check_day(day: dt.date | None) -> dt.date:
    today = timezone.localdate()
    if day is None:
        return today
    if day > today:
        raise ValidationError(
            {"moved_on": _("The date %(date)s lies in the future.") % {"date": day.isoformat()}}
        )
    return day


def add_to_pipeline(
    *,
    manager: Any,
    network: Network,
    startup: StartupProfile,
    note: str = "",
    day: dt.date | None = None,
) -> PipelineEntry:
    """Record the first contact with a start-up in the network's pipeline."""
    _require_manager(manager, network)
    note = _check_note(note)
    day = _check_day(day)
    if PipelineEntry.objects.filter(network=network, startup=startup).exists():
        raise ValidationError(
            {"startup": _("%(startup)s is in the pipeline already.") % {"startup": startup}}
        )
    with transaction.atomic():
        entry = PipelineEntry.objects.create(
            network=network, startup=startup, stage=PipelineStage.FIRST_CONTACT, stage_since=day
        )
        PipelineMove.objects.create(
            entry=entry,
            from_stage="",
            to_stage=PipelineStage.FIRST_CONTACT,
            moved_on=day,
            note=note,
            moved_by=manager,
        )
    return entry


def move_in_pipeline(
    *,
    manager: Any,
    entry: PipelineEntry,
    to_stage: str,
    note: str = "",
    day: dt.date | None = None,
    amount: int | None = None,
) -> PipelineMove:
    """Move a start-up to another stage, with the date, a note and, when financed, the sum."""
    _require_manager(manager, entry.network)
    if to_stage not in PipelineStage.values:
        raise ValidationError({"to_stage": _("Unknown stage “%(stage)s”.") % {"stage": to_stage}})
    if to_stage == entry.stage:
        raise ValidationError({"to_stage": _("The start-up is in this stage already.")})
    note = _check_note(note)
    day = _check_day(day)
    if day < entry.stage_since:
        raise ValidationError(
            {
                "moved_on": _("The date lies before the last move (%(date)s).")
                % {"date": entry.stage_since.isoformat()}
            }
        )
    if amount is not None and amount < 0:
        raise ValidationError({"amount": _("The amount cannot be negative.")})
    if amount is not None and to_stage != PipelineStage.FINANCED:
        raise ValidationError(
            {"amount": _("Enter capital raised only when the start-up is financed.")}
        )
    if to_stage == PipelineStage.DECLINED and not note:
        raise ValidationError({"note": _("Please note why the start-up was declined.")})
    with transaction.atomic():
        entry = PipelineEntry.objects.select_for_update().get(pk=entry.pk)
        move = PipelineMove.objects.create(
            entry=entry,
            from_stage=entry.stage,
            to_stage=to_stage,
            moved_on=day,
            note=note,
            amount=amount,
            moved_by=manager,
        )
        entry.stage = to_stage
        entry.stage_since = day
        if to_stage == PipelineStage.FINANCED:
            entry.amount_raised = amount
        entry.save(update_fields=["stage", "stage_since", "amount_raised"])
    return move


# --- key figures ------------------------------------------------------------------------


@dataclass(frozen=True)
class PipelineFigures:
    """The start-up pipeline of a network: where the start-ups stand and what they raised."""

    by_stage: list[tuple[str, str, int]]  # value, label, count (now)
    in_pipeline: int
    financed_in_period: int
    capital_raised_in_period: int
    added_in_period: int

    @property
    def shown(self) -> bool:
        return self.in_pipeline > 0


def pipeline_figures(network: Network, start: dt.date, end: dt.date) -> PipelineFigures:
    """Start-ups per stage now; financed, capital raised and newly added in [start, end]."""
    counts = dict(
        PipelineEntry.objects.filter(network=network)
        .values_list("stage")
        .annotate(n=Count("pk"))
        .values_list("stage", "n")
    )
    financed = PipelineMove.objects.filter(
        entry__network=network,
        to_stage=PipelineStage.FINANCED,
        moved_on__gte=start,
        moved_on__lte=end,
    )
    # a start-up financed twice in the period counts once; its sums add up
    financed_count = financed.values("entry").distinct().count()
    raised = financed.aggregate(total=Sum("amount"))["total"] or 0
    added = PipelineMove.objects.filter(
        entry__network=network, from_stage="", moved_on__gte=start, moved_on__lte=end
    ).count()
    return PipelineFigures(
        by_stage=[
            (value, str(label), counts.get(value, 0)) for value, label in PipelineStage.choices
        ],
        in_pipeline=sum(counts.values()),
        financed_in_period=financed_count,
        capital_raised_in_period=int(raised),
        added_in_period=added,
    )
