"""Showing the steps of a need: who took them and what they say, as each user may know."""

from __future__ import annotations

from django.utils.translation import gettext as _

from nahwerk.brokering.access import NeedAccess
from nahwerk.brokering.models import EventKind, Need, NeedEvent, NeedStatus


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
