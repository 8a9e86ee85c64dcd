"""A manager's subscription of the network's funder report by mail."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nahwerk.networks.models import Network
from nahwerk.reports.choices import Frequency, ReportLanguage
from nahwerk.reports.keyfigures import Period


class ReportSubscription(models.Model):
    """The funder report of one network, sent monthly or quarterly to a few addresses."""

    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="report_subscriptions",
    )
    recipients = models.TextField(
        _("recipients"), help_text=_("E-mail addresses, one per line or separated by commas.")
    )
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    language = models.CharField(
        _("language"), max_length=2, choices=ReportLanguage.choices, default=ReportLanguage.GERMAN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_period_end = models.DateField(
        _("last report up to"),
        null=True,
        blank=True,
        help_text=_("The end of the last period whose report was sent."),
    )

    class Meta:
        verbose_name = _("report subscription")
        verbose_name_plural = _("report subscriptions")
        ordering = ["network", "pk"]

    def __str__(self) -> str:
        return f"{self.network} · {self.get_frequency_display()}"

    @property
    def recipient_list(self) -> list[str]:
        return split_addresses(self.recipients)

    def due_period(self, today: dt.date) -> Period | None:
        """The last whole month or quarter before ``today``, if its report was not sent yet."""
        first = today.replace(day=1)
        if self.frequency == Frequency.QUARTERLY:
            quarter_start = first.replace(month=3 * ((first.month - 1) // 3) + 1)
            last_end = quarter_start - dt.timedelta(days=1)
            period = Period.quarter(last_end.year, (last_end.month - 1) // 3 + 1)
        else:
            last_end = first - dt.timedelta(days=1)
            period = Period.month(last_end.year, last_end.month)
        if self.last_period_end is not None and self.last_period_end >= period.end:
            return None
        return period


def split_addresses(text: str) -> list[str]:
    return [
        part.strip()
        for part in text.replace(",", "\n").replace(";", "\n").splitlines()
        if part.strip()
    ]
