"""The offline map ground as one cached JSON document."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_safe

from nahwerk.reference.ground import ground_payload


def _ground_etag(request: HttpRequest) -> str:
    return ground_payload().etag


@require_safe
@cache_control(max_age=86400, public=True)
@condition(etag_func=_ground_etag)
def ground(request: HttpRequest) -> HttpResponse:
    """Land, borders and place names; the same for every user and language."""
    payload = ground_payload()
    accepts_gzip = "gzip" in request.headers.get("Accept-Encoding", "")
    response = HttpResponse(
        payload.gzipped if accepts_gzip else payload.body,
        content_type="application/geo+json",
    )
    if accepts_gzip:
        response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ["Accept-Encoding"])
    return response
