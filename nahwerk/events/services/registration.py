"""Events and registration: saving an event, registering, cancelling, the waiting list, check-in."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from nahwerk.accounts.models import User
from nahwerk.directory.choices import Visibility
from nahwerk.directory.models import Organisation
from nahwerk.events.access import can_organise, event_network_ids
from nahwerk.events.choices import (
    OPEN_REQUEST_STATUSES,
    RegistrationStatus,
    RequestStatus,
)
from nahwerk.events.models import (
    Event,
    MeetingRequest,
    Registration,
)
from nahwerk.events.services.common import (
    EventError,
    _mail_after_commit,
    _require,
    _subject,
    absolute,
)
from nahwerk.events.services.scheduling import published_meetings
from nahwerk.networks.choices import MembershipStatus
from nahwerk.networks.models import Membership
from nahwerk.slugs import german_slug

logger = logging.getLogger(__name__)

# --- Events ---------------------------------------------------------------------------------


def unique_event_slug(title: str, starts_at: dt.datetime, *, exclude: int | None = None) -> str:
    base = german_slug(
        f"{title} {timezone.localtime(starts_at):%Y-%m-%d}", fallback="veranstaltung"
    )
    slug, n = base, 2
    taken = Event.objects.exclude(pk=exclude) if exclude else Event.objects.all()
    while taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def save_event(user: User, event: Event, networks: Iterable[Any]) -> Event:
    """Create or change an event; its networks always include the organising network."""
    from nahwerk.accounts.permissions import is_site_admin, managed_network_ids

    managed = managed_network_ids(user)
    _require(
        is_site_admin(user) or event.organiser_id in managed,
        _("Only managers of the organising network can create or change this event."),
    )
    if event.pk is not None:
        # the stored organiser decides, not the one the form has just put on the event:
        # a manager of a co-network must not make their network the organiser
        stored = Event.objects.get(pk=event.pk)
        _require(
            is_site_admin(user) or stored.organiser_id in managed,
            _("Only managers of the organising network can create or change this event."),
        )
    network_ids = {int(getattr(n, "pk", n)) for n in networks} | {event.organiser_id}
    if not event.slug:
        event.slug = unique_event_slug(event.title, event.starts_at)
    event.full_clean()
    with transaction.atomic():
        if event.pk is None:
            event.created_by = user
        event.save()
        event.networks.set(network_ids)
    return event


# --- Registration ---------------------------------------------------------------------------


def price_for(event: Event, organisation: Organisation | None) -> tuple[Decimal, bool]:
    """The price an organisation pays and whether it is the member price."""
    if organisation is None or not event.has_member_discount:
        return event.price, False
    member = Membership.objects.filter(
        organisation=organisation,
        network__in=event_network_ids(event),
        status=MembershipStatus.ACTIVE,
    ).exists()
    return (event.effective_member_price, True) if member else (event.price, False)


def registration_open(event: Event, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    if event.registration_deadline is not None:
        return now <= event.registration_deadline
    return now < event.ends_at


def confirmed_count(event: Event) -> int:
    return event.registrations.confirmed().count()


def seats_left(event: Event) -> int | None:
    if event.capacity is None:
        return None
    return max(event.capacity - confirmed_count(event), 0)


def _profile_defaults(organisation: Organisation) -> tuple[str, str]:
    """Offers and wishes for the event profile, taken from the organisation's profile.

    Every other participant reads the event profile, whoever they are, so only what is
    public already goes in: public profile texts and open needs the manager has accepted
    (never an anonymous, a network-only or an untriaged need).
    """
    from nahwerk.brokering.access import OPEN, PUBLISHED
    from nahwerk.brokering.models import Need, Posting

    public = [
        getattr(organisation, field)
        for field in ("offers", "competences", "description")
        if organisation.field_visibility(field) == Visibility.PUBLIC
    ]
    offers = next((text for text in public if text), "")
    seeks = "\n".join(
        Need.objects.filter(
            organisation=organisation,
            posting=Posting.OPEN,
            status__in=set(OPEN) & set(PUBLISHED),
        ).values_list("title", flat=True)[:5]
    )
    return offers[:2000], seeks[:2000]


def register(user: User, event: Event) -> Registration:
    """Register the user for the event; beyond the capacity they go to the waiting list."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Please log in to register."))
    if not user.organisation_id:
        raise PermissionDenied(
            _("Only users who act for an organisation can register for an event.")
        )
    if not event.published:
        raise EventError(_("This event is not open for registration."), code="unpublished")
    if not registration_open(event):
        raise EventError(_("The registration deadline has passed."), code="deadline")
    organisation = Organisation.objects.get(pk=user.organisation_id)
    price, member = price_for(event, organisation)
    offers, seeks = _profile_defaults(organisation)
    with transaction.atomic():
        # The event row is the lock: two last-minute registrations cannot both get the
        # last seat.
        event = Event.objects.select_for_update().get(pk=event.pk)
        if Registration.objects.active().filter(event=event, user=user).exists():
            raise EventError(_("You are already registered for this event."), code="duplicate")
        full = event.capacity is not None and confirmed_count(event) >= event.capacity
        registration = Registration.objects.create(
            event=event,
            user=user,
            organisation=organisation,
            status=RegistrationStatus.WAITLISTED if full else RegistrationStatus.CONFIRMED,
            price_charged=price,
            member_price_applied=member,
            offers=offers,
            seeks=seeks,
        )
        subject = _subject(
            gettext_noop("Waiting list: %(title)s")
            if full
            else gettext_noop("Registration confirmed: %(title)s"),
            title=event.title,
        )
        _mail_after_commit(
            [
                (
                    user,
                    subject,
                    "events/mail/registration.txt",
                    {
                        "event": event,
                        "registration": registration,
                        "url": absolute(event.get_absolute_url()),
                    },
                )
            ]
        )
    return registration


