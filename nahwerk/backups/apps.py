"""Backups of the whole installation (``manage.py backup`` and ``manage.py restore``)."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupsConfig(AppConfig):
    name = "nahwerk.backups"
    label = "backups"
    verbose_name = _("Backups")
