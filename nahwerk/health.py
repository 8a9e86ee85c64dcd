"""The health check for load balancers, service managers and monitoring: ``/health/``."""

from __future__ import annotations

import logging

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def database_state() -> str:
    """``"ok"`` when the database answers a query, else ``"unreachable"``."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure means the same to a load balancer: not ready
        logger.warning("Health check: the database does not answer", exc_info=True)
        return "unreachable"
    return "ok"


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """200 when the database answers and the partner index exists, else 503.

    ``index`` says whether this process has loaded the index (``loaded``), only finds it
    in the database (``built``: the first search loads it), finds none (``missing``: run
    ``manage.py rebuild_index``) or cannot tell without a database (``unknown``). Nothing
    here is secret, and nothing is loaded or waited for, so that a probe every few
    seconds costs at most two queries.
    """
    from nahwerk.matching.services import index_cache

    database = database_state()
    index = index_cache.state() if database == "ok" else "unknown"
    checks = {"database": database, "index": index}
    healthy = checks["database"] == "ok" and checks["index"] != "missing"
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
