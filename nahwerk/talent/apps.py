"""The talent exchange: internships, theses, apprenticeships, jobs, personnel exchange."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "nahwerk.talent"
    verbose_name = _("Talent exchange")
