"""Forms of the funding pages: the call search, programmes and calls by hand, the upload."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from nahwerk.directory.choices import OrganisationKind, SizeBand
from nahwerk.funding.choices import FundingLevel
from nahwerk.funding.fit import STATE_NAMES, Applicant, FitFilters
from nahwerk.funding.importing import MAX_FILE_BYTES
from nahwerk.funding.models import Call, Programme
from nahwerk.networks.models import Network
from nahwerk.reference.models import District
from nahwerk.validators import plausible_date, reject_markup

MAX_IDEA_CHARS = 5000
STATE_CHOICES = sorted(STATE_NAMES.items(), key=lambda item: item[1])


class CallSearchForm(forms.Form):
    """An idea in free text and the filters of the call search (``/foerderung/``)."""

    q = forms.CharField(
        label=_("Your project idea"),
        required=False,
        max_length=MAX_IDEA_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In German or English: what you want to develop, with whom, for what."),
    )
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("all")), *FundingLevel.choices]
    )
    kind = forms.ChoiceField(
        label=_("Who applies"),
        required=False,
        choices=[("", _("any kind of organisation")), *OrganisationKind.choices],
    )
    size_band = forms.ChoiceField(
        label=_("Size"), required=False, choices=[("", _("any size")), *SizeBand.choices]
    )
    state = forms.ChoiceField(
        label=_("Seat in the state"),
        required=False,
        choices=[("", _("anywhere")), *STATE_CHOICES],
    )

    def clean_q(self) -> str:
        text = self.cleaned_data["q"].replace("\x00", " ").strip()
        if text and not any(ch.isalnum() for ch in text):
            raise forms.ValidationError(_("Describe your project idea in words."))
        return text

    def fit_filters(self, organisation_applicant: Applicant | None = None) -> FitFilters:
        data = self.cleaned_data
        given = data["kind"] or data["size_band"] or data["state"]
        applicant = organisation_applicant
        if given:
            base = organisation_applicant or Applicant()
            applicant = Applicant(
                kind=data["kind"] or base.kind,
                size_band=data["size_band"] or base.size_band,
                state_code=data["state"] or base.state_code,
                # a chosen state replaces the organisation's seat
                district_ags=("00000" if data["state"] else base.district_ags),
                district_name=(STATE_NAMES.get(data["state"], "") or base.district_name),
            )
        return FitFilters(level=data["level"], applicant=applicant)


def _codes(value: str, pattern: str, what: Any) -> list[str]:
    codes = [c for c in re.split(r"[\s,;]+", value.strip()) if c]
    bad = [c for c in codes if not re.fullmatch(pattern, c)]
    if bad:
        raise forms.ValidationError(
            _("Not a %(what)s: %(values)s") % {"what": what, "values": ", ".join(bad[:5])}
        )
    return sorted(set(codes))


class ProgrammeForm(forms.ModelForm):
    """A programme a network's managers curate (e.g. a state's innovation voucher)."""

    applicant_kinds = forms.MultipleChoiceField(
        label=_("Eligible kinds of applicants"),
        required=False,
        choices=OrganisationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every kind may apply."),
    )
    size_bands = forms.MultipleChoiceField(
        label=_("Eligible sizes"),
        required=False,
        choices=SizeBand.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every size may apply."),
    )
    state_codes = forms.MultipleChoiceField(
        label=_("Eligible states"),
        required=False,
        choices=STATE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: applicants from anywhere."),
    )
    district_text = forms.CharField(
        label=_("Eligible districts (AGS)"),
        required=False,
        help_text=_("Five-digit district keys, separated by commas, e.g. 07143, 07132."),
    )
    networks = forms.ModelMultipleChoiceField(
        label=_("Networks"),
        queryset=Network.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The networks whose managers keep this programme up to date."),
    )

    class Meta:
        model = Programme
        fields = [
            "name",
            "short_name",
            "funder",
            "level",
            "description",
            "applicant_kinds",
            "size_bands",
            "state_codes",
            "collaboration",
            "funding_rate_percent",
            "max_amount",
            "source_url",
            "source_note",
            "checked_on",
            "networks",
        ]
        widgets = {
            "checked_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, networks: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["networks"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = networks
        # nothing about a programme without a source: rate and maximum come with it
        for name in ("funding_rate_percent", "max_amount", "source_note"):
            self.fields[name].required = True
        self.fields["source_url"].help_text = _(
            "Where the programme's conditions are published (the funding guideline)."
        )
        if self.instance.pk:
            self.fields["district_text"].initial = ", ".join(self.instance.district_ags)

    def clean_district_text(self) -> list[str]:
        codes = _codes(self.cleaned_data["district_text"], r"\d{5}", _("district key (AGS)"))
        known = set(District.objects.filter(ags__in=codes).values_list("ags", flat=True))
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise forms.ValidationError(
                _("Unknown district keys: %(values)s") % {"values": ", ".join(unknown)}
            )
        return codes

    def clean_name(self) -> str:
        value: str = self.cleaned_data["name"].strip()
        reject_markup(value)
        return value

    def clean_description(self) -> str:
        value: str = self.cleaned_data["description"]
        reject_markup(value)
        return value

    def clean_checked_on(self) -> Any:
        value = self.cleaned_data["checked_on"]
        plausible_date(value)
        from django.utils import timezone

        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date it was checked cannot lie in the future."))
        return value

    def clean_funding_rate_percent(self) -> Any:
        value = self.cleaned_data["funding_rate_percent"]
        if value is not None and not 0 < value <= 100:
            raise forms.ValidationError(_("Enter a rate between 0 and 100 %."))
        return value

    def clean_max_amount(self) -> Any:
        value = self.cleaned_data["max_amount"]
        if value is not None and value <= 0:
            raise forms.ValidationError(_("Enter an amount above 0."))
        return value

    def save(self, commit: bool = True) -> Programme:
        programme: Programme = super().save(commit=False)
        programme.district_ags = self.cleaned_data["district_text"]
        if commit:
            programme.save()
            self.save_m2m()
        return programme


class CallForm(forms.ModelForm):
    """A call of a curated programme, entered by hand."""

    class Meta:
        model = Call
        fields = [
            "topic_id",
            "title",
            "description",
            "keywords",
            "conditions",
            "opens_on",
            "deadline",
            "budget_min",
            "budget_max",
            "min_partners",
            "min_countries",
            "source_url",
            "checked_on",
        ]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "checked_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 6}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic_id"].help_text = _(
            "A short unique label, e.g. the call's reference in the funding guideline."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("title", "description", "keywords", "conditions"):
            try:
                reject_markup(data.get(name) or "")
            except forms.ValidationError as error:
                self.add_error(name, error)
        for name in ("opens_on", "deadline", "checked_on"):
            try:
                plausible_date(data.get(name))
            except forms.ValidationError as error:
                self.add_error(name, error)
        low, high = data.get("budget_min"), data.get("budget_max")
        if low is not None and high is not None and high < low:
            self.add_error("budget_max", _("The upper budget lies below the lower one."))
        opens, deadline = data.get("opens_on"), data.get("deadline")
        if opens and deadline and deadline < opens:
            self.add_error("deadline", _("The deadline lies before the opening."))
        partners, countries = data.get("min_partners"), data.get("min_countries")
        if partners is not None and countries is not None and countries > partners:
            self.add_error("min_countries", _("There cannot be more countries than partners."))
        return data


class CallUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Call file"),
        help_text=_(
            "The EU portal's call records as JSON lines (.jsonl), also gzip-compressed "
            "(.jsonl.gz), like data/eu_calls/open_calls.jsonl.gz."
        ),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".jsonl", ".json", ".jsonl.gz", ".json.gz", ".gz")):
            raise forms.ValidationError(_("Upload a .jsonl or .jsonl.gz file."))
        if upload.size is not None and upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is too large; at most %(size)d MB are accepted.")
                % {"size": MAX_FILE_BYTES // (1024 * 1024)}
            )
        return upload

    @property
    def filename(self) -> str:
        return Path(self.cleaned_data["file"].name or "calls.jsonl").name[:255]


class SendCallForm(forms.Form):
    """The members a manager sends a call to (all fitting ones are ticked)."""

    organisations = forms.TypedMultipleChoiceField(
        label=_("Members"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisations"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = choices
        field.initial = [pk for pk, _name in choices]
