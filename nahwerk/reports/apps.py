"""Key figures of a network and the funder report."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "nahwerk.reports"
    label = "reports"
    verbose_name = _("Key figures and reports")
