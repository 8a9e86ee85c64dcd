"""B2B meeting requests between participants: sending, answering, availability."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from nahwerk.accounts.models import User
from nahwerk.events.access import EventAccess, can_organise
from nahwerk.events.choices import (
    OPEN_REQUEST_STATUSES,
    Priority,
    RegistrationStatus,
    RequestStatus,
)
from nahwerk.events.models import (
    MAX_MESSAGE_LENGTH,
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
from nahwerk.validators import reject_markup

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
