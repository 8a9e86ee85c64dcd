"""Events of the networks, registrations, B2B meeting requests and their schedule."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nahwerk.directory.models import Organisation
from nahwerk.events.choices import (
    OPEN_REQUEST_STATUSES,
    EventKind,
    Priority,
    RegistrationStatus,
    RequestStatus,
)
from nahwerk.networks.models import Network
from nahwerk.reference.models import Postcode
from nahwerk.validators import reject_markup

MAX_MESSAGE_LENGTH = 500
MAX_PROFILE_LENGTH = 2000


class EventQuerySet(models.QuerySet["Event"]):
    def published(self) -> EventQuerySet:
        return self.filter(published=True)


class Event(models.Model):
    """An industry meeting, trade-fair stand, trip, workshop or B2B matchmaking day."""

    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=200, validators=[reject_markup])
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(
        _("description"), blank=True, max_length=10000, validators=[reject_markup]
    )
    organiser = models.ForeignKey(
        Network,
        verbose_name=_("organising network"),
        on_delete=models.PROTECT,
        related_name="organised_events",
    )
    networks = models.ManyToManyField(
        Network,
        verbose_name=_("networks"),
        blank=True,
        related_name="events",
        help_text=_("Members of these networks pay the member price."),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=200, blank=True, validators=[reject_markup])
    street = models.CharField(
        _("street and number"), max_length=200, blank=True, validators=[reject_markup]
    )
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True, validators=[reject_markup])
    latitude = models.FloatField(_("latitude"), null=True, blank=True, editable=False)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, editable=False)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100000)],
        help_text=_("Leave empty for no limit; further registrations go to the waiting list."),
    )
    price = models.DecimalField(
        _("price (EUR)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    member_price = models.DecimalField(
        _("member price (EUR)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("For members of the event's networks; empty means the same as the price."),
    )
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    matchmaking = models.BooleanField(
        _("B2B matchmaking"),
        default=False,
        help_text=_("Participants request 1:1 meetings; always on for a B2B matchmaking day."),
    )
    published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="events_event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="events_event_capacity_positive",
            ),
            models.CheckConstraint(
                condition=Q(price__gte=0) & (Q(member_price__isnull=True) | Q(member_price__gte=0)),
                name="events_event_prices_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.kind == EventKind.B2B_DAY:
            self.matchmaking = True
        self.derive_location()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def effective_member_price(self) -> Decimal:
        return self.price if self.member_price is None else self.member_price

    @property
    def has_member_discount(self) -> bool:
        return self.effective_member_price < self.price

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The event must end after it starts.")
        if (
            self.member_price is not None
            and self.price is not None
            and (self.member_price > self.price)
        ):
            errors["member_price"] = _("The member price may not be higher than the price.")
        deadline, ends = self.registration_deadline, self.ends_at
        if deadline and ends and deadline > ends:
            errors["registration_deadline"] = _(
                "The registration deadline must lie before the end of the event."
            )
        if self.postcode and not Postcode.objects.filter(code=self.postcode).exists():
            errors["postcode"] = _("Unknown German postcode: %(value)s") % {"value": self.postcode}
        if errors:
            raise ValidationError(errors)

    def derive_location(self) -> None:
        entry = Postcode.objects.filter(code=self.postcode).first() if self.postcode else None
        self.latitude = entry.latitude if entry else None
        self.longitude = entry.longitude if entry else None
        if entry and not self.city:
            self.city = entry.place


class ProgrammeItem(models.Model):
    """One item of an event's programme: a talk, a tour, the B2B meetings, a break."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="programme"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200, validators=[reject_markup])
    description = models.TextField(
        _("description"), blank=True, max_length=2000, validators=[reject_markup]
    )

    class Meta:
        verbose_name = _("programme item")
        verbose_name_plural = _("programme")
        ordering = ["event", "starts_at", "pk"]

    def __str__(self) -> str:
        return self.title


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def active(self) -> RegistrationQuerySet:
        return self.exclude(status=RegistrationStatus.CANCELLED)

    def confirmed(self) -> RegistrationQuerySet:
        return self.filter(status=RegistrationStatus.CONFIRMED)


