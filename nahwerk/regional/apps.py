"""Regional statistics: official employment by district and sector, and the white spots."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionalConfig(AppConfig):
    name = "nahwerk.regional"
    label = "regional"
    verbose_name = _("Regional statistics")
