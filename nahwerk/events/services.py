"""Event workflows: registration and waiting list, meeting requests, the schedule, agendas.

Every function checks the actor's rights (``events.access``), writes its changes in one
transaction and sends its e-mails after the commit, so a failing mail server never loses
a registration or a published schedule. Pages call these functions; they write nothing
on their own.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from nahwerk.accounts.models import User
from nahwerk.directory.choices import Visibility
from nahwerk.directory.models import Organisation
from nahwerk.events.access import EventAccess, can_organise, event_network_ids
from nahwerk.events.choices import (
    OPEN_REQUEST_STATUSES,
    Priority,
    RegistrationStatus,
    RequestStatus,
)
from nahwerk.events.models import (
    MAX_MESSAGE_LENGTH,
    Event,
    Meeting,
    MeetingRequest,
    Registration,
    ScheduleJob,
    ScheduleRun,
    Slot,
    Table,
)
from nahwerk.mail import send_logged
from nahwerk.networks.choices import MembershipStatus
from nahwerk.networks.models import Membership
from nahwerk.validators import reject_markup
from nahwerk_engine.scheduling import (
    Instance,
    Request,
    Schedule,
    UnplacedReason,
    check,
    greedy,
    solve,
)

logger = logging.getLogger(__name__)

# solves without holding the event before the one that holds it (see run_scheduler)
_SOLVE_ATTEMPTS = 3

MAX_SLOTS = 60
MAX_TABLES = 200


class EventError(ValidationError):
    """A step the rules do not allow; the message says why."""


def _require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("You may not take this step for this event."))


# --- Mails ----------------------------------------------------------------------------------


def _subject(text: str, **params: Any) -> str:
    """A mail subject in the platform language (as the bodies), whatever the actor's.

    ``text`` is the untranslated message, marked with ``gettext_noop``.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return _(text) % params


def _mail_after_commit(items: list[tuple[User, str, str, dict[str, Any]]]) -> None:
    """(user, subject, template, context): rendered in the platform language after commit."""
    items = [item for item in items if item[0].email]
    if items:
        transaction.on_commit(lambda: send_mails(items), robust=True)


def send_mails(items: Iterable[tuple[User, str, str, dict[str, Any]]]) -> int:
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for user, subject, template, context in items:
            body = render_to_string(template, {"user": user, **context})
            messages.append((subject[:200], body, settings.DEFAULT_FROM_EMAIL, [user.email]))
    return send_logged(messages, "an event")


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# --- Events ---------------------------------------------------------------------------------


def unique_event_slug(title: str, starts_at: dt.datetime, *, exclude: int | None = None) -> str:
    base = slugify(f"{title} {timezone.localtime(starts_at):%Y-%m-%d}")[:100] or "veranstaltung"
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


# --- Meeting requests -----------------------------------------------------------------------


def _participant(user: User, event: Event) -> Registration:
    access = EventAccess.of(event, user)
    if not event.matchmaking:
        raise EventError(_("This event has no B2B matchmaking."), code="no_matchmaking")
    if not access.is_participant:
        raise PermissionDenied(_("Only confirmed participants of this event can request meetings."))
    assert access.registration is not None
    return access.registration


def _not_registered() -> EventError:
    return EventError(
        {
            "recipient": _(
                "This person is not a confirmed participant of this event; "
                "meetings can only be requested with registered participants."
            )
        },
        code="not_registered",
    )


def _open_request_between(a: Registration, b: Registration) -> bool:
    pair = Q(requester=a, recipient=b) | Q(requester=b, recipient=a)
    return MeetingRequest.objects.filter(pair, status__in=OPEN_REQUEST_STATUSES).exists()


def _duplicate_request(recipient: Registration) -> EventError:
    return EventError(
        {
            "recipient": _("There is already a meeting request between you and %(name)s.")
            % {"name": recipient.display_name}
        },
        code="duplicate",
    )


