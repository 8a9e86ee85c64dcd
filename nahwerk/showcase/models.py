"""How a network's public competence map looks when other websites embed it."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from nahwerk.networks.models import Network

HEX_COLOUR = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # followed by six hex digits, e.g. #1f5fa8.")
)
DEFAULT_PRIMARY = "#1f5fa8"
DEFAULT_ACCENT = "#b3261e"


class EmbedSettings(models.Model):
    """A network's colours on its competence map, and the websites that may embed it."""

    network = models.OneToOneField(
        Network,
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="embed_settings",
    )
    primary_colour = models.CharField(
        _("main colour"),
        max_length=7,
        default=DEFAULT_PRIMARY,
        validators=[HEX_COLOUR],
        help_text=_("Headings, links and the clusters on the map."),
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default=DEFAULT_ACCENT,
        validators=[HEX_COLOUR],
        help_text=_("The single organisations on the map."),
    )
    # One origin a line (https://www.example.de); empty: any website may embed the map.
    frame_origins = models.TextField(
        _("websites that may embed the map"),
        blank=True,
        help_text=_(
            "One address a line, e.g. https://www.westerwaldkreis.de. Leave empty to allow "
            "every website."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("embed settings")
        verbose_name_plural = _("embed settings")

    def __str__(self) -> str:
        return str(self.network)

    @property
    def origins(self) -> list[str]:
        return [line.strip() for line in self.frame_origins.splitlines() if line.strip()]
