"""schema.org markup of public organisation pages."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from nahwerk.showcase import services

register = template.Library()

# as django.utils.html.json_script: nothing in the data can close the script element
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def organisation_jsonld(context: Any, organisation: Any) -> SafeString:
    """``<script type="application/ld+json">`` with the public parts of a public organisation."""
    request = context.get("request")
    site = request.build_absolute_uri("/").rstrip("/") if request is not None else ""
    data = services.organisation_jsonld(organisation, site)
    if data is None:
        return mark_safe("")
    text = json.dumps(data, ensure_ascii=False).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.filter
def json_attribute(value: Any) -> str:
    """``value`` as JSON for a data attribute (the template's escaping makes it safe there)."""
    return json.dumps(value, ensure_ascii=False)
