"""Choices of the funding app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FundingLevel(models.TextChoices):
    """Who funds: the EU, the federal government, a state or a region."""

    EU = "eu", _("EU")
    FEDERAL = "federal", _("Federal")
    STATE = "state", _("State")
    REGIONAL = "regional", _("Regional")


class Collaboration(models.TextChoices):
    """Whether a programme funds consortia, single applicants or both."""

    COLLABORATIVE = "collaborative", _("Collaborative projects")
    SINGLE = "single", _("Single applicants")
    BOTH = "both", _("Collaborative and single")


class CallSource(models.TextChoices):
    """Where a call's record came from."""

    EU_PORTAL = "eu_portal", _("EU Funding & Tenders Portal")
    MANUAL = "manual", _("Entered on the platform")
