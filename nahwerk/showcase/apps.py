"""The public competence map of a network (Kompetenzmarketing)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowcaseConfig(AppConfig):
    name = "nahwerk.showcase"
    label = "showcase"
    verbose_name = _("Public competence map")

    def ready(self) -> None:
        from nahwerk.showcase import signals  # noqa: F401 (connects the receivers)
