"""The brokering loop: post a need, triage, route, answer, talk, reveal, close.

Every function checks the actor's rights (``brokering.access``), writes its changes and the
timeline step in one transaction, notifies the people concerned inside the platform and
sends the e-mails after the transaction, so a failing mail server never loses a step.
Pages and the API call these functions; neither writes needs on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from nahwerk.accounts.models import User
from nahwerk.accounts.permissions import member_network_ids, visible_organisations
from nahwerk.brokering.access import OPEN, NeedAccess
from nahwerk.brokering.models import (
    EventKind,
    Message,
    Need,
    NeedEvent,
    NeedStatus,
    Notification,
    PartnerKind,
    Posting,
    Referral,
    ReferralResponse,
)
from nahwerk.directory.choices import OrganisationKind
from nahwerk.directory.models import Organisation
from nahwerk.mail import send_logged
from nahwerk.matching.services import MatchingError, PartnerFilters, PartnerMatch, find_partners
from nahwerk.networks.choices import MembershipStatus
from nahwerk.validators import reject_markup
from nahwerk_engine.matching import FitLevel

# How many of the top matches the routing form proposes.
DEFAULT_ROUTING = 3

PARTNER_KINDS: dict[str, frozenset[str] | None] = {
    PartnerKind.ANY: None,
    PartnerKind.RESEARCH_INSTITUTE: frozenset({OrganisationKind.RESEARCH_INSTITUTE}),
    PartnerKind.UNIVERSITY: frozenset({OrganisationKind.UNIVERSITY}),
    PartnerKind.COMPANY: frozenset(
        {OrganisationKind.COMPANY, OrganisationKind.SME, OrganisationKind.STARTUP}
    ),
}


class BrokeringError(ValidationError):
    """A step that the rules do not allow; the message says why."""


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not take this step on this need."))


# --- Who is told ----------------------------------------------------------------------------


def organisation_users(organisation_id: int) -> QuerySet[User]:
    return User.objects.filter(organisation_id=organisation_id, is_active=True)


def network_managers(need: Need) -> QuerySet[User]:
    return User.objects.filter(managed_networks=need.network_id, is_active=True)


@dataclass
class _Outbox:
    """Notifications to write with the step, e-mails to send after it."""

    event: NeedEvent
    users: list[User]

    def deliver(self) -> None:
        Notification.objects.bulk_create(
            [Notification(user=u, event=self.event) for u in self.users],
            ignore_conflicts=True,
        )
        event, users = self.event, list(self.users)
        transaction.on_commit(lambda: send_event_mails(event, users), robust=True)


def send_event_mails(event: NeedEvent, users: Iterable[User]) -> int:
    """One mail per user about a step of a need, in the platform's language."""
    messages = []
    for user in users:
        if not user.email:
            continue
        access = NeedAccess.of(event.need, user)
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "user": user,
                "event": event,
                "text": describe_event(event, access),
                "need": event.need,
                "url": settings.SITE_URL + event.need.get_absolute_url(),
            }
            subject = _("nahwerk: %(text)s") % {"text": context["text"]}
            body = render_to_string("brokering/mail/event.txt", context)
        messages.append((subject[:200], body, settings.DEFAULT_FROM_EMAIL, [user.email]))
    return send_logged(messages, f"need step {event.pk}")


def _step(
    need: Need,
    kind: str,
    actor: User,
    *,
    role: str,
    organisation: Organisation | None = None,
    note: str = "",
    notify: Iterable[User] = (),
) -> NeedEvent:
    event = NeedEvent.objects.create(
        need=need,
        kind=kind,
        actor=actor,
        actor_role=role,
        organisation=organisation,
        status=need.status,
        note=note[:500],
    )
    users = [u for u in {u.pk: u for u in notify}.values() if u.pk != actor.pk]
    _Outbox(event, users).deliver()
    return event


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


# --- Posting and triage ---------------------------------------------------------------------


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


def _asker_and_managers(need: Need) -> list[User]:
    return [*organisation_users(need.organisation_id), *network_managers(need)]


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


# --- Matches and routing --------------------------------------------------------------------


def need_filters(need: Need, *, network_only: bool) -> PartnerFilters:
    return PartnerFilters(
        kinds=PARTNER_KINDS.get(need.partner_kind),
        network_ids=frozenset({need.network_id}) if network_only else None,
        max_distance_km=float(need.max_distance_km) if need.max_distance_km else None,
    )


def matches_for(
    need: Need, user: User, *, network_only: bool = False, limit: int = 10
) -> list[PartnerMatch]:
    """The ranked, explained matches of a need, as the user may see them."""
    asker = need.organisation
    filters = need_filters(need, network_only=network_only)
    if filters.max_distance_km is not None and asker.latitude is None:
        filters = PartnerFilters(kinds=filters.kinds, network_ids=filters.network_ids)
    return find_partners(need.search_text, filters=filters, user=user, asker=asker, limit=limit)


def routable_organisations(need: Need) -> QuerySet[Organisation]:
    """Active members and role holders of the need's network, other than the asker.

    Applicants and former members are not routed to.
    """
    return (
        Organisation.objects.filter(
            Q(memberships__network=need.network_id, memberships__status=MembershipStatus.ACTIVE)
            | Q(network_roles__network=need.network_id)
        )
        .distinct()
        .exclude(pk=need.organisation_id)
        .order_by("name")
    )


