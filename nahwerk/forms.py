"""Form fields shared by the apps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

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
