"""Error pages in the site's layout: the server error and the refused form (CSRF)."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

# Shown only when even the 500 template cannot be rendered (a broken template or settings).
FALLBACK_500 = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Fehler · nahwerk</title></head>
<body><h1>Da ist etwas schiefgegangen</h1>
<p>Die Seite kann gerade nicht angezeigt werden. Bitte versuchen Sie es in einigen Minuten
noch einmal.</p>
<p lang="en">Something went wrong on our side. Please try again in a few minutes.</p>
<p><a href="/">nahwerk</a></p></body></html>
"""


@requires_csrf_token
def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """Render the 500 page without the request: no context processor, no database query.

    Whatever broke the page (the database, a context processor) must not break the error
    page too; the template gets an empty context, like Django's own handler gives it.
    """
    try:
        body = loader.get_template(template_name).render({})
    except Exception:  # the error page itself must never fail
        logger.exception("The 500 page could not be rendered")
        body = FALLBACK_500
    return HttpResponseServerError(body)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A refused form in the site's layout, with the user's navigation.

    Set as ``CSRF_FAILURE_VIEW``: Django's own view renders its template without the request.
    """
    logger.warning("Form refused (CSRF): %s", reason)
    template = loader.get_template("403_csrf.html")
    return HttpResponseForbidden(template.render({"reason": reason}, request))
