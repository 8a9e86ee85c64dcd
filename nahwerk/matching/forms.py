"""The partner search form: a need in free text, filters, a place and how much nearness counts."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from nahwerk.directory.choices import OrganisationKind, SizeBand
from nahwerk.directory.models import Organisation
from nahwerk.directory.services import listed_districts
from nahwerk.matching.services import PartnerFilters, PartnerMatch, find_partners
from nahwerk.networks.models import Network
from nahwerk.reference.models import District, IndustryCode, Postcode

MAX_NEED_LENGTH = 2000
DEFAULT_NEARNESS = 30  # percent; the engine's default of 0.3
MAX_DISTANCE_KM = 1000

_AGS = re.compile(r"\d{5}")


class RangeInput(forms.NumberInput):
    input_type = "range"


class FlagInput(forms.CheckboxInput):
    """A checkbox that also reads "0", "false", "no" and "off" in a link or API call as no."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> bool:
        value = data.get(name)
        if isinstance(value, str) and value.strip().lower() in ("", "0", "false", "no", "off"):
            return False
        return super().value_from_datadict(data, files, name)


class WholeNumberField(forms.IntegerField):
    """An IntegerField whose error for "abc" quotes what was entered."""

    def to_python(self, value: Any) -> int | None:
        try:
            return super().to_python(value)
        except ValidationError as error:
            raise ValidationError(
                _("“%(value)s” is not a whole number."), code="invalid", params={"value": value}
            ) from error


class DistrictField(forms.ChoiceField):
    """A district from the list, or typed into the address: its AGS or its exact name."""

    def validate(self, value: Any) -> None:
        # any district may be named, not only those offered in the list
        forms.Field.validate(self, value)

    def clean(self, value: Any) -> District | None:
        text = super().clean(value).strip()
        if not text:
            return None
        if _AGS.fullmatch(text):
            district = District.objects.filter(ags=text).first()
            if district is None:
                raise ValidationError(
                    _("No district has the AGS “%(value)s”."), params={"value": text}
                )
            return district
        found = list(District.objects.filter(name__iexact=text)[:5])
        if not found:
            raise ValidationError(_("No district is called “%(value)s”."), params={"value": text})
        if len(found) > 1:
            raise ValidationError(
                _("“%(value)s” names several districts (%(choices)s); choose one by its AGS."),
                params={"value": text, "choices": ", ".join(str(d) for d in found)},
            )
        return found[0]


CHOICE_ERRORS = {"invalid_choice": _("“%(value)s” is not one of the choices.")}


# Filters that narrow a search; a search that found nothing is offered without them.
NARROWING_FIELDS = ("network", "district", "kind", "size_band", "wz_section", "max_distance_km")


