"""The end of a need: cooperation started, or closed with a reason."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from nahwerk.accounts.models import User
from nahwerk.brokering.access import OPEN, NeedAccess
from nahwerk.brokering.models import EventKind, Need, NeedStatus, ReferralResponse
from nahwerk.brokering.services.common import BrokeringError, _locked, _reason, _require, _role
from nahwerk.brokering.services.notifications import _asker_and_managers, _step, organisation_users


def set_outcome(user: User, need: Need, status: str, reason: str = "") -> Need:
    """Mark "cooperation started" or close the need with a reason."""
    access = NeedAccess.of(need, user)
    _require(access.can_set_outcome)
    if status not in (NeedStatus.COOPERATION, NeedStatus.CLOSED):
        raise BrokeringError({"status": _("Choose an outcome.")}, code="invalid")
    if status == NeedStatus.COOPERATION and need.status not in (*OPEN,):
        raise BrokeringError({"status": _("This need is no longer open.")}, code="invalid")
    if status == NeedStatus.CLOSED:
        reason = _reason(reason)
    else:
        reason = (reason or "").strip()
        if reason:
            reason = _reason(reason)
    with transaction.atomic():
        _require(_locked(need, user).can_set_outcome)
        if status == NeedStatus.COOPERATION and need.status not in OPEN:
            raise BrokeringError({"status": _("This need is no longer open.")}, code="invalid")
        need.status = status
        need.status_reason = reason
        need.save(update_fields=["status", "status_reason", "updated_at"])
        routed = [
            u
            for r in need.referrals.exclude(response=ReferralResponse.NOT_OUR_FIELD)
            for u in organisation_users(r.organisation_id)
        ]
        _step(
            need,
            EventKind.STATUS,
            user,
            role=_role(access),
            note=reason,
            notify=[*_asker_and_managers(need), *routed],
        )
    return need
