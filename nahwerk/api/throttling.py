"""The API's rate limit (DRF throttle) and its 429 message; counters as in nahwerk.ratelimits."""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.utils.translation import ngettext
from rest_framework import exceptions
from rest_framework.exceptions import ErrorDetail
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import exception_handler

from nahwerk.ratelimits import API, client_ip, wait_seconds


class ApiRateThrottle(BaseThrottle):
    """DRF throttle: requests per client address (anonymous) or per user (token, session).

    A fixed-window counter in the shared cache, cheaper per request than DRF's own
    throttles, which store the time of every request in the window.
    """

    def __init__(self) -> None:
        self.retry_after: int | None = None

    def allow_request(self, request: Request, view: Any) -> bool:
        user = request.user
        if user is not None and user.is_authenticated:
            key, rate = f"user-{user.pk}", settings.NAHWERK_API_RATE_USER
        else:
            key, rate = f"ip-{client_ip(request)}", settings.NAHWERK_API_RATE_ANONYMOUS
        self.retry_after = wait_seconds(request, group=API, rate=rate, key=key)
        return self.retry_after is None

    def wait(self) -> float | None:
        return self.retry_after


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler; a throttled request gets the same wording as the pages' 429."""
    if isinstance(exc, exceptions.Throttled):
        minutes = max(1, math.ceil((exc.wait or 60) / 60))
        exc.detail = ErrorDetail(
            ngettext(
                "Too many requests. Please try again in %(minutes)d minute.",
                "Too many requests. Please try again in %(minutes)d minutes.",
                minutes,
            )
            % {"minutes": minutes},
            code="throttled",
        )
    return exception_handler(exc, context)
