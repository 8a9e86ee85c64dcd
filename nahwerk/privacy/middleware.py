"""Who is acting: the request's user becomes the actor of every audit log entry it causes."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

current_request: ContextVar[HttpRequest | None] = ContextVar("current_request", default=None)


class AuditActorMiddleware:
    """Keeps the request at hand while it is handled; see ``audit.record_actor``.

    django-auditlog's own middleware reads the user when the request arrives, before the
    API's token authentication has run, so API changes would have no actor. The user is
    read here when the entry is saved instead, by which time DRF has set it on the request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
