"""Forms of the privacy pages: confirming an erasure."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class EraseOwnDataForm(forms.Form):
    """The person confirms with their password that everything is to be erased."""

    password = forms.CharField(
        label=_("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "off"})
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and personal data will be erased for good."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return str(password)


class EraseOnRequestForm(forms.Form):
    """A manager confirms an erasure the person asked for."""

    confirm = forms.BooleanField(
        label=_("The person asked for erasure; erase their personal data for good."),
    )