def cancel(user: User, registration: Registration) -> Registration:
    """Cancel a registration (the participant or an organiser); the waiting list moves up.

    The participant's open meeting requests are withdrawn in the same transaction (see
    ``_withdraw_requests``), so nobody can still accept a meeting with someone who is no
    longer coming. Registering again later starts with no requests: the withdrawn ones
    belong to the cancelled registration and stay withdrawn.
    """
    event = registration.event
    _require(registration.user_id == user.pk or can_organise(user, event))
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        registration = (
            Registration.objects.select_for_update()
            .select_related("user", "organisation")
            .get(pk=registration.pk)
        )
        # checked on the locked row: the caller's copy may be older than a cancellation
        # from a second tab or by an organiser
        if registration.status == RegistrationStatus.CANCELLED:
            raise EventError(_("This registration is already cancelled."), code="cancelled")
        was_confirmed = registration.is_confirmed
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        withdrawn = _withdraw_requests(registration)
        if registration.user_id != user.pk:  # an organiser cancelled: the person is told
            _mail_after_commit(
                [
                    (
                        registration.user,
                        _subject(
                            gettext_noop("Your registration was cancelled: %(title)s"),
                            title=event.title,
                        ),
                        "events/mail/cancelled.txt",
                        {
                            "event": event,
                            "withdrawn": len(withdrawn),
                            "url": absolute(event.get_absolute_url()),
                        },
                    )
                ]
            )
        if was_confirmed:
            promote_waitlisted(event)
    return registration


def _withdraw_requests(registration: Registration) -> list[MeetingRequest]:
    """Withdraw the cancelled registration's open requests, sent and received; tell the others.

    Call inside the cancellation's transaction, holding the registration's lock. Pending
    and accepted requests in both directions become "withdrawn"; declined ones stay
    declined. The other participant of each gets a mail after the commit, the same way
    an answer to a request is told.

    Meetings already placed in a schedule are not deleted: a schedule run is a record of
    what was proposed or published, and the organiser decides when to run again. They
    simply stop counting, because only accepted requests between two confirmed
    participants take place (``taking_place``):

    * the other participant's agenda (page, .ics, PDF) no longer lists the meeting; the
      agenda page shows it under "Cancelled meetings" as long as the published schedule
      holds it, and the mail names its time and table, so they know the slot is free;
    * the organiser's grid marks it as withdrawn; the next run leaves it out and may fill
      its place, also when published meetings are kept where they are;
    * publishing compares the meetings that take place, so the other participant is not
      mailed a changed agenda a second time for this cancellation.
    """
    requests = list(
        MeetingRequest.objects.select_for_update(of=("self",))
        .filter(
            Q(requester=registration) | Q(recipient=registration),
            status__in=OPEN_REQUEST_STATUSES,
        )
        .select_related("requester__user", "recipient__user")
        .order_by("pk")
    )
    if not requests:
        return []
    event = registration.event
    placed = {
        m.request_id: m
        for m in published_meetings(event)
        .filter(request__in=requests)
        .select_related("slot", "table")
    }
    mails = []
    for request in requests:
        accepted = request.status == RequestStatus.ACCEPTED
        request.status = RequestStatus.WITHDRAWN
        other = request.other(registration)
        meeting = placed.get(request.pk)
        page = "events:agenda" if meeting else "events:requests"
        mails.append(
            (
                other.user,
                _subject(
                    gettext_noop("%(name)s no longer takes part in %(title)s"),
                    name=registration.display_name,
                    title=event.title,
                ),
                "events/mail/withdrawn.txt",
                {
                    "event": event,
                    "gone": registration,
                    "request": request,
                    "accepted": accepted,
                    "incoming": request.requester_id == registration.pk,
                    "meeting": meeting,
                    "url": absolute(reverse(page, kwargs={"slug": event.slug})),
                },
            )
        )
    MeetingRequest.objects.filter(pk__in=[r.pk for r in requests]).update(
        status=RequestStatus.WITHDRAWN
    )
    _mail_after_commit(mails)
    return requests


def promote_waitlisted(event: Event) -> list[Registration]:
    """Confirm the first waitlisted registrations while seats are free; tells them by mail.

    Call inside a transaction holding the event's lock.
    """
    promoted = []
    waiting = event.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by(
        "created_at", "pk"
    )
    for registration in waiting.select_related("user"):
        if event.capacity is not None and confirmed_count(event) >= event.capacity:
            break
        registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status"])
        promoted.append(registration)
    _mail_after_commit(
        [
            (
                r.user,
                _subject(gettext_noop("A seat is free for you: %(title)s"), title=event.title),
                "events/mail/promoted.txt",
                {"event": event, "registration": r, "url": absolute(event.get_absolute_url())},
            )
            for r in promoted
        ]
    )
    return promoted


def check_in(user: User, registration: Registration, *, undo: bool = False) -> Registration:
    _require(can_organise(user, registration.event))
    if not registration.is_confirmed:
        raise EventError(_("Only confirmed participants can be checked in."), code="status")
    registration.checked_in_at = None if undo else timezone.now()
    registration.save(update_fields=["checked_in_at"])
    return registration


def update_profile(user: User, registration: Registration, *, offers: str, seeks: str) -> None:
    _require(registration.user_id == user.pk)
    registration.offers, registration.seeks = offers.strip(), seeks.strip()
    registration.full_clean(validate_constraints=False)
    registration.save(update_fields=["offers", "seeks"])
