"""Choices of the directory."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("Company")
    SME = "sme", _("SME")
    STARTUP = "startup", _("Start-up")
    UNIVERSITY = "university", _("University")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    CHAMBER = "chamber", _("Chamber")
    DEVELOPMENT_AGENCY = "development_agency", _("Economic development agency")
    PUBLIC_BODY = "public_body", _("Public body")
    ASSOCIATION = "association", _("Association")


class SizeBand(models.TextChoices):
    """EU size classes by headcount (Recommendation 2003/361/EC)."""

    MICRO = "micro", _("Micro (fewer than 10 employees)")
    SMALL = "small", _("Small (10-49 employees)")
    MEDIUM = "medium", _("Medium-sized (50-249 employees)")
    LARGE = "large", _("Large (250 or more employees)")

    @classmethod
    def for_employees(cls, employees: int) -> SizeBand:
        if employees < 10:
            return cls.MICRO
        if employees < 50:
            return cls.SMALL
        if employees < 250:
            return cls.MEDIUM
        return cls.LARGE


class Visibility(models.TextChoices):
    """Who may see a record or a field."""

    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members of the same network")
    MANAGERS = "managers", _("Network managers only")

    @classmethod
    def narrowest(cls, *values: str) -> Visibility:
        """The most restrictive of these visibilities (public < members < managers)."""
        order = [cls.PUBLIC, cls.MEMBERS, cls.MANAGERS]
        return max((cls(value) for value in values), key=order.index)


class DataSource(models.TextChoices):
    MANUAL = "manual", _("Entered on the platform")
    IMPORT = "import", _("File import")
    CORDIS = "cordis", _("CORDIS (EU research projects)")
    SEED = "seed", _("Published source (press release)")
    FICTITIOUS = "fictitious", _("Fictitious example")


class LawfulBasis(models.TextChoices):
    """Legal basis for processing a person's data (Art. 6(1) GDPR)."""

    CONSENT = "consent", _("Consent (Art. 6(1)(a) GDPR)")
    CONTRACT = "contract", _("Contract or membership (Art. 6(1)(b) GDPR)")
    LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest (Art. 6(1)(f) GDPR)")
