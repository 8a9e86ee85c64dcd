"""``{% public_key_figures network %}``: the network page's aggregate key figures."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from nahwerk.accounts.permissions import managed_network_ids
from nahwerk.networks.models import Network
from nahwerk.reports.keyfigures import Period, key_figures, public_figures

register = template.Library()
PUBLIC_CACHE_SECONDS = 600


@register.inclusion_tag("reports/includes/public_figures.html", takes_context=True)
def public_key_figures(context: dict[str, Any], network: Network) -> dict[str, Any]:
    """This year's counts, for everyone; the link to the dashboard for its managers."""
    period = Period.year_to_date(timezone.localdate())
    request = context.get("request")
    user = getattr(request, "user", None)
    # a public page: its figures may be a few minutes old, its queries run once per network
    key = ":".join(
        (
            "reports-public",
            str(network.pk),
            str(network.created_at.timestamp()) if network.created_at else "",
            period.end.isoformat(),
            get_language() or "",
        )
    )
    public = cache.get(key)
    if public is None:
        public = public_figures(key_figures(network, period))
        cache.set(key, public, PUBLIC_CACHE_SECONDS)
    return {
        "network": network,
        "public": public,
        "is_manager": user is not None and network.pk in managed_network_ids(user),
    }
