"""Start-ups, investors, mentor offers and the managers' start-up pipeline."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StartupsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nahwerk.startups"
    label = "startups"
    verbose_name = _("Start-ups and investors")
