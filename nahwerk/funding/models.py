"""Funding programmes and their calls; organisations following a call's deadlines.

A programme says who funds what for whom (level, eligible kinds and sizes of applicants,
eligible states and districts, rate and maximum); a call is one open window of a
programme with its topic, texts and deadline(s). Nothing about a programme is shown as
fact without its source and the date someone last checked it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nahwerk.directory.models import Organisation
from nahwerk.funding.choices import CallSource, Collaboration, FundingLevel
from nahwerk.networks.models import Network


class Programme(models.Model):
    """A funding programme, e.g. Horizon Europe or a state's innovation voucher."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    funder = models.CharField(_("funder"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=FundingLevel.choices)
    description = models.TextField(_("description"), blank=True)
    # Who may apply; an empty list means no restriction of that kind.
    applicant_kinds = models.JSONField(_("eligible kinds of applicants"), default=list, blank=True)
    size_bands = models.JSONField(_("eligible sizes of applicants"), default=list, blank=True)
    state_codes = models.JSONField(
        _("eligible states"),
        default=list,
        blank=True,
        help_text=_("Two-digit state codes, e.g. 07 for Rhineland-Palatinate; empty: all."),
    )
    district_ags = models.JSONField(
        _("eligible districts"), default=list, blank=True, help_text=_("Empty: all.")
    )
    collaboration = models.CharField(
        _("collaborative or single"),
        max_length=15,
        choices=Collaboration.choices,
        default=Collaboration.BOTH,
    )
    funding_rate_percent = models.DecimalField(
        _("funding rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    max_amount = models.DecimalField(
        _("maximum funding (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    source_url = models.URLField(_("source"), max_length=500)
    source_note = models.CharField(
        _("source as cited"),
        max_length=300,
        blank=True,
        help_text=_("How a reader would cite it, e.g. 'Förderrichtlinie des Landes, 2025'."),
    )
    checked_on = models.DateField(_("checked on"))
    # Curated by the managers of these networks; EU programmes from the import have none.
    networks = models.ManyToManyField(
        Network, related_name="funding_programmes", blank=True, verbose_name=_("networks")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("funding programme")
        verbose_name_plural = _("funding programmes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "funder"], name="funding_programme_unique"),
            models.CheckConstraint(
                condition=Q(funding_rate_percent__isnull=True)
                | Q(funding_rate_percent__gte=0, funding_rate_percent__lte=100),
                name="funding_programme_rate_0_100",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("funding:programme", args=[self.pk])


class Call(models.Model):
    """One call (topic) of a programme, with its deadline."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="calls", verbose_name=_("programme")
    )
    source = models.CharField(
        _("record from"), max_length=15, choices=CallSource.choices, default=CallSource.MANUAL
    )
    # The EU portal's topic identifier (e.g. HORIZON-CL4-2027-01-03); the import's key.
    topic_id = models.CharField(_("topic"), max_length=120, unique=True)
    call_identifier = models.CharField(_("call"), max_length=120, blank=True)
    title = models.CharField(_("title"), max_length=500)
    call_title = models.CharField(_("title of the call"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    keywords = models.TextField(_("keywords"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    action_type = models.CharField(
        _("type of action"), max_length=30, blank=True, help_text=_("e.g. RIA, IA, CSA")
    )
    action_type_name = models.CharField(_("type of action (name)"), max_length=200, blank=True)
    cluster = models.CharField(_("cluster"), max_length=30, blank=True)
    opens_on = models.DateField(_("opens"), null=True, blank=True)
    deadline = models.DateField(_("deadline"))
    second_deadline = models.DateField(_("deadline of the second stage"), null=True, blank=True)
    deadline_model = models.CharField(_("deadline model"), max_length=30, blank=True)
    budget_min = models.DecimalField(
        _("budget per project from (EUR)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    budget_max = models.DecimalField(
        _("budget per project up to (EUR)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    expected_grants = models.PositiveIntegerField(_("expected grants"), null=True, blank=True)
    # Formal rules of the consortium where the call states them (EU collaborative actions:
    # at least three independent legal entities from three different countries).
    min_partners = models.PositiveSmallIntegerField(
        _("minimum number of independent partners"), null=True, blank=True
    )
    min_countries = models.PositiveSmallIntegerField(
        _("minimum number of countries"), null=True, blank=True
    )
    source_url = models.URLField(_("source"), max_length=500)
    checked_on = models.DateField(_("checked on"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["deadline", "topic_id"]
        indexes = [models.Index(fields=["deadline"], name="funding_call_deadline")]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_min__isnull=True)
                | Q(budget_max__isnull=True)
                | Q(budget_max__gte=F("budget_min")),
                name="funding_call_budget_range",
            ),
            models.CheckConstraint(
                condition=Q(second_deadline__isnull=True) | Q(second_deadline__gte=F("deadline")),
                name="funding_call_second_deadline_later",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic_id}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("funding:call", args=[self.pk])

    def days_left(self, today: dt.date | None = None) -> int:
        """Days from today to the deadline (negative once it has passed)."""
        return (self.deadline - (today or timezone.localdate())).days


class CallFollow(models.Model):
    """An organisation follows a call: its deadline in reminders and in the .ics feed."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="follows", verbose_name=_("call")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="followed_calls",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("followed by"),
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("followed call")
        verbose_name_plural = _("followed calls")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "organisation"], name="funding_callfollow_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.call.topic_id}"


class DeadlineReminder(models.Model):
    """A reminder sent for a followed call, so that each is sent once (also after a crash)."""

    follow = models.ForeignKey(
        CallFollow, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("follow")
    )
    days_before = models.PositiveSmallIntegerField(_("days before the deadline"))
    deadline = models.DateField(_("deadline"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["follow", "deadline", "days_before"], name="funding_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.follow} ({self.days_before})"


class CallVector(models.Model):
    """A call's embedding and analysed terms, computed once per text change.

    The fit index of every process is built from these rows, so the 629 calls are
    embedded once (by the import or the worker), not per process or request.
    """

    call = models.OneToOneField(
        Call, on_delete=models.CASCADE, related_name="vector", verbose_name=_("call")
    )
    embedder = models.CharField(_("embedder"), max_length=60)
    text_hash = models.CharField(_("hash of the embedded text"), max_length=64)
    vector = models.BinaryField(_("vector (float32)"))
    analysis = models.JSONField(_("analysed terms"), default=list)
    # the vectors of the sentences the explanations compare with an idea, one row each
    passages = models.BinaryField(_("passage vectors (float32)"), default=b"")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("call vector")
        verbose_name_plural = _("call vectors")

    def __str__(self) -> str:
        return f"{self.call_id} ({self.embedder})"


class CallImportJob(models.Model):
    """An uploaded call file between its check (the per-row report) and the import."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting confirmation")
        IMPORTED = "imported", _("Imported")
        REJECTED = "rejected", _("Rejected")

    # Kept in the database so that check and confirmation work on any worker process.
    content = models.BinaryField(_("file content"))
    filename = models.CharField(_("file name"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    report = models.JSONField(_("report"), default=dict, blank=True)

    class Meta:
        verbose_name = _("call import")
        verbose_name_plural = _("call imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


class FundingNotification(models.Model):
    """A call brought to a user's attention in the platform (it also goes out by e-mail)."""

    class Kind(models.TextChoices):
        RECOMMENDED = "recommended", _("Recommended by the network management")
        REMINDER = "reminder", _("Deadline reminder")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="funding_notifications",
        verbose_name=_("user"),
    )
    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("call")
    )
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    days_left = models.PositiveSmallIntegerField(_("days to the deadline"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("funding notification")
        verbose_name_plural = _("funding notifications")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} → {self.call.topic_id} ({self.kind})"