class Registration(models.Model):
    """A user's registration for an event, for their organisation; also their event profile."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="event_registrations",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RegistrationStatus.choices, db_index=True
    )
    price_charged = models.DecimalField(_("price charged (EUR)"), max_digits=8, decimal_places=2)
    member_price_applied = models.BooleanField(_("member price"), default=False)
    offers = models.TextField(
        _("we offer"), blank=True, max_length=MAX_PROFILE_LENGTH, validators=[reject_markup]
    )
    seeks = models.TextField(
        _("we are looking for"),
        blank=True,
        max_length=MAX_PROFILE_LENGTH,
        validators=[reject_markup],
    )
    unavailable_slots: models.ManyToManyField[Slot, Any] = models.ManyToManyField(
        "Slot",
        verbose_name=_("slots the participant cannot attend"),
        blank=True,
        related_name="unavailable_registrations",
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=~Q(status=RegistrationStatus.CANCELLED),
                name="events_registration_one_active_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.organisation})"

    @property
    def display_name(self) -> str:
        return self.user.get_full_name() or self.user.username

    @property
    def is_confirmed(self) -> bool:
        return self.status == RegistrationStatus.CONFIRMED


class MeetingRequest(models.Model):
    """A participant's request for a 1:1 meeting with another participant of the event."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="meeting_requests"
    )
    requester = models.ForeignKey(
        Registration,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="requests_sent",
    )
    recipient = models.ForeignKey(
        Registration,
        verbose_name=_("requested participant"),
        on_delete=models.CASCADE,
        related_name="requests_received",
    )
    message = models.TextField(
        _("message"), blank=True, max_length=MAX_MESSAGE_LENGTH, validators=[reject_markup]
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["event", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(requester=F("recipient")), name="events_request_not_to_oneself"
            ),
            models.CheckConstraint(
                condition=Q(priority__gte=1) & Q(priority__lte=3),
                name="events_request_priority_1_to_3",
            ),
            models.UniqueConstraint(
                fields=["requester", "recipient"],
                condition=Q(status__in=OPEN_REQUEST_STATUSES),
                name="events_request_one_open_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requester.display_name} → {self.recipient.display_name}"

    def other(self, registration: Registration) -> Registration:
        return self.recipient if registration.pk == self.requester_id else self.requester


class Slot(models.Model):
    """A time slot for the 1:1 meetings of a B2B day; ``index`` orders the slots in time."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="slots"
    )
    index = models.PositiveSmallIntegerField(_("number"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["event", "index"]
        constraints = [
            models.UniqueConstraint(fields=["event", "index"], name="events_slot_unique_index"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="events_slot_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.index + 1}"


class Table(models.Model):
    """A table or room where one meeting takes place per slot."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="tables"
    )
    index = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=60, validators=[reject_markup])

    class Meta:
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        ordering = ["event", "index"]
        constraints = [
            models.UniqueConstraint(fields=["event", "index"], name="events_table_unique_index"),
        ]

    def __str__(self) -> str:
        return self.name


class ScheduleRun(models.Model):
    """One run of the scheduler: its figures, what it could not place, and when published."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="schedule_runs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("run at"), auto_now_add=True)
    method = models.CharField(_("method"), max_length=40)
    value = models.PositiveIntegerField(_("total priority"))
    upper_bound = models.PositiveIntegerField(_("proven bound"))
    gap = models.FloatField(_("gap"))
    idle_gaps = models.PositiveIntegerField(_("idle gaps"), default=0)
    seconds = models.FloatField(_("seconds"))
    optimal = models.BooleanField(_("optimal"), default=False)
    allow_moves = models.BooleanField(_("published meetings may move"), default=False)
    moved = models.PositiveIntegerField(_("moved meetings"), default=0)
    requests = models.PositiveIntegerField(_("accepted requests"), default=0)
    slot_count = models.PositiveSmallIntegerField(_("slots"), default=0)
    table_count = models.PositiveSmallIntegerField(_("tables"), default=0)
    unplaced = models.JSONField(_("not placed"), default=list, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("scheduler run")
        verbose_name_plural = _("scheduler runs")
        ordering = ["event", "-created_at", "-pk"]
        get_latest_by = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.event} · {self.created_at:%Y-%m-%d %H:%M}"


class ScheduleJobQuerySet(models.QuerySet["ScheduleJob"]):
    def unfinished(self) -> ScheduleJobQuerySet:
        return self.filter(finished_at__isnull=True)


class ScheduleJob(models.Model):
    """An organiser's request to run the scheduler, carried out by the worker.

    The solver may take up to ``EVENT_SCHEDULER_SECONDS``; no web request waits for it.
    The task library delivers the job (``events.tasks``); this row is what the organiser
    sees. ``run`` is the result, ``error`` says why there is none, ``cancelled`` that the
    organiser called it off.
    """

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="schedule_jobs"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    allow_moves = models.BooleanField(_("published meetings may move"), default=False)
    # the requester's interface language: the worker writes messages in it
    language = models.CharField(_("language"), max_length=10, blank=True)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    run = models.OneToOneField(
        ScheduleRun,
        verbose_name=_("result"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="job",
    )
    error = models.TextField(_("error"), blank=True)
    cancelled = models.BooleanField(_("cancelled by the organiser"), default=False)

    objects = ScheduleJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("scheduler job")
        verbose_name_plural = _("scheduler jobs")
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event"],
                condition=Q(finished_at__isnull=True),
                name="events_schedulejob_one_unfinished_per_event",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} · {self.requested_at:%Y-%m-%d %H:%M}"


class Meeting(models.Model):
    """A meeting placed by a scheduler run at a slot and a table."""

    run = models.ForeignKey(
        ScheduleRun,
        verbose_name=_("scheduler run"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="meetings"
    )
    request = models.ForeignKey(
        MeetingRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="meetings"
    )
    slot = models.ForeignKey(
        Slot, verbose_name=_("slot"), on_delete=models.CASCADE, related_name="meetings"
    )
    table = models.ForeignKey(
        Table, verbose_name=_("table"), on_delete=models.CASCADE, related_name="meetings"
    )
    published = models.BooleanField(_("published"), default=False)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["run", "slot__index", "table__index"]
        constraints = [
            models.UniqueConstraint(fields=["run", "request"], name="events_meeting_once_per_run"),
            models.UniqueConstraint(
                fields=["run", "slot", "table"], name="events_meeting_one_per_table_and_slot"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request} · {self.slot} · {self.table}"
