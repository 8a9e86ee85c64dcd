"""The background jobs app."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "nahwerk.jobs"
    label = "jobs"
    verbose_name = _("background jobs")
    default_auto_field = "django.db.models.BigAutoField"
