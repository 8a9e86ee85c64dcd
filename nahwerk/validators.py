"""Validators shared by the forms and the API."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Something that looks like an HTML tag: "<script>", "</b>", "<img src=…>", "<!-- -->".
# "< 1200 °C" or "<1200" are ordinary text and pass.
MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^<>]*>?")


def reject_markup(value: str) -> None:
    """Refuse text that contains HTML markup; plain text is all the platform stores."""
    found = MARKUP.search(value or "")
    if found:
        raise ValidationError(
            _("Please enter plain text without HTML tags (found “%(tag)s”)."),
            code="markup",
            params={"tag": found.group(0)[:40]},
        )


# Dates the platform plans with: needs, events and their programme. Earlier or later ones
# are typing errors ("1899", "20255"), and far-future ones would sort above everything.
EARLIEST_YEAR = 2000
YEARS_AHEAD = 10


def plausible_date(value: dt.date | dt.datetime | None) -> None:
    """Refuse a date before 2000 or more than ten years ahead, naming the allowed years."""
    if value is None:
        return
    day = timezone.localtime(value).date() if isinstance(value, dt.datetime) else value
    latest = timezone.localdate().year + YEARS_AHEAD
    if not EARLIEST_YEAR <= day.year <= latest:
        raise ValidationError(
            _("Please enter a date between the years %(earliest)d and %(latest)d."),
            code="implausible_date",
            params={"earliest": EARLIEST_YEAR, "latest": latest},
        )
