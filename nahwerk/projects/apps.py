"""Cooperation projects and the participation history (e.g. from CORDIS)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "nahwerk.projects"
    verbose_name = _("Projects")
