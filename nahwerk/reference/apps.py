"""Official reference data: districts, postcodes and the WZ 2008 classification."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    name = "nahwerk.reference"
    verbose_name = _("Reference data")
