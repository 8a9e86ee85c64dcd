"""Template context shared by every page."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
    }


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the main navigation needs to know about the user (lazily, per page)."""
    from nahwerk.accounts.permissions import is_manager
    from nahwerk.brokering.services import unread_notifications
    from nahwerk.funding.services import unread_count as unread_funding
    from nahwerk.projects.services import unread_notifications as unread_projects

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    # A template calls a callable each time it names it (the bell names the count three
    # times): each is computed on first use and then kept for the rest of the page.
    @cache
    def unread() -> int:
        return unread_notifications(user) + unread_funding(user) + unread_projects(user).count()

    return {"is_network_manager": cache(lambda: is_manager(user)), "unread_notifications": unread}