def send_request(
    user: User,
    event: Event,
    *,
    recipient_id: int,
    message: str = "",
    priority: int = Priority.NORMAL,
) -> MeetingRequest:
    """Ask another confirmed participant of the event for a 1:1 meeting."""
    requester = _participant(user, event)
    recipient = (
        Registration.objects.filter(event=event, pk=recipient_id).select_related("user").first()
    )
    if recipient is None or not recipient.is_confirmed:
        raise _not_registered()
    if recipient.pk == requester.pk or recipient.user_id == user.pk:
        raise EventError(
            {"recipient": _("You cannot request a meeting with yourself.")}, code="self"
        )
    message = (message or "").strip()
    if len(message) > MAX_MESSAGE_LENGTH:
        raise EventError(
            {
                "message": _("The message may have at most %(max)d characters (it has %(n)d).")
                % {"max": MAX_MESSAGE_LENGTH, "n": len(message)}
            },
            code="max_length",
        )
    try:
        reject_markup(message)
    except ValidationError as error:
        raise EventError({"message": error.messages}, code="markup") from error
    if priority not in Priority.values:
        raise EventError({"priority": _("Choose a priority from 1 to 3.")}, code="priority")
    with transaction.atomic():
        # Both registrations are the lock, taken in a fixed order: two identical requests
        # from two tabs, or two people asking each other at the same moment, wait for
        # each other here and the second sees the first; a cancellation (which locks the
        # registration) is seen too.
        locked = {
            r.pk: r.status
            for r in Registration.objects.select_for_update()
            .filter(pk__in=(requester.pk, recipient.pk))
            .order_by("pk")
        }
        if locked.get(requester.pk) != RegistrationStatus.CONFIRMED:
            raise PermissionDenied(
                _("Only confirmed participants of this event can request meetings.")
            )
        if locked.get(recipient.pk) != RegistrationStatus.CONFIRMED:
            raise _not_registered()
        if _open_request_between(requester, recipient):
            raise _duplicate_request(recipient)
        limit = settings.EVENT_MAX_OPEN_REQUESTS
        sent = MeetingRequest.objects.filter(
            requester=requester, status__in=OPEN_REQUEST_STATUSES
        ).count()
        if sent >= limit:
            raise EventError(
                {
                    "recipient": _(
                        "You have %(n)d open meeting requests at this event, the most one "
                        "participant may have; wait for answers before asking more people."
                    )
                    % {"n": sent}
                },
                code="too_many",
            )
        try:
            # The unique constraint is the last guard (SQLite has no row locks); its
            # violation must become the message, not an error page.
            with transaction.atomic():
                request = MeetingRequest.objects.create(
                    event=event,
                    requester=requester,
                    recipient=recipient,
                    message=message,
                    priority=priority,
                )
        except IntegrityError as error:
            if _open_request_between(requester, recipient):
                raise _duplicate_request(recipient) from error
            raise
        _mail_after_commit(
            [
                (
                    recipient.user,
                    _subject(gettext_noop("Meeting request at %(title)s"), title=event.title),
                    "events/mail/request.txt",
                    {
                        "event": event,
                        "request": request,
                        "url": absolute(reverse("events:requests", kwargs={"slug": event.slug})),
                    },
                )
            ]
        )
    return request


def respond(user: User, request: MeetingRequest, *, accept: bool) -> MeetingRequest:
    """The requested participant accepts or declines (an accepted meeting can be declined)."""
    _require(
        request.recipient.user_id == user.pk and request.recipient.is_confirmed,
        _("Only the requested participant can answer this request."),
    )
    with transaction.atomic():
        # the stored status decides: the page may be older than a cancellation that
        # withdrew the request meanwhile
        request.refresh_from_db(
            fields=["status", "responded_at"],
            from_queryset=MeetingRequest.objects.select_for_update(),
        )
        if request.status == RequestStatus.WITHDRAWN:
            raise EventError(
                _(
                    "This request was withdrawn: the other participant no longer takes part "
                    "in this event."
                ),
                code="withdrawn",
            )
        if accept and request.status != RequestStatus.PENDING:
            raise EventError(_("This request was already answered."), code="answered")
        if not accept and request.status == RequestStatus.DECLINED:
            raise EventError(_("This request is already declined."), code="answered")
        request.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
        request.responded_at = timezone.now()
        request.save(update_fields=["status", "responded_at"])
        subject = _subject(
            gettext_noop("%(name)s accepted your meeting request")
            if accept
            else gettext_noop("%(name)s declined your meeting request"),
            name=request.recipient.display_name,
        )
        _mail_after_commit(
            [
                (
                    request.requester.user,
                    subject,
                    "events/mail/answer.txt",
                    {
                        "event": request.event,
                        "request": request,
                        "url": absolute(
                            reverse("events:requests", kwargs={"slug": request.event.slug})
                        ),
                    },
                )
            ]
        )
    return request


