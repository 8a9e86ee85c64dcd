"""The competence map's filters and the manager's embed settings."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _

from nahwerk.directory.choices import OrganisationKind
from nahwerk.directory.forms import CHOICE_ERRORS
from nahwerk.networks.models import Network
from nahwerk.reference.models import IndustryCode
from nahwerk.showcase import services
from nahwerk.showcase.models import EmbedSettings

COMPETENCE_MAX_CHARS = 200


class ShowcaseFilterForm(forms.Form):
    """The filters of a competence map (GET, so that a filtered map can be linked)."""

    q = forms.CharField(
        label=_("Competence"),
        required=False,
        max_length=COMPETENCE_MAX_CHARS,
        help_text=_("What you are looking for, in your own words, e.g. laser cutting"),
        widget=forms.TextInput(attrs={"type": "search"}),
        error_messages={
            "max_length": _(
                "Please describe the competence in at most %(limit_value)d characters "
                "(you entered %(show_value)d)."
            )
        },
    )
    wz = forms.CharField(
        label=_("Industry (WZ 2008 code)"),
        required=False,
        max_length=10,
        help_text=_("A section or code, e.g. C or 23.44"),
        error_messages={"max_length": _("“%(value)s” is not a WZ 2008 code.")},
    )
    kind = forms.ChoiceField(
        label=_("Type of organisation"),
        required=False,
        choices=[("", _("All types")), *OrganisationKind.choices],
        error_messages=CHOICE_ERRORS,
    )
    district = forms.ChoiceField(label=_("District"), required=False, error_messages=CHOICE_ERRORS)

    def __init__(self, data: Any = None, *, network: Network, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["district"].choices = [  # type: ignore[attr-defined]
            ("", _("All districts")),
            *((d.ags, d.name) for d in services.district_choices(network)),
        ]

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())

    def clean_wz(self) -> IndustryCode | None:
        value = self.cleaned_data["wz"].strip().upper()
        if not value:
            return None
        code = IndustryCode.objects.filter(code=value).first()
        if code is None:
            raise forms.ValidationError(
                _("“%(value)s” is not a WZ 2008 code."), params={"value": value}, code="unknown"
            )
        return code

    def filters(self) -> services.Filters:
        data = self.cleaned_data
        return services.Filters(
            competence=data["q"], wz=data["wz"], kind=data["kind"], district=data["district"]
        )


class EmbedSettingsForm(forms.ModelForm):
    class Meta:
        model = EmbedSettings
        fields = ["primary_colour", "accent_colour", "frame_origins"]
        widgets = {
            "primary_colour": forms.TextInput(attrs={"type": "color"}),
            "accent_colour": forms.TextInput(attrs={"type": "color"}),
            "frame_origins": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_frame_origins(self) -> str:
        lines = [line.strip() for line in self.cleaned_data["frame_origins"].splitlines()]
        origins = []
        for line in filter(None, lines):
            parts = urlsplit(line)
            if (
                parts.scheme not in ("http", "https")
                or not parts.netloc
                or parts.path
                not in (
                    "",
                    "/",
                )
                or parts.query
                or any(c in line for c in " ;,'\"")
            ):
                raise forms.ValidationError(
                    _("“%(value)s” is not a website address such as https://www.example.de."),
                    params={"value": line},
                    code="invalid_origin",
                )
            origins.append(f"{parts.scheme}://{parts.netloc.lower()}")
        return "\n".join(origins)
