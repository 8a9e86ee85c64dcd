"""Choices of the reports app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly (the past month)")
    QUARTERLY = "quarterly", _("Quarterly (the past quarter)")


class ReportLanguage(models.TextChoices):
    GERMAN = "de", _("German")
    ENGLISH = "en", _("English")
