"""Rate limits for login, API token, password reset and the API, keyed by the real client.

Behind a reverse proxy every request comes from the proxy's address; keyed by that, one
client's failures would block everyone. The client's address is therefore read from
``X-Forwarded-For`` when (and only when) ``NAHWERK_TRUSTED_PROXY_COUNT`` says how many
proxies of our own append to it; otherwise a client could claim any address.

The counters are django-ratelimit's fixed windows in the cache ``shared`` (a database
table, so every web process and machine shares them). Failed logins count per address
across usernames (password spraying), on top of django-axes, which locks one username
for one address. Password-reset mails count per address and per e-mail address.
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Callable
from functools import wraps
from typing import Any

from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage

# The cache groups; a group shares one counter per key (the login page and /api/token/
# share "login", so spraying through both counts once).
LOGIN_FAILURES = "login-failures"
PASSWORD_RESET_BY_IP = "password-reset-ip"
PASSWORD_RESET_BY_EMAIL = "password-reset-email"
API = "api"


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the one our trusted proxies forwarded.

    Each proxy appends the address it received the request from, so with N trusted
    proxies the client is the N-th entry from the right; entries further left were
    written by the client and prove nothing.
    """
    remote: str = request.META.get("REMOTE_ADDR", "") or ""
    proxies = getattr(settings, "NAHWERK_TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in header.split(",") if hop.strip()]
    if not hops:
        return remote
    candidate = hops[-proxies] if len(hops) >= proxies else hops[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:  # a proxy that writes something else is misconfigured
        return remote


def lockout_seconds() -> int:
    """How long django-axes locks a username for an address (its Retry-After)."""
    return int(float(settings.AXES_COOLOFF_TIME) * 60 * 60)  # hours in the settings


def axes_lockout(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: axes' lockout page, and when to try again (Retry-After)."""
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_timedelta": cool_off,
    }
    response = render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=429)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


def axes_client_ip(request: HttpRequest) -> str:
    """``AXES_CLIENT_IP_CALLABLE``: django-axes locks username and *client* address."""
    return client_ip(request)


def _key(value: str) -> Callable[[str, HttpRequest], str]:
    return lambda group, request: value


def usage(
    request: HttpRequest, *, group: str, rate: str, key: str, increment: bool
) -> dict[str, Any] | None:
    """django-ratelimit's count for ``key`` in ``group`` (None when limits are off)."""
    return get_usage(request, group=group, key=_key(key), rate=rate, increment=increment)


def wait_seconds(
    request: HttpRequest, *, group: str, rate: str, key: str, increment: bool = True
) -> int | None:
    """Seconds to wait when ``key`` is over its limit in ``group``, else None."""
    used = usage(request, group=group, rate=rate, key=key, increment=increment)
    if used is None:
        return None
    # "over" the limit before counting this request means: already used up
    over = used["should_limit"] if increment else used["count"] >= used["limit"]
    return max(1, int(used["time_left"])) if over else None


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    """The 429 answer: JSON under /api/, else the page; both say when to try again."""
    minutes = max(1, math.ceil(retry_after / 60))
    message = ngettext(
        "Too many attempts from your address. Please try again in %(minutes)d minute.",
        "Too many attempts from your address. Please try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=429)
    else:
        body = loader.get_template("429.html").render(
            {"message": message, "minutes": minutes}, request
        )
        response = HttpResponse(body, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def limit_failed_logins(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    """Count failed logins per client address; refuse with 429 once they are used up.

    A login that succeeds (a redirect) costs nothing, so an office behind one address can
    log in as often as it likes; failures with any username count together.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method != "POST":
            return view(request, *args, **kwargs)
        address = client_ip(request)
        rate = settings.NAHWERK_RATE_LOGIN_FAILURES_PER_IP
        wait = wait_seconds(request, group=LOGIN_FAILURES, rate=rate, key=address, increment=False)
        if wait is not None:
            return too_many_requests(request, wait)
        response = view(request, *args, **kwargs)
        if response.status_code != 302:  # the form again (or axes' lockout): a failure
            usage(request, group=LOGIN_FAILURES, rate=rate, key=address, increment=True)
        return response

    return wrapper


def login_failures_exhausted(request: HttpRequest) -> int | None:
    """Seconds to wait when this address has used up its failed logins (for the API)."""
    return wait_seconds(
        request,
        group=LOGIN_FAILURES,
        rate=settings.NAHWERK_RATE_LOGIN_FAILURES_PER_IP,
        key=client_ip(request),
        increment=False,
    )


def count_login_failure(request: HttpRequest) -> None:
    usage(
        request,
        group=LOGIN_FAILURES,
        rate=settings.NAHWERK_RATE_LOGIN_FAILURES_PER_IP,
        key=client_ip(request),
        increment=True,
    )


def password_reset_wait(request: HttpRequest, email: str) -> int | None:
    """Count a reset request per client address and per e-mail address; the longer wait."""
    waits = [
        wait_seconds(
            request,
            group=PASSWORD_RESET_BY_IP,
            rate=settings.NAHWERK_RATE_PASSWORD_RESET_PER_IP,
            key=client_ip(request),
        ),
        wait_seconds(
            request,
            group=PASSWORD_RESET_BY_EMAIL,
            rate=settings.NAHWERK_RATE_PASSWORD_RESET_PER_EMAIL,
            key=email.strip().lower(),
        ),
    ]
    found = [wait for wait in waits if wait is not None]
    return max(found) if found else None
