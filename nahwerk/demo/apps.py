"""Demo data: the seed networks, their named organisations and marked fictitious members."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "nahwerk.demo"
    verbose_name = _("Demo data")
