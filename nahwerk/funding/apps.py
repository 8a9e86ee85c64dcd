"""Funding: programmes and calls, which of them fit an organisation or an idea, deadlines."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "nahwerk.funding"
    verbose_name = _("Funding")
