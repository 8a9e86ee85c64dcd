"""What the sections of the start page share: their length, the unread answers and messages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Max, QuerySet

from nahwerk.brokering.models import EventKind, Need, Notification

# How many rows a section lists before it links to the full page.
SECTION_LIMIT = 5
# Steps of a need that a manager or asker wants to read when they are new.
ACTIVITY_KINDS = (EventKind.ANSWERED, EventKind.MESSAGE, EventKind.REVEALED)


def _unread_by_need(user: Any, needs: QuerySet[Need]) -> dict[int, tuple[int, dt.datetime]]:
    """Need id -> (unread answers and messages, when the latest came) for this user."""
    rows = (
        Notification.objects.filter(
            user=user.pk,
            read_at__isnull=True,
            event__kind__in=ACTIVITY_KINDS,
            event__need__in=needs.values("pk"),
        )
        .values_list("event__need")
        .annotate(n=Count("pk"), latest=Max("created_at"))
    )
    return {need_id: (n, latest) for need_id, n, latest in rows}
