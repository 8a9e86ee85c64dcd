"""Number formats of the regional statistics: shares in percent, quotients, stars."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()

DASH = "\u2013"  # en dash


def _decimal(value: float, digits: int) -> str:
    # number_format cuts a float's digits off (1.41995 → "1,41"); round first
    return number_format(round(value, digits), digits)


@register.filter
def percent(value: float | None, digits: int = 1) -> str:
    """0.2992 → "29,9 %"; unknown → an en dash."""
    if value is None:
        return DASH
    return f"{_decimal(value * 100, digits)}\u00a0%"


@register.filter
def quotient(value: float | None) -> str:
    return DASH if value is None else _decimal(value, 2)


@register.filter
def count(value: int | None) -> str:
    return DASH if value is None else number_format(value, 0, force_grouping=True)


@register.filter
def signed(value: int | float | None, digits: int = 0) -> str:
    if value is None:
        return DASH
    text = number_format(round(abs(value), digits), digits, force_grouping=True)
    return f"+{text}" if value > 0 else (f"\u2212{text}" if value < 0 else text)  # minus sign


@register.filter
def star(value: bool | None) -> str:
    """★ earned, ☆ not earned, an en dash when unknown (the figure is not published)."""
    if value is None:
        return DASH
    return "★" if value else "☆"


@register.filter
def star_title(value: bool | None) -> str:
    if value is None:
        return _("unknown: the figure is not published")
    return _("star") if value else _("no star")


@register.filter
def lookup(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key)


@register.filter
def tie_kinds(kinds: Any) -> str:
    """An edge's occasions in words: "EU project (2), B2B meeting (1)"."""
    from nahwerk.regional.cooperation import TIE_KIND_LABELS

    return ", ".join(f"{TIE_KIND_LABELS.get(kind, kind)} ({n})" for kind, n in kinds)