def set_availability(user: User, registration: Registration, unavailable: Iterable[int]) -> None:
    """Store the slots the participant cannot attend (all others count as available)."""
    _require(registration.user_id == user.pk or can_organise(user, registration.event))
    wanted = set(int(pk) for pk in unavailable)
    slots = set(registration.event.slots.filter(pk__in=wanted).values_list("pk", flat=True))
    if wanted - slots:
        raise EventError(_("These slots do not belong to this event."), code="slots")
    registration.unavailable_slots.set(slots)


# --- Slots and tables -----------------------------------------------------------------------


def slot_times(
    start: dt.datetime, count: int, minutes: int, pause: int
) -> list[tuple[dt.datetime, dt.datetime]]:
    step = dt.timedelta(minutes=minutes + pause)
    length = dt.timedelta(minutes=minutes)
    return [(start + i * step, start + i * step + length) for i in range(count)]


def published_meetings(event: Event) -> QuerySet[Meeting]:
    return Meeting.objects.filter(event=event, published=True)


def taking_place(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """The meetings whose request still stands: accepted, both participants confirmed.

    A placed meeting drops out when it is declined or withdrawn by a cancellation; the
    schedule run keeps its row as the record of what was proposed or published.
    """
    return meetings.filter(
        request__status=RequestStatus.ACCEPTED,
        request__requester__status=RegistrationStatus.CONFIRMED,
        request__recipient__status=RegistrationStatus.CONFIRMED,
    )


def set_up_slots(
    user: User,
    event: Event,
    *,
    start: dt.datetime,
    count: int,
    minutes: int,
    pause: int = 0,
    tables: int,
    table_prefix: str = "",
) -> None:
    """Create the event's slots and tables (renumbering kept ones in place).

    Once a schedule is published its slots stay as they are and tables can only be added,
    so that nobody's published meeting changes its time or place behind their back.
    """
    _require(can_organise(user, event))
    if not event.matchmaking:
        raise EventError(_("This event has no B2B matchmaking."), code="no_matchmaking")
    if not 1 <= count <= MAX_SLOTS:
        raise EventError({"count": _("Choose between 1 and %(n)d slots.") % {"n": MAX_SLOTS}})
    if not 1 <= tables <= MAX_TABLES:
        raise EventError({"tables": _("Choose between 1 and %(n)d tables.") % {"n": MAX_TABLES}})
    if not 5 <= minutes <= 240 or not 0 <= pause <= 240:
        raise EventError({"minutes": _("A slot lasts 5 to 240 minutes, a pause 0 to 240.")})
    times = slot_times(start, count, minutes, pause)
    prefix = table_prefix.strip() or _("Table")
    reject_markup(prefix)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        existing_slots = list(event.slots.order_by("index"))
        existing_tables = list(event.tables.order_by("index"))
        if published_meetings(event).exists():
            same = [(s.starts_at, s.ends_at) for s in existing_slots] == times
            if not same or tables < len(existing_tables):
                raise EventError(
                    _(
                        "The schedule is already published: the slots can no longer be "
                        "changed and tables can only be added."
                    ),
                    code="published",
                )
        else:
            event.schedule_runs.all().delete()  # proposals for the old set-up are void
        for index, (begins, ends) in enumerate(times):
            Slot.objects.update_or_create(
                event=event, index=index, defaults={"starts_at": begins, "ends_at": ends}
            )
        event.slots.filter(index__gte=count).delete()
        for index in range(tables):
            table = next((t for t in existing_tables if t.index == index), None)
            if table is None:
                Table.objects.create(event=event, index=index, name=f"{prefix} {index + 1}"[:60])
        event.tables.filter(index__gte=tables).delete()


# --- The scheduler --------------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleInput:
    """An engine instance and how its indices map back to the database."""

    instance: Instance
    slots: list[Slot]
    tables: list[Table]
    requests: dict[int, MeetingRequest]


def schedulable_requests(event: Event) -> QuerySet[MeetingRequest]:
    """Accepted requests between two confirmed participants."""
    return MeetingRequest.objects.filter(
        event=event,
        status=RequestStatus.ACCEPTED,
        requester__status=RegistrationStatus.CONFIRMED,
        recipient__status=RegistrationStatus.CONFIRMED,
    ).select_related(
        "requester__user", "recipient__user", "requester__organisation", "recipient__organisation"
    )


def build_instance(event: Event, *, allow_moves: bool = False) -> ScheduleInput:
    slots = list(event.slots.order_by("index"))
    tables = list(event.tables.order_by("index"))
    slot_pos = {slot.pk: i for i, slot in enumerate(slots)}
    table_pos = {table.pk: i for i, table in enumerate(tables)}
    requests = {r.pk: r for r in schedulable_requests(event).order_by("pk")}
    participants = {p for r in requests.values() for p in (r.requester_id, r.recipient_id)}
    unavailable: dict[int, set[int]] = {}
    through = Registration.unavailable_slots.through.objects.filter(
        registration_id__in=participants
    ).values_list("registration_id", "slot_id")
    for registration_id, slot_id in through:
        if slot_id in slot_pos:
            unavailable.setdefault(registration_id, set()).add(slot_pos[slot_id])
    published = {
        m.request_id: (slot_pos[m.slot_id], table_pos[m.table_id])
        for m in published_meetings(event).filter(request__in=list(requests))
        if m.slot_id in slot_pos and m.table_id in table_pos
    }
    instance = Instance(
        slots=len(slots),
        tables=len(tables),
        requests=tuple(
            Request(id=r.pk, a=r.requester_id, b=r.recipient_id, priority=r.priority)
            for r in requests.values()
        ),
        unavailable={p: frozenset(s) for p, s in unavailable.items()},
        published=published,
        allow_moves=allow_moves,
    )
    return ScheduleInput(instance=instance, slots=slots, tables=tables, requests=requests)


def _solve(instance: Instance, time_limit: float) -> Schedule:
    """The exact solver within the time limit; the greedy heuristic if it fails."""
    try:
        schedule = solve(instance, time_limit=time_limit, workers=2, seed=0)
        problems = check(instance, schedule)
        if not problems:
            return schedule
        logger.error("The solver's schedule breaks the rules: %s", "; ".join(problems))
    except Exception:
        logger.exception("The solver failed; falling back to the greedy schedule")
    schedule = greedy(instance)
    problems = check(instance, schedule)
    if problems:
        raise EventError(
            _("The scheduler could not produce a valid schedule: %(problems)s")
            % {"problems": "; ".join(problems)}
        )
    return schedule


def run_scheduler(
    user: User, event: Event, *, allow_moves: bool = False, time_limit: float | None = None
) -> ScheduleRun:
    """Place the accepted requests at slots and tables and store the run as a proposal.

    Takes up to ``EVENT_SCHEDULER_SECONDS``: pages queue a :func:`request_schedule`
    instead, and the worker calls this through :func:`process_schedule_jobs`. The solver
    works without holding the event; the run is stored only if its input (requests,
    availability, slots, tables, published meetings) is still the same under the lock,
    else it solves again, the last of ``_SOLVE_ATTEMPTS`` times under the lock.
    """
    _check_schedulable(user, event)
    seconds = float(time_limit or settings.EVENT_SCHEDULER_SECONDS)
    for attempt in range(_SOLVE_ATTEMPTS):
        last = attempt == _SOLVE_ATTEMPTS - 1
        if not last:
            # solve without holding the event (nor a transaction): registrations and
            # requests go on meanwhile
            data = build_instance(event, allow_moves=allow_moves)
            schedule = _solve(data.instance, seconds)
        with transaction.atomic():
            locked = Event.objects.select_for_update().get(pk=event.pk)
            current = build_instance(locked, allow_moves=allow_moves)
            if last:  # the input kept changing: solve under the lock, which nothing overtakes
                data, schedule = current, _solve(current.instance, seconds)
            elif _fingerprint(current) != _fingerprint(data):
                continue  # the input changed while the solver worked: solve again
            return _store_run(locked, user, data, schedule, allow_moves=allow_moves)
    raise AssertionError("unreachable: the last attempt always stores its run")


def _fingerprint(data: ScheduleInput) -> tuple[Any, ...]:
    """What a schedule depends on: the engine instance and the rows behind its indices."""
    return (
        data.instance,
        [s.pk for s in data.slots],
        [(s.starts_at, s.ends_at) for s in data.slots],
        [t.pk for t in data.tables],
    )


def _store_run(
    event: Event, user: User, data: ScheduleInput, schedule: Schedule, *, allow_moves: bool
) -> ScheduleRun:
    """Write a run and its meetings; call inside the transaction that holds the event."""
    run = ScheduleRun.objects.create(
        event=event,
        created_by=user,
        method=schedule.method[:40],
        value=schedule.value,
        upper_bound=schedule.upper_bound,
        gap=schedule.gap,
        idle_gaps=schedule.idle_gaps,
        seconds=round(schedule.seconds, 3),
        optimal=schedule.optimal,
        allow_moves=allow_moves,
        moved=getattr(schedule, "moved", 0),
        requests=len(data.requests),
        slot_count=len(data.slots),
        table_count=len(data.tables),
        unplaced=[
            {"request": u.request_id, "reason": str(u.reason), "detail": u.detail}
            for u in schedule.unplaced
        ],
    )
    Meeting.objects.bulk_create(
        [
            Meeting(
                run=run,
                event=event,
                request=data.requests[a.request_id],
                slot=data.slots[a.slot],
                table=data.tables[a.table],
            )
            for a in schedule.assignments
        ]
    )
    return run


def _check_schedulable(user: User, event: Event) -> None:
    _require(can_organise(user, event))
    if not event.matchmaking:
        raise EventError(_("This event has no B2B matchmaking."), code="no_matchmaking")
    if not event.slots.exists() or not event.tables.exists():
        raise EventError(
            _("Set up the slots and tables before running the scheduler."), code="setup"
        )


def request_schedule(
    user: User, event: Event, *, allow_moves: bool = False, language: str = ""
) -> tuple[ScheduleJob, bool]:
    """Queue a scheduler run for the worker; returns the job and whether it is new.

    The same checks as :func:`run_scheduler` refuse at once what could not run. While a
    job of the event is unfinished, asking again returns that job (one run at a time).
    """
    _check_schedulable(user, event)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        waiting = unfinished_job(event)
        if waiting is not None:
            return waiting, False
        job = ScheduleJob.objects.create(
            event=event,
            requested_by=user,
            allow_moves=allow_moves,
            language=language or translation.get_language() or "",
        )
    return job, True


def unfinished_job(event: Event) -> ScheduleJob | None:
    return ScheduleJob.objects.unfinished().filter(event=event).first()


def failed_job(event: Event) -> ScheduleJob | None:
    """The latest finished job if it failed and no run came after it."""
    job = (
        ScheduleJob.objects.filter(event=event, finished_at__isnull=False)
        .order_by("-finished_at", "-pk")
        .first()
    )
    if job is None or not job.error or job.finished_at is None:
        return None
    latest = latest_run(event)
    return job if latest is None or latest.created_at < job.finished_at else None


def _stale_after() -> dt.timedelta:
    """A started job unfinished for this long lost its worker and may be claimed again."""
    return dt.timedelta(seconds=max(300.0, 10 * float(settings.EVENT_SCHEDULER_SECONDS)))


def _claim_job() -> ScheduleJob | None:
    """The oldest waiting (or abandoned) job, marked as started by this worker.

    The claim is a conditional update, so two workers never carry out the same job.
    """
    stale = timezone.now() - _stale_after()
    waiting = (
        ScheduleJob.objects.unfinished()
        .filter(Q(started_at__isnull=True) | Q(started_at__lt=stale))
        .order_by("requested_at", "pk")
    )
    for job in waiting[:10]:
        claimed = ScheduleJob.objects.filter(
            pk=job.pk, finished_at__isnull=True, started_at=job.started_at
        ).update(started_at=timezone.now())
        if claimed:
            job.refresh_from_db()
            return job
    return None


def process_schedule_jobs(limit: int | None = None) -> int:
    """Carry out queued scheduler runs (the worker's part); returns how many were done.

    A job that fails records why and changes nothing else: the run is written in one
    transaction by :func:`run_scheduler`, so a failure leaves no half schedule.
    """
    done = 0
    while limit is None or done < limit:
        job = _claim_job()
        if job is None:
            break
        _carry_out(job)
        done += 1
    return done


def _carry_out(job: ScheduleJob) -> None:
    run: ScheduleRun | None = None
    error = ""
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            if job.requested_by is None:
                raise PermissionDenied
            run = run_scheduler(job.requested_by, job.event, allow_moves=job.allow_moves)
        except PermissionDenied:
            error = _("The person who asked for this run may no longer organise the event.")
        except ValidationError as problem:
            error = " ".join(problem.messages)
        except Exception:
            logger.exception("Scheduler job %s failed", job.pk)
            error = _(
                "The scheduler failed; nothing was changed. The administrators find the "
                "details in the log."
            )
    ScheduleJob.objects.filter(pk=job.pk).update(finished_at=timezone.now(), run=run, error=error)


def latest_run(event: Event) -> ScheduleRun | None:
    return event.schedule_runs.order_by("-created_at", "-pk").first()


def published_run(event: Event) -> ScheduleRun | None:
    return (
        event.schedule_runs.filter(published_at__isnull=False)
        .order_by("-published_at", "-pk")
        .first()
    )


def _agendas(meetings: Iterable[Meeting]) -> dict[int, set[tuple[int, int, int]]]:
    """Registration id -> its meetings as (request, slot number, table number)."""
    agendas: dict[int, set[tuple[int, int, int]]] = {}
    for m in meetings:
        key = (m.request_id, m.slot.index, m.table.index)
        for registration_id in (m.request.requester_id, m.request.recipient_id):
            agendas.setdefault(registration_id, set()).add(key)
    return agendas


def publish(user: User, run: ScheduleRun) -> list[Registration]:
    """Publish a run; mails the participants whose agenda is new or changed.

    Returns the registrations that were told.
    """
    event = run.event
    _require(can_organise(user, event))
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if latest_run(event) != run:
            raise EventError(
                _("A newer scheduler run exists; publish that one instead."), code="stale"
            )
        if run.published_at is not None:
            raise EventError(_("This schedule is already published."), code="published")
        first = not published_meetings(event).exists()
        related = ("request", "slot", "table")
        # only meetings that take place count: whoever lost one to a cancellation was
        # told then, and is not mailed again unless their agenda changes otherwise
        before = _agendas(taking_place(published_meetings(event)).select_related(*related))
        after = _agendas(taking_place(run.meetings.all()).select_related(*related))
        Meeting.objects.filter(event=event, published=True).update(published=False)
        run.meetings.update(published=True)
        run.published_at = timezone.now()
        run.save(update_fields=["published_at"])
        changed = sorted(
            r for r in before.keys() | after.keys() if before.get(r, set()) != after.get(r, set())
        )
        registrations = list(
            Registration.objects.filter(pk__in=changed, status=RegistrationStatus.CONFIRMED)
            .select_related("user")
            .order_by("pk")
        )
        mails = []
        for registration in registrations:
            subject = _subject(
                gettext_noop("Your meetings at %(title)s")
                if first
                else gettext_noop("Your meetings at %(title)s have changed"),
                title=event.title,
            )
            mails.append(
                (
                    registration.user,
                    subject,
                    "events/mail/agenda.txt",
                    {
                        "event": event,
                        "changed": not first,
                        "items": agenda(registration),
                        "url": absolute(reverse("events:agenda", kwargs={"slug": event.slug})),
                    },
                )
            )
        _mail_after_commit(mails)
    return registrations


# --- Agendas and explanations ---------------------------------------------------------------


@dataclass(frozen=True)
class AgendaItem:
    meeting: Meeting
    other: Registration

    @property
    def starts_at(self) -> dt.datetime:
        return self.meeting.slot.starts_at

    @property
    def ends_at(self) -> dt.datetime:
        return self.meeting.slot.ends_at


def _published_for(registration: Registration) -> QuerySet[Meeting]:
    return (
        published_meetings(registration.event)
        .filter(Q(request__requester=registration) | Q(request__recipient=registration))
        .select_related(
            "slot",
            "table",
            "request__requester__user",
            "request__requester__organisation",
            "request__recipient__user",
            "request__recipient__organisation",
        )
        .order_by("slot__index")
    )


def agenda(registration: Registration) -> list[AgendaItem]:
    """The registration's published meetings that still take place, in time order."""
    meetings = taking_place(_published_for(registration))
    return [AgendaItem(meeting=m, other=m.request.other(registration)) for m in meetings]


def cancelled_meetings(registration: Registration) -> list[AgendaItem]:
    """The registration's published meetings that no longer take place, in time order.

    Declined after all, or withdrawn because the other participant's registration was
    cancelled; shown beside the agenda until a newly published schedule replaces them,
    so the participant sees why a slot came free.
    """
    live = taking_place(_published_for(registration)).values("pk")
    meetings = _published_for(registration).exclude(pk__in=live)
    return [AgendaItem(meeting=m, other=m.request.other(registration)) for m in meetings]


def participant_label(registration: Registration) -> str:
    return f"{registration.display_name} ({registration.organisation.name})"


@dataclass(frozen=True)
class UnplacedExplanation:
    request: MeetingRequest | None
    reason: str
    message: str


def explain_unplaced(run: ScheduleRun) -> list[UnplacedExplanation]:
    """What could not be placed and why, naming both participants."""
    ids = [entry["request"] for entry in run.unplaced]
    requests = MeetingRequest.objects.select_related(
        "requester__user", "requester__organisation", "recipient__user", "recipient__organisation"
    ).in_bulk(ids)
    places = run.slot_count * run.table_count
    unavailable: dict[int, int] = {}
    for registration_id in {p for r in requests.values() for p in (r.requester_id, r.recipient_id)}:
        unavailable[registration_id] = Registration.unavailable_slots.through.objects.filter(
            registration_id=registration_id
        ).count()
    explanations = []
    for entry in run.unplaced:
        request = requests.get(entry["request"])
        if request is None:
            explanations.append(
                UnplacedExplanation(None, entry["reason"], _("A request that no longer exists."))
            )
            continue
        names = {
            "a": participant_label(request.requester),
            "b": participant_label(request.recipient),
        }
        reason = entry["reason"]
        if reason == UnplacedReason.PARTICIPANT_UNAVAILABLE:
            absent = [
                participant_label(r)
                for r in (request.requester, request.recipient)
                if unavailable.get(r.pk, 0) >= run.slot_count
            ]
            text = _(
                "The meeting of %(a)s and %(b)s could not be placed: %(who)s cannot attend "
                "any of the slots."
            ) % {**names, "who": " / ".join(absent) or _("one of them")}
        elif reason == UnplacedReason.NO_COMMON_SLOT:
            text = (
                _(
                    "The meeting of %(a)s and %(b)s could not be placed: there is no slot "
                    "that both of them can attend."
                )
                % names
            )
        elif reason == UnplacedReason.PARTICIPANT_FULL:
            text = (
                _(
                    "The meeting of %(a)s and %(b)s could not be placed: in every slot both "
                    "can attend, one of them already has another meeting."
                )
                % names
            )
        elif reason == UnplacedReason.CAPACITY:
            text = _(
                "The meeting of %(a)s and %(b)s could not be placed: all tables are taken "
                "in the slots both can attend. %(requests)d accepted meetings compete for "
                "%(places)d places (%(slots)d slots × %(tables)d tables); add slots or "  # noqa: RUF001
                "tables to place it."
            ) % {
                **names,
                "requests": run.requests,
                "places": places,
                "slots": run.slot_count,
                "tables": run.table_count,
            }
        elif reason == UnplacedReason.PUBLISHED_CONFLICT:
            text = (
                _(
                    "The published meeting of %(a)s and %(b)s can no longer stay at its place "
                    "and moving published meetings was not allowed; run the scheduler again "
                    "with “allow moves” to place it elsewhere."
                )
                % names
            )
        else:
            text = _("The meeting of %(a)s and %(b)s could not be placed (%(detail)s).") % {
                **names,
                "detail": entry.get("detail", reason),
            }
        explanations.append(UnplacedExplanation(request, reason, text))
    return explanations


def method_label(method: str) -> str:
    """The scheduler's method (a code of nahwerk_engine.scheduling) in words."""
    labels = {
        "cp-sat": _("CP-SAT constraint solver (OR-Tools)"),
        "greedy": _("step-by-step placement (greedy)"),
        "greedy-fallback": _(
            "step-by-step placement (greedy); the solver found nothing better in time"
        ),
    }
    return str(labels.get(method, method))


def capacity_warning(event: Event) -> str:
    """A warning before running when more meetings are accepted than there are places."""
    accepted = schedulable_requests(event).count()
    slots, tables = event.slots.count(), event.tables.count()
    places = slots * tables
    if accepted <= places:
        return ""
    return _(
        "%(accepted)d meetings are accepted but there are only %(places)d places "
        "(%(slots)d slots × %(tables)d tables): at least %(missing)d cannot be placed."  # noqa: RUF001
    ) % {
        "accepted": accepted,
        "places": places,
        "slots": slots,
        "tables": tables,
        "missing": accepted - places,
    }


# --- Participant lists ----------------------------------------------------------------------


def participant_rows(event: Event) -> tuple[list[str], list[list[object]]]:
    """The organiser's participant list for export (names and e-mails: organisers only)."""
    header = [
        _("Name"),
        _("E-mail"),
        _("Organisation"),
        _("Status"),
        _("Price (EUR)"),
        _("Member price"),
        _("Registered"),
        _("Checked in"),
    ]
    rows: list[list[object]] = []
    for r in event.registrations.select_related("user", "organisation").order_by(
        "status", "created_at"
    ):
        rows.append(
            [
                r.display_name,
                r.user.email,
                r.organisation.name,
                str(RegistrationStatus(r.status).label),
                r.price_charged,
                _("yes") if r.member_price_applied else _("no"),
                timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
                timezone.localtime(r.checked_in_at).strftime("%Y-%m-%d %H:%M")
                if r.checked_in_at
                else "",
            ]
        )
    return header, rows


def other_participants(registration: Registration) -> Sequence[Registration]:
    return list(
        registration.event.registrations.confirmed()
        .exclude(pk=registration.pk)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__last_name", "user__username")
    )


# --- Whom to meet ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """Another participant's organisation that fits what the participant is looking for."""

    match: Any  # matching.services.PartnerMatch
    registrations: list[Registration]
    passages: tuple[str, ...] = ()  # only those of profile texts the viewer may read

    @property
    def fit_label(self) -> str:
        from nahwerk.matching.explanations import fit_label

        return fit_label(self.match.fit)


def suggestions(
    registration: Registration, user: User, *, limit: int = 8
) -> tuple[list[Suggestion], str]:
    """The other participants ranked by the matching engine; a note when it cannot say."""
    from nahwerk.accounts.permissions import Viewer
    from nahwerk.matching.explanations import FieldGate
    from nahwerk.matching.services import MatchingError, PartnerFilters, find_partners

    by_organisation: dict[int, list[Registration]] = {}
    for other in other_participants(registration):
        if other.organisation_id != registration.organisation_id:
            by_organisation.setdefault(other.organisation_id, []).append(other)
    if not by_organisation:
        return [], _("No other organisation is registered yet.")
    text = registration.seeks.strip()
    if not text:
        return [], _(
            "Write in your event profile what you are looking for, and the matching "
            "suggests whom to meet."
        )
    try:
        matches = find_partners(
            text,
            filters=PartnerFilters(organisation_ids=frozenset(by_organisation)),
            user=user,
            asker=registration.organisation,
            nearness=0.0,
            limit=limit,
        )
    except MatchingError as error:
        return [], str(error)
    viewer = Viewer(user)
    found = []
    for m in matches:
        gate = FieldGate(viewer, m.organisation)
        passages = tuple(p.passage for p in m.explanation.passages if gate.sees(p.field))
        found.append(Suggestion(m, by_organisation[m.organisation.pk], passages))
    return found, ""
