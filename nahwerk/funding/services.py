"""Funding workflows: following calls, sending a call to members, deadline reminders, .ics."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from nahwerk.accounts.models import User
from nahwerk.accounts.permissions import is_site_admin, managed_network_ids
from nahwerk.directory.models import Organisation
from nahwerk.funding.fit import Applicant, call_text, eligibility
from nahwerk.funding.models import Call, CallFollow, DeadlineReminder, FundingNotification
from nahwerk.mail import Mail, send_logged
from nahwerk.matching.services import (
    MatchingError,
    PartnerFilters,
    PartnerMatch,
    find_partners,
)

# Reminders go out this many days before a followed call's deadline.
REMINDER_DAYS = (14, 3)
PRODUCT_ID = "-//nahwerk//Förderfristen//DE"


# --- Following ----------------------------------------------------------------------------


def follow(*, call: Call, organisation: Organisation, user: User) -> CallFollow:
    """The organisation follows the call (a second click changes nothing)."""
    try:
        with transaction.atomic():
            return CallFollow.objects.create(call=call, organisation=organisation, user=user)
    except IntegrityError:
        return CallFollow.objects.get(call=call, organisation=organisation)


def unfollow(*, call: Call, organisation: Organisation) -> None:
    CallFollow.objects.filter(call=call, organisation=organisation).delete()


def followed_calls(organisation: Organisation) -> QuerySet[Call]:
    return Call.objects.filter(follows__organisation=organisation).select_related("programme")


def deadlines_calendar(organisation: Organisation, calls: Iterable[Call]) -> bytes:
    """The deadlines an organisation follows, one all-day event each (stable UIDs)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Funding deadlines of %(name)s") % {"name": organisation.name})
    host = settings.SITE_URL.split("://")[-1].split("/")[0] or "nahwerk"
    for call in calls:
        entry = CalendarEvent()
        entry.add("uid", f"call-{call.pk}-deadline@{host}")
        entry.add(
            "summary",
            _("Deadline: %(topic)s %(title)s") % {"topic": call.topic_id, "title": call.title},
        )
        entry.add("dtstart", call.deadline)
        entry.add("dtend", call.deadline + dt.timedelta(days=1))
        entry.add("dtstamp", call.updated_at.astimezone(dt.UTC))
        entry.add("url", settings.SITE_URL + call.get_absolute_url())
        entry.add("description", f"{call.programme}\n{call.source_url}")
        calendar.add_component(entry)
    return calendar.to_ical()


# --- Members that fit a call --------------------------------------------------------------


def fitting_members(call: Call, *, user: Any, limit: int = 30) -> list[PartnerMatch]:
    """The members of the user's networks that fit the call and may apply to it."""
    networks = managed_network_ids(user)
    if not networks:
        return []
    try:
        matches = find_partners(
            call_text(call),
            filters=PartnerFilters(network_ids=frozenset(networks)),
            user=user,
            nearness=0.0,
            limit=limit,
        )
    except MatchingError:  # no partner index yet
        return []
    return [m for m in matches if eligibility(call.programme, Applicant.of(m.organisation))[0]]


def send_call(
    *, call: Call, organisations: Sequence[Organisation], sender: User
) -> tuple[int, int]:
    """Tell the member users of these organisations about the call; (notified, mailed)."""
    users = list(
        User.objects.filter(organisation__in=organisations, is_active=True).select_related(
            "organisation"
        )
    )
    FundingNotification.objects.bulk_create(
        [
            FundingNotification(
                user=u,
                call=call,
                kind=FundingNotification.Kind.RECOMMENDED,
                organisation=u.organisation,
                sent_by=sender,
            )
            for u in users
        ]
    )
    mails: list[Mail] = []
    sender_name = sender.get_full_name() or sender.username
    for u in users:
        if not u.email:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Funding call for you: %(title)s") % {"title": call.title}
            body = render_to_string(
                "funding/mail/recommended.txt",
                {
                    "user": u,
                    "call": call,
                    "sender": sender_name,
                    "url": settings.SITE_URL + call.get_absolute_url(),
                },
            )
        mails.append((subject[:200], body, settings.DEFAULT_FROM_EMAIL, [u.email]))
    return len(users), send_logged(mails, f"call {call.pk}")


# --- Reminders ----------------------------------------------------------------------------


def send_deadline_reminders(today: dt.date | None = None) -> int:
    """Remind the followers of calls whose deadline is 14 or 3 days away (or less, once).

    Each reminder is recorded in ``DeadlineReminder`` before its mail goes out, so a
    second run (or a run after a crash) sends none twice. A reminder missed because no
    worker ran is sent late, as long as the deadline has not passed; of two missed ones
    only the nearer is sent. Returns the number of reminders.
    """
    today = today or timezone.localdate()
    latest = today + dt.timedelta(days=max(REMINDER_DAYS))
    follows = CallFollow.objects.filter(
        call__deadline__gte=today, call__deadline__lte=latest
    ).select_related("call", "organisation")
    count = 0
    for item in follows:
        days_left = (item.call.deadline - today).days
        due = [d for d in REMINDER_DAYS if days_left <= d]
        if not due:
            continue
        days_before = min(due)
        with transaction.atomic():
            # this reminder or a nearer one went out already
            if DeadlineReminder.objects.filter(
                follow=item, deadline=item.call.deadline, days_before__lte=days_before
            ).exists():
                continue
            try:
                with transaction.atomic():
                    DeadlineReminder.objects.create(
                        follow=item, deadline=item.call.deadline, days_before=days_before
                    )
            except IntegrityError:  # another worker was faster
                continue
            users = list(User.objects.filter(organisation=item.organisation, is_active=True))
            FundingNotification.objects.bulk_create(
                [
                    FundingNotification(
                        user=u,
                        call=item.call,
                        kind=FundingNotification.Kind.REMINDER,
                        organisation=item.organisation,
                        days_left=days_left,
                    )
                    for u in users
                ]
            )
        # after the commit: the row that says "sent" is stored before the mail goes out
        send_logged(_reminder_mails(item.call, users, days_left), f"reminder {item.call.pk}")
        count += 1
    return count


def _reminder_mails(call: Call, users: Iterable[User], days_left: int) -> list[Mail]:
    mails: list[Mail] = []
    for u in users:
        if not u.email:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Deadline in %(days)d days: %(title)s") % {
                "days": days_left,
                "title": call.title,
            }
            body = render_to_string(
                "funding/mail/reminder.txt",
                {
                    "user": u,
                    "call": call,
                    "days": days_left,
                    "url": settings.SITE_URL + call.get_absolute_url(),
                },
            )
        mails.append((subject[:200], body, settings.DEFAULT_FROM_EMAIL, [u.email]))
    return mails


# --- Notifications ------------------------------------------------------------------------


def unread_count(user: Any) -> int:
    if not user.is_authenticated:
        return 0
    return FundingNotification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(user: Any, call: Call) -> None:
    if user.is_authenticated:
        FundingNotification.objects.filter(user=user, call=call, read_at__isnull=True).update(
            read_at=timezone.now()
        )


def may_follow(user: Any) -> bool:
    """Member users act for their organisation; the platform's other roles do not follow."""
    return bool(user.is_authenticated and user.is_active and user.organisation_id)


def may_send(user: Any) -> bool:
    return is_site_admin(user) or bool(managed_network_ids(user))