def suggested_routing(need: Need, user: User) -> list[PartnerMatch]:
    """The best matches within the need's network that fit well, not yet routed to.

    Partial fits are listed among the matches but not preselected: the manager routes
    them on purpose, if at all.
    """
    try:
        matches = matches_for(need, user, network_only=True, limit=DEFAULT_ROUTING * 3)
    except MatchingError:
        return []
    routed = set(need.referrals.values_list("organisation_id", flat=True))
    return [
        m
        for m in matches
        if m.organisation.pk not in routed and m.fit in (FitLevel.STRONG, FitLevel.GOOD)
    ][:DEFAULT_ROUTING]


def route_need(
    user: User, need: Need, organisation_ids: Sequence[int], note: str = ""
) -> list[Referral]:
    """The manager passes the need to chosen organisations of the network."""
    access = NeedAccess.of(need, user)
    _require(access.can_route)
    ids = list(dict.fromkeys(int(i) for i in organisation_ids))
    if not ids:
        raise BrokeringError(
            {"organisations": _("Choose at least one organisation.")}, code="required"
        )
    note = (note or "").strip()
    if len(note) > 2000:
        raise BrokeringError(
            {"note": _("The note may have at most 2,000 characters.")}, code="max_length"
        )
    reject_markup(note)
    allowed = dict(routable_organisations(need).filter(pk__in=ids).values_list("pk", "name"))
    outside = [i for i in ids if i not in allowed]
    if outside:
        # name only the organisations the manager may see; the others by their number
        named = dict(visible_organisations(user).filter(pk__in=outside).values_list("pk", "name"))
        names = ", ".join(named.get(i, f"#{i}") for i in outside)
        raise BrokeringError(
            {
                "organisations": _(
                    "A need can only be routed to organisations of its network "
                    "(%(network)s), not to: %(names)s."
                )
                % {"network": need.network.name, "names": names}
            },
            code="other_network",
        )
    with transaction.atomic():
        need = Need.objects.select_for_update().get(pk=need.pk)
        # checked under the lock, so that two managers routing at once cannot both pass
        already = set(
            Referral.objects.filter(need=need, organisation__in=ids).values_list(
                "organisation", flat=True
            )
        )
        if already:
            raise BrokeringError(
                {
                    "organisations": _("The need was already routed to: %(names)s.")
                    % {"names": ", ".join(allowed[i] for i in ids if i in already)}
                },
                code="duplicate",
            )
        referrals = [
            Referral.objects.create(need=need, organisation_id=i, routed_by=user, note=note)
            for i in ids
        ]
        if need.status in (NeedStatus.NEW, NeedStatus.ACCEPTED):
            need.status = NeedStatus.ROUTED
            need.save(update_fields=["status", "updated_at"])
        for referral in referrals:
            _step(
                need,
                EventKind.ROUTED,
                user,
                role="manager",
                organisation=referral.organisation,
                note=note,
                notify=[
                    *organisation_users(referral.organisation_id),
                    *organisation_users(need.organisation_id),
                ],
            )
    return referrals


# --- Answers, thread, reveal ----------------------------------------------------------------


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


# --- Showing steps --------------------------------------------------------------------------


def asker_label(need: Need, access: NeedAccess) -> str:
    if access.sees_asker:
        return need.organisation.name
    return _("the asking organisation (anonymous)")


def actor_label(event: NeedEvent, access: NeedAccess) -> str:
    """Who took a step, as this user may know it."""
    if event.actor_role == "manager":
        name = (event.actor.get_full_name() or event.actor.username) if event.actor else ""
        if access.is_manager or access.is_asker or access.referral is not None:
            return _("network management") + (f" ({name})" if name else "")
        return _("network management")
    if event.actor_role == "asker":
        return asker_label(event.need, access)
    return event.organisation.name if event.organisation else _("a routed organisation")


def visible_events(need: Need, access: NeedAccess) -> list[NeedEvent]:
    """The timeline as this user may see it: routed organisations see their own steps."""
    events = list(need.events.select_related("actor", "organisation", "need__organisation"))
    if access.sees_all_referrals:
        return events
    own = access.referral.organisation_id if access.referral else None
    return [
        e
        for e in events
        if e.kind in (EventKind.POSTED, EventKind.ACCEPTED, EventKind.REVEALED, EventKind.STATUS)
        or (own is not None and e.organisation_id == own)
    ]


def describe_event(event: NeedEvent, access: NeedAccess) -> str:
    """One line about a step, e.g. for a notification or a mail subject."""
    need = event.need
    who = actor_label(event, access)
    org = event.organisation.name if event.organisation else ""
    texts = {
        EventKind.POSTED: _("%(who)s posted the need “%(title)s”"),
        EventKind.EDITED: _("%(who)s edited the need “%(title)s”"),
        EventKind.ACCEPTED: _("The network management accepted the need “%(title)s”"),
        EventKind.REJECTED: _("The network management rejected the need “%(title)s”"),
        EventKind.ROUTED: _("The need “%(title)s” was routed to %(org)s"),
        EventKind.ANSWERED: _("%(org)s answered on “%(title)s”: %(note)s"),
        EventKind.MESSAGE: _("%(who)s wrote a message on “%(title)s”"),
        EventKind.REVEALED: _("%(org)s revealed itself as the asker of “%(title)s”"),
        EventKind.STATUS: _("“%(title)s” is now: %(status)s"),
    }
    return texts[EventKind(event.kind)] % {
        "who": who,
        "title": need.title,
        "org": org,
        "note": event.note_display,
        "status": NeedStatus(event.status).label,
    }


def unread_notifications(user: Any) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(user: User, need: Need) -> None:
    Notification.objects.filter(user=user, event__need=need, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def is_open(need: Need) -> bool:
    return need.status in OPEN
