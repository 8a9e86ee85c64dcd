"""The association: applying for membership, fee categories, dues, offices and leaving.

Every step checks who may take it and refuses bad input with a ``ValidationError`` that
names the field, before anything is written.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nahwerk.accounts.models import User
from nahwerk.accounts.permissions import managed_network_ids
from nahwerk.mail import Mail, send_logged
from nahwerk.networks.choices import DuesStatus, MembershipStatus
from nahwerk.networks.models import Dues, DuesCategory, Membership, Network, NetworkRole

logger = logging.getLogger(__name__)

# the periodic reminder writes again only after this many days; a manager may remind sooner
REMINDER_INTERVAL_DAYS = 30


def may_manage(user: Any, network: Network) -> bool:
    return network.pk in managed_network_ids(user)


def _require_manager(user: Any, network: Network) -> None:
    if not may_manage(user, network):
        raise PermissionDenied(_("Only managers of this network may do this."))


def _today() -> dt.date:
    return timezone.localdate()


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _organisation_mails(membership: Membership, subject: str, body: str) -> list[Mail]:
    users = User.objects.filter(organisation=membership.organisation_id, is_active=True).exclude(
        email=""
    )
    sender = settings.DEFAULT_FROM_EMAIL
    return [(subject, body, sender, [user.email]) for user in users]


def _send_after_commit(messages: list[Mail], what: str) -> None:
    transaction.on_commit(lambda: send_logged(messages, what))


def membership_page(network: Network) -> str:
    return reverse("networks:membership", kwargs={"slug": network.slug})


# --- Applying -------------------------------------------------------------------------------


def apply_for_membership(*, user: Any, network: Network, note: str = "") -> Membership:
    """The user's organisation applies; the network's managers are told by mail."""
    if not (user.is_authenticated and user.organisation_id):
        raise PermissionDenied(_("Only users of an organisation can apply for membership."))
    existing = Membership.objects.filter(
        organisation_id=user.organisation_id, network=network
    ).first()
    if existing is not None and existing.status in (
        MembershipStatus.ACTIVE,
        MembershipStatus.APPLIED,
        MembershipStatus.SUSPENDED,
    ):
        raise ValidationError(
            {
                "status": _("Your organisation is already %(status)s in this network.")
                % {"status": existing.get_status_display().lower()}
            }
        )
    with transaction.atomic():
        membership = existing or Membership(organisation_id=user.organisation_id, network=network)
        membership.status = MembershipStatus.APPLIED
        membership.applied_by = user
        membership.application_note = note.strip()
        membership.decided_at = None
        membership.decision_reason = ""
        membership.since = None
        membership.until = None
        membership.notice_given_on = None
        membership.save()
        managers = network.managers.filter(is_active=True).exclude(email="")
        subject = _("Membership application: %(organisation)s") % {
            "organisation": user.organisation.name
        }
        body = _(
            "%(organisation)s applies for membership in %(network)s.\n\n%(note)s\n\n"
            "Decide on the application: %(url)s"
        ) % {
            "organisation": user.organisation.name,
            "network": network.name,
            "note": membership.application_note,
            "url": _site(reverse("networks:association", kwargs={"slug": network.slug})),
        }
        sender = settings.DEFAULT_FROM_EMAIL
        _send_after_commit(
            [(subject, body, sender, [m.email]) for m in managers], "a membership application"
        )
    return membership


def approve_application(
    *, manager: Any, membership: Membership, category: DuesCategory | None
) -> Membership:
    """Make the applicant a member from today; its dues for this year are created."""
    _require_manager(manager, membership.network)
    if membership.status != MembershipStatus.APPLIED:
        raise ValidationError({"status": _("This application has been decided already.")})
    if category is not None and category.network_id != membership.network_id:
        raise ValidationError({"category": _("This fee category belongs to another network.")})
    today = _today()
    with transaction.atomic():
        membership.status = MembershipStatus.ACTIVE
        membership.since = today
        membership.until = None
        membership.dues_category = category
        membership.decided_at = timezone.now()
        membership.decision_reason = ""
        membership.save()
        if category is not None:
            Dues.objects.get_or_create(
                membership=membership, year=today.year, defaults={"amount": category.yearly_amount}
            )
        subject = _("Welcome to %(network)s") % {"network": membership.network.name}
        body = _(
            "The membership of %(organisation)s in %(network)s has been approved; it begins "
            "on %(date)s. As a member you now see what the network shares with its "
            "members.\n\n%(url)s"
        ) % {
            "organisation": membership.organisation.name,
            "network": membership.network.name,
            "date": date_format(today, "DATE_FORMAT"),
            "url": _site(membership_page(membership.network)),
        }
        _send_after_commit(_organisation_mails(membership, subject, body), "an approved membership")
    return membership


def decline_application(*, manager: Any, membership: Membership, reason: str) -> Membership:
    """Decline with a reason, which the applicant's users read by mail and on the platform."""
    _require_manager(manager, membership.network)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the applicant a reason for declining.")})
    if membership.status != MembershipStatus.APPLIED:
        raise ValidationError({"status": _("This application has been decided already.")})
    with transaction.atomic():
        membership.status = MembershipStatus.DECLINED
        membership.decided_at = timezone.now()
        membership.decision_reason = reason
        membership.save()
        subject = _("Your membership application to %(network)s") % {
            "network": membership.network.name
        }
        body = _(
            "The application of %(organisation)s for membership in %(network)s has been "
            "declined.\n\nReason: %(reason)s\n\n%(url)s"
        ) % {
            "organisation": membership.organisation.name,
            "network": membership.network.name,
            "reason": reason,
            "url": _site(membership_page(membership.network)),
        }
        _send_after_commit(_organisation_mails(membership, subject, body), "a declined membership")
    return membership


