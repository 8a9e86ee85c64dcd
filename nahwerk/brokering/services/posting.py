"""Posting a need, editing it, and the network management's triage (accept, reject)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from nahwerk.accounts.models import User
from nahwerk.accounts.permissions import member_network_ids
from nahwerk.brokering.access import NeedAccess
from nahwerk.brokering.models import EventKind, Need, NeedStatus, PartnerKind, Posting
from nahwerk.brokering.services.common import BrokeringError, _locked, _reason, _require, _role
from nahwerk.brokering.services.notifications import (
    _asker_and_managers,
    _step,
    network_managers,
    organisation_users,
)


@dataclass(frozen=True)
class NeedInput:
    title: str
    description: str
    partner_kind: str = PartnerKind.ANY
    posting: str = Posting.NETWORK
    max_distance_km: int | None = None
    deadline: Any = None
    field_id: str | None = None


def networks_for_posting(user: User) -> list[int]:
    """Networks in which the user's organisation may post a need."""
    return sorted(member_network_ids(user))


def post_need(user: User, network_id: int, data: NeedInput) -> Need:
    """The user's organisation posts a need in one of its networks."""
    if not (user.is_authenticated and user.organisation_id):
        raise PermissionDenied(_("Only users who act for an organisation can post a need."))
    if network_id not in member_network_ids(user):
        raise BrokeringError(
            {"network": _("Your organisation is not a member of this network.")}, code="network"
        )
    with transaction.atomic():
        need = Need(
            organisation_id=user.organisation_id,
            network_id=network_id,
            created_by=user,
            title=data.title,
            description=data.description,
            partner_kind=data.partner_kind,
            posting=data.posting,
            max_distance_km=data.max_distance_km,
            deadline=data.deadline,
            field_id=data.field_id,
        )
        need.full_clean()
        need.save()
        _step(need, EventKind.POSTED, user, role="asker", notify=network_managers(need))
    return need


def edit_need(user: User, need: Need, changes: dict[str, Any]) -> Need:
    """Change the text and the wishes of a need (the asker before triage, the manager)."""
    access = NeedAccess.of(need, user)
    _require(access.can_edit)
    editable = {
        "title",
        "description",
        "partner_kind",
        "max_distance_km",
        "deadline",
        "field_id",
        "posting",
    }
    unknown = set(changes) - editable
    if unknown:
        raise BrokeringError(
            _("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        need = Need.objects.select_for_update().get(pk=need.pk)
        changed = [name for name, value in changes.items() if getattr(need, name) != value]
        if not changed:
            return need
        if "posting" in changed and need.is_anonymous and not access.is_asker:
            # only the asker may give up its anonymity (see reveal_asker)
            raise BrokeringError(
                {"posting": _("Only the asking organisation can give up its anonymity.")},
                code="anonymous",
            )
        for name in changed:
            setattr(need, name, changes[name])
        need.full_clean()
        need.save()
        fields = ",".join(n.removesuffix("_id") for n in changed)
        _step(
            need,
            EventKind.EDITED,
            user,
            role=_role(access),
            note=fields,
            notify=_asker_and_managers(need),
        )
    return need


def accept_need(user: User, need: Need) -> Need:
    access = NeedAccess.of(need, user)
    _require(access.can_triage)
    with transaction.atomic():
        _require(_locked(need, user).can_triage)
        need.status = NeedStatus.ACCEPTED
        need.save(update_fields=["status", "updated_at"])
        _step(
            need,
            EventKind.ACCEPTED,
            user,
            role="manager",
            notify=organisation_users(need.organisation_id),
        )
    return need


def reject_need(user: User, need: Need, reason: str) -> Need:
    access = NeedAccess.of(need, user)
    _require(access.can_triage)
    reason = _reason(reason)
    with transaction.atomic():
        _require(_locked(need, user).can_triage)
        need.status = NeedStatus.REJECTED
        need.status_reason = reason
        need.save(update_fields=["status", "status_reason", "updated_at"])
        _step(
            need,
            EventKind.REJECTED,
            user,
            role="manager",
            note=reason,
            notify=organisation_users(need.organisation_id),
        )
    return need
