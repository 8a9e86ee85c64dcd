"""Template tags of the projects app: a network's fields of action with their progress."""

from __future__ import annotations

from typing import Any

from django import template

from nahwerk.networks.models import Network
from nahwerk.projects.overview import field_progress

register = template.Library()


@register.inclusion_tag("projects/includes/field_progress.html")
def fields_of_action(network: Network) -> dict[str, Any]:
    """The network's REK fields: goals, counts of assigned work, indicators against targets."""
    return {"network": network, "progress": field_progress(network), "show_network": False}