# --- Fee categories and dues ----------------------------------------------------------------


def _amount(value: Any, field: str) -> Decimal:
    try:
        amount = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError(
            {field: _("“%(value)s” is not an amount in euros.") % {"value": value}}
        ) from None
    if not amount.is_finite():
        raise ValidationError(
            {field: _("“%(value)s” is not an amount in euros.") % {"value": value}}
        )
    if amount < 0:
        raise ValidationError(
            {field: _("A fee cannot be negative (%(value)s).") % {"value": value}}
        )
    return amount


def save_fee_category(
    *,
    manager: Any,
    network: Network,
    name: str,
    yearly_amount: Any,
    category: DuesCategory | None = None,
) -> DuesCategory:
    _require_manager(manager, network)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the fee category a name.")})
    amount = _amount(yearly_amount, "yearly_amount")
    taken = DuesCategory.objects.filter(network=network, name__iexact=name)
    if category is not None:
        taken = taken.exclude(pk=category.pk)
    if taken.exists():
        raise ValidationError(
            {"name": _("The network has a fee category “%(name)s” already.") % {"name": name}}
        )
    category = category or DuesCategory(network=network)
    category.name = name
    category.yearly_amount = amount
    category.full_clean()
    category.save()
    return category


def assign_category(*, manager: Any, membership: Membership, category: DuesCategory | None) -> None:
    _require_manager(manager, membership.network)
    if category is not None and category.network_id != membership.network_id:
        raise ValidationError({"category": _("This fee category belongs to another network.")})
    membership.dues_category = category
    membership.save(update_fields=["dues_category", "updated_at"])


def create_dues_for_year(*, manager: Any, network: Network, year: int) -> tuple[int, int]:
    """Dues of every active member with a fee category; run twice, creates nothing twice.

    Returns the number created and the number of members without a fee category (whose
    dues the manager has still to settle).
    """
    _require_manager(manager, network)
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": _("%(year)s is not a year for dues.") % {"year": year}})
    members = network.memberships.current().select_related("dues_category")
    existing = set(
        Dues.objects.filter(membership__network=network, year=year).values_list(
            "membership_id", flat=True
        )
    )
    created = without_category = 0
    with transaction.atomic():
        for membership in members:
            if membership.pk in existing:
                continue
            if membership.dues_category is None:
                without_category += 1
                continue
            # get_or_create against the unique constraint: a second manager's click at the
            # same moment finds the row instead of adding one
            _dues, new = Dues.objects.get_or_create(
                membership=membership,
                year=year,
                defaults={"amount": membership.dues_category.yearly_amount},
            )
            created += int(new)
    return created, without_category


def _dues_for_manager(manager: Any, dues: Dues) -> None:
    _require_manager(manager, dues.membership.network)


def mark_paid(*, manager: Any, dues: Dues, paid_on: dt.date | None = None, note: str = "") -> Dues:
    _dues_for_manager(manager, dues)
    with transaction.atomic():
        # a second click (or a second manager) must not overwrite the first date
        locked = Dues.objects.select_for_update().get(pk=dues.pk)
        if locked.status == DuesStatus.PAID:
            raise ValidationError(
                {
                    "status": _("These dues were marked paid already (on %(date)s).")
                    % {
                        "date": date_format(locked.paid_on, "SHORT_DATE_FORMAT")
                        if locked.paid_on
                        else ""
                    }
                }
            )
        paid_on = paid_on or _today()
        if paid_on > _today():
            raise ValidationError({"paid_on": _("The payment date cannot be in the future.")})
        locked.status = DuesStatus.PAID
        locked.paid_on = paid_on
        if note:
            locked.note = note.strip()[:300]
        locked.save()
    return locked


