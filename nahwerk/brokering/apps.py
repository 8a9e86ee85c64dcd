from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrokeringConfig(AppConfig):
    name = "nahwerk.brokering"
    verbose_name = _("Needs and brokering")
