"""Networks: the associations and initiatives that run on the platform, and their members."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "nahwerk.networks"
    verbose_name = _("Networks")
