"""Funding programmes and their calls; organisations following a call's deadlines.

A programme says who funds what for whom (level, eligible kinds and sizes of applicants,
eligible states and districts, rate and maximum); a call is one open window of a
programme with its topic, texts and deadline(s). Nothing about a programme is shown as
fact without its source and the date someone last checked it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
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
