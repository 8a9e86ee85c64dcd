"""The directory of organisations and their contact people."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "nahwerk.directory"
    verbose_name = _("Directory")