def waive(*, manager: Any, dues: Dues, note: str) -> Dues:
    _dues_for_manager(manager, dues)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say why the dues are waived.")})
    if dues.status != DuesStatus.OPEN:
        raise ValidationError(
            {
                "status": _("Only open dues can be waived; these are %(status)s.")
                % {"status": dues.get_status_display().lower()}
            }
        )
    dues.status = DuesStatus.WAIVED
    dues.note = note[:300]
    dues.save()
    return dues


def _remind(dues_list: list[Dues], today: dt.date) -> int:
    messages: list[Mail] = []
    for dues in dues_list:
        membership = dues.membership
        subject = _("Membership fee %(year)s of %(network)s") % {
            "year": dues.year,
            "network": membership.network.name,
        }
        body = _(
            "The membership fee of %(organisation)s for %(year)s, %(amount)s EUR, is still "
            "open. Please transfer it to the network's account, or tell us if you have "
            "paid already.\n\n%(url)s"
        ) % {
            "organisation": membership.organisation.name,
            "year": dues.year,
            "amount": dues.amount,
            "url": _site(membership_page(membership.network)),
        }
        mails = _organisation_mails(membership, subject, body)
        if not mails:
            continue
        messages.extend(mails)
        dues.reminded_on = today
        dues.save(update_fields=["reminded_on", "updated_at"])
    _send_after_commit(messages, "dues reminders")
    return len(messages)


def send_reminders(*, manager: Any, network: Network, year: int) -> int:
    """Remind the members whose dues of that year are open; once a day at most."""
    _require_manager(manager, network)
    today = _today()
    with transaction.atomic():
        due = list(
            Dues.objects.select_for_update()
            .filter(membership__network=network, year=year, status=DuesStatus.OPEN)
            .exclude(reminded_on=today)
            .select_related("membership__organisation", "membership__network")
        )
        return _remind(due, today)


def remind_open_dues() -> int:
    """The periodic job: open dues of this and earlier years, a month after the last reminder."""
    today = _today()
    cutoff = today - dt.timedelta(days=REMINDER_INTERVAL_DAYS)
    with transaction.atomic():
        due = list(
            Dues.objects.select_for_update()
            .filter(status=DuesStatus.OPEN, year__lte=today.year)
            .exclude(reminded_on__gt=cutoff)
            .select_related("membership__organisation", "membership__network")
        )
        return _remind(due, today)


# --- Leaving at the end of a year -----------------------------------------------------------


def give_notice(*, user: Any, membership: Membership) -> Membership:
    """Notice to leave at the end of this year, by the organisation's users or a manager."""
    own = user.is_authenticated and user.organisation_id == membership.organisation_id
    if not (own or may_manage(user, membership.network)):
        raise PermissionDenied(_("Only the member or the network's managers may give notice."))
    if membership.status != MembershipStatus.ACTIVE:
        raise ValidationError({"status": _("Only an active membership can be terminated.")})
    if membership.notice_given_on is not None:
        raise ValidationError(
            {
                "notice_given_on": _("Notice was given already; the membership ends on %(date)s.")
                % {"date": date_format(membership.until, "DATE_FORMAT") if membership.until else ""}
            }
        )
    today = _today()
    membership.notice_given_on = today
    membership.until = dt.date(today.year, 12, 31)
    membership.save(update_fields=["notice_given_on", "until", "updated_at"])
    return membership


def end_memberships(today: dt.date | None = None) -> int:
    """The periodic job: memberships whose last day has passed end."""
    today = today or _today()
    return Membership.objects.filter(status=MembershipStatus.ACTIVE, until__lt=today).update(
        status=MembershipStatus.ENDED, updated_at=timezone.now()
    )


# --- Offices --------------------------------------------------------------------------------


def save_office(*, manager: Any, office: NetworkRole) -> NetworkRole:
    _require_manager(manager, office.network)
    office.full_clean()
    try:
        office.save()
    except IntegrityError as error:  # the database's own check, should a form skip clean()
        raise ValidationError({"term_to": str(error)}) from error
    return office
