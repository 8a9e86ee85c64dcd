"""The personal start page: what needs each user now."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "nahwerk.dashboard"
    verbose_name = _("My overview")
