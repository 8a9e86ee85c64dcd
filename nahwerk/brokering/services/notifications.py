"""Who is told about a step: notifications inside the platform and e-mails after it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from nahwerk.accounts.models import User
from nahwerk.brokering.access import NeedAccess
from nahwerk.brokering.models import Need, NeedEvent, Notification
from nahwerk.brokering.services.timeline import describe_event
from nahwerk.directory.models import Organisation
from nahwerk.mail import send_logged


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


def _asker_and_managers(need: Need) -> list[User]:
    return [*organisation_users(need.organisation_id), *network_managers(need)]


def unread_notifications(user: Any) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(user: User, need: Need) -> None:
    Notification.objects.filter(user=user, event__need=need, read_at__isnull=True).update(
        read_at=timezone.now()
    )
