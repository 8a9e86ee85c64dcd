"""Partner matching on the platform: stored profile vectors, the index and its upkeep."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "nahwerk.matching"
    verbose_name = _("Partner matching")

    def ready(self) -> None:
        from nahwerk.matching import signals  # noqa: F401  (connects the receivers)
