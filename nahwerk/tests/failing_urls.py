"""The project's URLs plus views that fail, for the tests of the error pages."""

from __future__ import annotations

from django.core.exceptions import SuspiciousOperation
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.urls import path

from nahwerk.urls import handler400, handler500
from nahwerk.urls import urlpatterns as project_urlpatterns


def database_down(request: HttpRequest) -> HttpResponse:
    raise DatabaseError("could not connect to server")


def bad_request(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("a request that makes no sense")


urlpatterns = [
    path("kaputt/", database_down),
    path("unsinn/", bad_request),
    *project_urlpatterns,
]

__all__ = ["handler400", "handler500", "urlpatterns"]
