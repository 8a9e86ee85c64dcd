"""Query parameters read the same way everywhere: ids, page numbers and other whole numbers.

A parameter that is not a plain decimal number in its range (``9223372036854775808``
overflows every database's integer, ``"²"`` passes ``str.isdigit()`` but not ``int()``) is
refused with :class:`InvalidParameter`, a 400 that names the parameter and the value. The
pages get it as the 400 page (``handler400``), the API as JSON (``nahwerk.api.fields``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

# The range of a 64-bit signed integer: the ids of SQLite and PostgreSQL (bigint).
MAX_ID = 2**63 - 1
# ASCII digits only: str.isdigit() also accepts "²", "٣" and other digits int() refuses.
_WHOLE_NUMBER = re.compile(r"[0-9]{1,19}")
# Never echo more than this of a value back.
_SHOWN = 40


class InvalidParameter(BadRequest):
    """A query parameter that cannot be read; its message names parameter and value."""

    def __init__(self, name: str, value: str, reason: str):
        self.name = name
        self.value = value
        self.reason = reason
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return _("The parameter “%(name)s” has an invalid value “%(value)s”: %(reason)s") % {
            "name": self.name,
            "value": self.value[:_SHOWN],
            "reason": self.reason,
        }


def parse_whole_number(name: str, value: Any, *, minimum: int = 1, maximum: int = MAX_ID) -> int:
    """``value`` as an int between ``minimum`` and ``maximum``, else InvalidParameter."""
    text = str(value).strip()
    reason = _("expected a whole number from %(minimum)s to %(maximum)s.") % {
        "minimum": minimum,
        "maximum": maximum,
    }
    if not _WHOLE_NUMBER.fullmatch(text):
        raise InvalidParameter(name, str(value), reason)
    number = int(text)
    if not minimum <= number <= maximum:
        raise InvalidParameter(name, str(value), reason)
    return number


def whole_number(
    params: Mapping[str, Any], name: str, *, minimum: int = 1, maximum: int = MAX_ID
) -> int | None:
    """The parameter ``name`` of a query as a number in range, ``None`` when absent or empty."""
    value = params.get(name)
    if value is None or str(value).strip() == "":
        return None
    return parse_whole_number(name, value, minimum=minimum, maximum=maximum)


def page_number(params: Mapping[str, Any], name: str = "page") -> int | None:
    """A page number (1 or more); a page after the last is the paginator's concern."""
    return whole_number(params, name, minimum=1)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """``handler400``: the reason as JSON for the API, else the 400 page with the reason."""
    reason = exception.message if isinstance(exception, InvalidParameter) else ""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": reason or _("The request could not be read.")},
            status=400,
        )
    template = loader.get_template("400.html")
    if not reason:
        # as Django's own handler: without the request, which may be what is wrong (a
        # disallowed host would fail again in the context processors)
        return HttpResponseBadRequest(template.render({}))
    return HttpResponseBadRequest(template.render({"reason": reason}, request))
