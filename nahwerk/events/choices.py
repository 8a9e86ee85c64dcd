"""Choices of the events app: kinds of events, registration and request states."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    INDUSTRY_MEETING = "industry_meeting", _("Industry meeting")
    TRADE_FAIR_STAND = "trade_fair_stand", _("Joint trade-fair stand")
    ENTREPRENEUR_TRIP = "entrepreneur_trip", _("Entrepreneur trip")
    WORKSHOP = "workshop", _("Workshop / further training")
    B2B_DAY = "b2b_day", _("B2B matchmaking day")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    WAITLISTED = "waitlisted", _("waiting list")
    CANCELLED = "cancelled", _("cancelled")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("waiting for an answer")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    # one of the two registrations was cancelled (by its participant or an organiser)
    WITHDRAWN = "withdrawn", _("withdrawn")


# Requests that still stand: at most one per pair of participants, the ones a cancellation
# withdraws. Pending may become accepted, declined or withdrawn; accepted may become
# declined or withdrawn; declined and withdrawn stay as they are.
OPEN_REQUEST_STATUSES = (RequestStatus.PENDING, RequestStatus.ACCEPTED)


class Priority(models.IntegerChoices):
    NORMAL = 1, _("normal")
    HIGH = 2, _("high")
    VERY_HIGH = 3, _("very high")
