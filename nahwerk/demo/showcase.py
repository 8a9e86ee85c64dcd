"""Demo data of the competence maps: each demo network's colours for the embedded map."""

from __future__ import annotations

from nahwerk.networks.models import Network
from nahwerk.showcase.models import EmbedSettings

# (main colour, accent colour): ceramics' clay red for IMKK, the Erzgebirge's forest green
# for SmartERZ, the Ruhr's blue and violet, hannoverimpuls' red; all dark enough for white
# text on the clusters (contrast at least 4.5:1).
COLOURS = {
    "imkk": ("#8a3b12", "#1f5fa8"),
    "indie-regionruhr": ("#5e4fa2", "#b3261e"),
    "emscher-lippe": ("#005a87", "#b3261e"),
    "hannoverimpuls": ("#a3122a", "#1f5fa8"),
    "smarterz": ("#2f6b3a", "#8a3b12"),
}


def load_demo_showcase() -> int:
    """Sets the demo networks' colours; returns how many settings were created (idempotent)."""
    created = 0
    for network in Network.objects.filter(slug__in=COLOURS):
        primary, accent = COLOURS[network.slug]
        _settings, was_created = EmbedSettings.objects.update_or_create(
            network=network, defaults={"primary_colour": primary, "accent_colour": accent}
        )
        created += was_created
    return created
