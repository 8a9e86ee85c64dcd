"""Choices of the start-up app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """How far a start-up is (the investors' usual stages)."""

    IDEA = "idea", _("Idea")
    PRE_SEED = "pre_seed", _("Pre-seed")
    SEED = "seed", _("Seed")
    SERIES_A = "series_a", _("Series A")
    GROWTH = "growth", _("Growth")


class Seeking(models.TextChoices):
    """What a start-up looks for in the network."""

    CAPITAL = "capital", _("Capital")
    CUSTOMERS = "customers", _("Customers")
    PILOT_PARTNERS = "pilot_partners", _("Pilot partners")
    MENTORS = "mentors", _("Mentors")
    SPACE = "space", _("Space (office, workshop, lab)")


class Release(models.TextChoices):
    """Who may see a field of a start-up's profile: the start-up's choice per field."""

    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members of our networks")
    INVESTORS = "investors", _("Investors only")
    NOBODY = "nobody", _("Nobody (only us)")


class InvestorKind(models.TextChoices):
    FUND = "fund", _("Venture capital fund")
    ANGELS = "angels", _("Business angel network")
    PUBLIC_FUND = "public_fund", _("Public investment fund")
    CORPORATE = "corporate", _("Corporate venture capital")


class PipelineStage(models.TextChoices):
    """The manager's pipeline, from the first contact to financing (or a refusal)."""

    FIRST_CONTACT = "first_contact", _("First contact")
    ADVICE = "advice", _("Advice")
    PITCH_READY = "pitch_ready", _("Pitch prepared")
    INVESTOR_TALKS = "investor_talks", _("Talks with investors")
    FINANCED = "financed", _("Financed")
    DECLINED = "declined", _("Declined")
