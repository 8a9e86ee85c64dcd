"""``{% public_key_figures network %}``: the network page's aggregate key figures."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from nahwerk.accounts.permissions import managed_network_ids
from nahwerk.networks.models import Network
from nahwerk.reports.keyfigures import Period, key_figures, public_figures

register = template.Library()


@register.inclusion_tag("reports/includes/public_figures.html", takes_context=True)
def public_key_figures(context: dict[str, Any], network: Network) -> dict[str, Any]:
    """This year's counts, for everyone; the link to the dashboard for its managers."""
    period = Period.year_to_date(timezone.localdate())
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "network": network,
        "public": public_figures(key_figures(network, period)),
        "is_manager": user is not None and network.pk in managed_network_ids(user),
    }
