"""Validators shared by the forms and the API."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
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
