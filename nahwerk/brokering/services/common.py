"""What every brokering step shares: the error type, the rights check, the row lock."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from nahwerk.accounts.models import User
from nahwerk.brokering.access import OPEN, NeedAccess
from nahwerk.brokering.models import Need
from nahwerk.validators import reject_markup


class BrokeringError(ValidationError):
    """A step that the rules do not allow; the message says why."""


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not take this step on this need."))


def _locked(need: Need, user: User) -> NeedAccess:
    """Lock the need's row, re-read it into ``need`` and the user's rights on it.

    Call inside the step's transaction: a page or request may hold a copy from before
    another user's step (two managers triaging the same need), and the step must follow
    the stored need.
    """
    need.refresh_from_db(from_queryset=Need.objects.select_for_update())
    return NeedAccess.of(need, user)


def _role(access: NeedAccess) -> str:
    if access.is_manager:
        return "manager"
    if access.is_asker:
        return "asker"
    return "partner"


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise BrokeringError({"reason": _("Please give a reason.")}, code="required")
    if len(reason) > 500:
        raise BrokeringError(
            {
                "reason": _("The reason may have at most 500 characters (it has %(n)d).")
                % {"n": len(reason)}
            },
            code="max_length",
        )
    reject_markup(reason)
    return reason


def is_open(need: Need) -> bool:
    return need.status in OPEN
