"""Form fields shared by the apps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from nahwerk.queryparams import parse_whole_number
from nahwerk.validators import reject_markup


def plain_text_field(
    max_length: int, *, required: bool, label: Any, rows: int = 3
) -> forms.CharField:
    """A text area for plain text: limited length, no HTML."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        validators=[reject_markup],
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": max_length}),
    )


def add_validation_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: by field where it names one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def check_formset_size(data: Any, *, prefix: str, max_forms: int) -> None:
    """Refuse a posted formset with more forms than it may have, before any form is built.

    Django builds every form the management form announces (up to ``absolute_max``) before
    it refuses too many; a hand-made post announcing 1000 would cost seconds of CPU. This
    answers 400 naming the field instead (``nahwerk.queryparams.InvalidParameter``).
    """
    if data is None:
        return
    for name in ("TOTAL_FORMS", "INITIAL_FORMS"):
        key = f"{prefix}-{name}"
        if key in data:
            parse_whole_number(key, data[key], minimum=0, maximum=max_forms)