class SearchForm(forms.Form):
    """GET form, so that a search can be linked and bookmarked."""

    q = forms.CharField(
        label=_("What are you looking for?"),
        help_text=_(
            "Describe your need in German or English, e.g. "
            "“Wir suchen einen Partner für keramische Hochtemperaturfilter”."
        ),
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_NEED_LENGTH}),
        error_messages={"required": _("Describe what you are looking for.")},
    )
    network = forms.ChoiceField(label=_("Network"), required=False, error_messages=CHOICE_ERRORS)
    district = DistrictField(label=_("District"), required=False)
    kind = forms.ChoiceField(
        label=_("Type of organisation"),
        required=False,
        choices=[("", _("All types")), *OrganisationKind.choices],
        error_messages=CHOICE_ERRORS,
    )
    wz_section = forms.ChoiceField(
        label=_("Industry (WZ 2008 section)"), required=False, error_messages=CHOICE_ERRORS
    )
    size_band = forms.ChoiceField(
        label=_("Size"),
        required=False,
        choices=[("", _("All sizes")), *SizeBand.choices],
        error_messages=CHOICE_ERRORS,
    )
    near = forms.CharField(
        label=_("Near postcode"),
        required=False,
        max_length=10,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "postal-code", "size": 6}
        ),
    )
    max_distance_km = WholeNumberField(
        label=_("Maximum distance (km)"),
        required=False,
        min_value=1,
        max_value=MAX_DISTANCE_KM,
        error_messages={
            "min_value": _("%(value)s km is too little; enter at least %(limit_value)s km."),
            "max_value": _("%(value)s km is too far; enter at most %(limit_value)s km."),
        },
    )
    nearness = WholeNumberField(
        label=_("How much nearness counts"),
        required=False,
        min_value=0,
        max_value=100,
        initial=DEFAULT_NEARNESS,
        help_text=_("0 %: distance does not matter; 100 %: strongly prefer nearby partners."),
        widget=RangeInput(attrs={"step": 5}),
        error_messages={
            "min_value": _("%(value)s lies outside 0 to 100."),
            "max_value": _("%(value)s lies outside 0 to 100."),
        },
    )
    include_history = forms.BooleanField(
        label=_("Also earlier EU project partners"),
        required=False,
        widget=FlagInput,
        help_text=_(
            "Organisations known from EU research projects (CORDIS) that are not members "
            "of any network."
        ),
    )

    def __init__(
        self,
        data: Any = None,
        *,
        user: Any = None,
        asker: Organisation | None = None,
        **kwargs: Any,
    ) -> None:
        if data is not None and not data.get("nearness"):
            # a link without the slider's value searches with its default, and shows it
            data = data.copy()
            data["nearness"] = str(DEFAULT_NEARNESS)
        super().__init__(data, **kwargs)
        user = user if user is not None else AnonymousUser()
        self.asker = asker
        self.asker_has_location = asker is not None and asker.latitude is not None
        fields = self.fields
        networks = Network.objects.order_by("name").values_list("slug", "name")
        fields["network"].choices = [("", _("All networks")), *networks]  # type: ignore[attr-defined]
        districts = listed_districts(user)
        fields["district"].choices = [  # type: ignore[attr-defined]
            ("", _("All districts")),
            *((d.ags, f"{d.name} ({d.ags})") for d in districts),
        ]
        sections = IndustryCode.objects.filter(level=1).order_by("code")
        fields["wz_section"].choices = [  # type: ignore[attr-defined]
            ("", _("All industries")),
            *((s.code, f"{s.code}: {s.title}") for s in sections),
        ]
        nearness = self["nearness"].value()
        if nearness not in (None, ""):
            fields["nearness"].widget.attrs["aria-valuetext"] = f"{nearness} %"
        if self.asker_has_location:
            assert asker is not None
            fields["near"].help_text = _("Empty: distances are measured from %(name)s.") % {
                "name": asker.name
            }
        else:
            fields["near"].help_text = _("Needed for a maximum distance.")

    def clean_q(self) -> str:
        text: str = self.cleaned_data["q"]
        if len(text) > MAX_NEED_LENGTH:
            raise ValidationError(
                _("Your description has %(length)s characters; shorten it to at most %(limit)s."),
                params={"length": len(text), "limit": MAX_NEED_LENGTH},
            )
        if not any(char.isalnum() for char in text):
            # only punctuation or unassigned characters: nothing the engine can search for
            raise ValidationError(_("Describe what you are looking for."))
        return text

    def clean_near(self) -> str | None:
        code: str = self.cleaned_data["near"].strip()
        if not code:
            return None
        if not Postcode.objects.filter(code=code).exists():
            raise ValidationError(
                _("“%(value)s” is not a known German postcode."), params={"value": code}
            )
        return code

    def clean_nearness(self) -> int:
        value = self.cleaned_data["nearness"]
        return DEFAULT_NEARNESS if value is None else int(value)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None
        located = data.get("near") or self.asker_has_location
        if data.get("max_distance_km") is not None and not located and "near" not in self.errors:
            self.add_error(
                "max_distance_km",
                ValidationError(
                    _("%(value)s km from where? Enter a postcode to measure the distance from."),
                    params={"value": data["max_distance_km"]},
                ),
            )
        return data

    # --- for the view -------------------------------------------------------------------

    def partner_filters(self) -> PartnerFilters:
        data = self.cleaned_data

        def one(value: Any) -> frozenset[Any] | None:
            return frozenset({value}) if value else None

        network_ids = None
        if data.get("network"):
            network_ids = frozenset(
                Network.objects.filter(slug=data["network"]).values_list("pk", flat=True)
            )
        district = data.get("district")
        return PartnerFilters(
            kinds=one(data.get("kind")),
            network_ids=network_ids,
            district_ags=one(district.ags if district else None),
            wz_sections=one(data.get("wz_section")),
            size_bands=one(data.get("size_band")),
            max_distance_km=data.get("max_distance_km"),
        )

    def narrowing(self) -> list[str]:
        """The names of the filters set in this search (the view offers to drop them)."""
        data = self.cleaned_data
        return [name for name in NARROWING_FIELDS if data.get(name) not in (None, "")]

    def nearness_factor(self) -> float:
        return self.cleaned_data["nearness"] / 100

    def find_partners(self, user: Any, *, limit: int) -> list[PartnerMatch]:
        """The ranked matches for the validated search, as the page and the API show them.

        Raises :class:`MatchingError` when the engine refuses (e.g. no index yet).
        """
        data = self.cleaned_data
        return find_partners(
            data["q"],
            near=data["near"],
            filters=self.partner_filters(),
            user=user,
            asker=self.asker,
            nearness=self.nearness_factor(),
            limit=limit,
            include_history=data.get("include_history", False),
        )

    def errors_with_labels(self) -> list[tuple[str, str, str]]:
        """(field id or "", label, message) for the summary above the form."""
        summary: list[tuple[str, str, str]] = []
        for name, messages in self.errors.items():
            field = self.fields.get(name)
            label = str(field.label) if field is not None and field.label else ""
            target = self[name].auto_id if field is not None else ""
            summary.extend((target, label, str(message)) for message in messages)
        return summary
