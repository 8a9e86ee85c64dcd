"""Choices of the projects app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectSource(models.TextChoices):
    CORDIS = "cordis", _("CORDIS project record")
    H2020_NETWORK = "h2020_network", _("H2020 participation network")
    PLATFORM = "platform", _("Entered on the platform")


class ParticipantRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    PARTICIPANT = "participant", _("Participant")
    PARTNER = "partner", _("Partner")
    THIRD_PARTY = "third_party", _("Third party")


class ParticipantType(models.TextChoices):
    """CORDIS activity types."""

    PRC = "PRC", _("Private company")
    HES = "HES", _("Higher education")
    REC = "REC", _("Research organisation")
    PUB = "PUB", _("Public body")
    OTH = "OTH", _("Other")
