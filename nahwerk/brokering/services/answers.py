"""What follows routing: the answers, the threads, the asker giving up its anonymity."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nahwerk.accounts.models import User
from nahwerk.brokering.access import NeedAccess
from nahwerk.brokering.models import (
    EventKind,
    Message,
    Need,
    NeedStatus,
    Referral,
    ReferralResponse,
)
from nahwerk.brokering.services.common import BrokeringError, _locked, _require, _role
from nahwerk.brokering.services.notifications import (
    _asker_and_managers,
    _step,
    network_managers,
    organisation_users,
)
from nahwerk.validators import reject_markup


def answer_referral(user: User, need: Need, response: str, message: str = "") -> Referral:
    """A routed organisation answers: interested, not our field, or a question."""
    access = NeedAccess.of(need, user)
    _require(access.can_answer)
    assert access.referral is not None
    if response not in ReferralResponse.values or response == ReferralResponse.PENDING:
        raise BrokeringError({"response": _("Choose an answer.")}, code="invalid")
    message = (message or "").strip()
    if response == ReferralResponse.QUESTION and not message:
        raise BrokeringError({"message": _("Please write your question.")}, code="required")
    _check_body(message, required=False)
    now = timezone.now()
    with transaction.atomic():
        need = Need.objects.select_for_update().get(pk=need.pk)
        _require(NeedAccess.of(need, user).can_answer)
        referral = Referral.objects.select_for_update().get(pk=access.referral.pk)
        referral.response = response
        referral.responded_at = now
        referral.responded_by = user
        referral.save(update_fields=["response", "responded_at", "responded_by"])
        fields = ["updated_at"]
        if need.first_answer_at is None:
            need.first_answer_at = now
            fields.append("first_answer_at")
        if response != ReferralResponse.NOT_OUR_FIELD and need.status == NeedStatus.ROUTED:
            need.status = NeedStatus.IN_CONTACT
            fields.append("status")
        need.save(update_fields=fields)
        _step(
            need,
            EventKind.ANSWERED,
            user,
            role="partner",
            organisation=referral.organisation,
            note=response,
            notify=_asker_and_managers(need),
        )
        if message:
            _write(need, referral, user, message, access)
    return referral


def _check_body(body: str, *, required: bool = True) -> None:
    if required and not body:
        raise BrokeringError({"body": _("Please write a message.")}, code="required")
    if len(body) > Message._meta.get_field("body").max_length:  # type: ignore[operator]
        raise BrokeringError(
            {
                "body": _("A message may have at most %(max)d characters (it has %(n)d).")
                % {"max": Message._meta.get_field("body").max_length, "n": len(body)}
            },
            code="max_length",
        )
    reject_markup(body)


def write_message(user: User, need: Need, referral: Referral, body: str) -> Message:
    """A message in the thread between the asker and one routed organisation."""
    access = NeedAccess.of(need, user)
    _require(access.may_write_in(referral) and need.status not in (NeedStatus.REJECTED,))
    body = (body or "").strip()
    _check_body(body)
    with transaction.atomic():
        return _write(need, referral, user, body, access)


def _write(need: Need, referral: Referral, user: User, body: str, access: NeedAccess) -> Message:
    message = Message.objects.create(
        referral=referral,
        author=user,
        from_asker=access.is_asker,
        from_manager=access.is_manager and not access.is_asker,
        body=body,
    )
    if access.is_asker:
        notify = [*organisation_users(referral.organisation_id), *network_managers(need)]
    else:
        notify = [
            *organisation_users(need.organisation_id),
            *organisation_users(referral.organisation_id),
            *network_managers(need),
        ]
    _step(
        need,
        EventKind.MESSAGE,
        user,
        role=_role(access),
        organisation=referral.organisation,
        notify=notify,
    )
    return message


def reveal_asker(user: User, need: Need) -> Need:
    """The asking organisation agrees to be named to the organisations it was routed to."""
    access = NeedAccess.of(need, user)
    _require(access.can_reveal)
    with transaction.atomic():
        _require(_locked(need, user).can_reveal)
        need.author_revealed_at = timezone.now()
        need.save(update_fields=["author_revealed_at", "updated_at"])
        routed = [u for r in need.referrals.all() for u in organisation_users(r.organisation_id)]
        _step(
            need,
            EventKind.REVEALED,
            user,
            role="asker",
            organisation=need.organisation,
            notify=[*routed, *network_managers(need)],
        )
    return need
