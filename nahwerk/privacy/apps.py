"""Privacy: audit log, export and erasure of a person's data, consent, retention periods."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "nahwerk.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from nahwerk.privacy import audit

        audit.register_audited_models()
