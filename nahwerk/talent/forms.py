"""Forms of the talent exchange: the board's filters, a posting, an application, a status."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nahwerk.directory.models import Organisation
from nahwerk.forms import plain_text_field
from nahwerk.matching.forms import CHOICE_ERRORS, WholeNumberField
from nahwerk.reference.models import District, IndustryCode, Postcode
from nahwerk.talent.choices import ApplicationStatus, FieldOfWork, Language, PostingKind
from nahwerk.talent.services import CHAIR_KINDS, ApplicationInput, PostingInput
from nahwerk.validators import reject_markup

MAX_DISTANCE_KM = 500
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SummaryMixin:
    """(field id, label, message) for the error summary above a form."""

    def errors_with_labels(self) -> list[tuple[str, str, str]]:
        form: Any = self
        summary: list[tuple[str, str, str]] = []
        for name, messages in form.errors.items():
            field = form.fields.get(name)
            label = str(field.label) if field is not None and field.label else ""
            target = form[name].auto_id if field is not None else ""
            summary.extend((target, label, str(message)) for message in messages)
        return summary


class BoardForm(SummaryMixin, forms.Form):
    """The board's filters (GET, so that a view of the board can be linked)."""

    interest = forms.CharField(
        label=_("What interests you?"),
        required=False,
        max_length=2000,
        help_text=_(
            "Describe in your own words what you would like to work on, e.g. "
            "“Glasuren und Werkstoffprüfung”; the board shows the postings that fit it."
        ),
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 2000}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *PostingKind.choices],
        error_messages=CHOICE_ERRORS,
    )
    field_of_work = forms.ChoiceField(
        label=_("Field of work"),
        required=False,
        choices=[("", _("All fields")), *FieldOfWork.choices],
        error_messages=CHOICE_ERRORS,
    )
    wz_section = forms.ChoiceField(
        label=_("Industry (WZ 2008 section)"), required=False, error_messages=CHOICE_ERRORS
    )
    district = forms.ChoiceField(label=_("District"), required=False, error_messages=CHOICE_ERRORS)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Any language")), ("de", _("German")), ("en", _("English"))],
        error_messages=CHOICE_ERRORS,
    )
    near = forms.CharField(
        label=_("Near postcode"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}),
    )
    max_distance_km = WholeNumberField(
        label=_("Within (km)"),
        required=False,
        min_value=1,
        max_value=MAX_DISTANCE_KM,
        error_messages={
            "min_value": _("%(value)s km is too little; enter at least %(limit_value)s km."),
            "max_value": _("%(value)s km is too far; enter at most %(limit_value)s km."),
        },
    )

    def __init__(self, *args: Any, districts: list[District], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sections = IndustryCode.objects.filter(level=1).order_by("section")
        wz: Any = self.fields["wz_section"]
        wz.choices = [
            ("", _("All industries")),
            *((c.section, f"{c.section} {c.title_de}") for c in sections),
        ]
        district: Any = self.fields["district"]
        district.choices = [
            ("", _("All districts")),
            *((d.ags, d.name) for d in districts),
        ]

    def clean_interest(self) -> str:
        text: str = self.cleaned_data["interest"].strip()
        if text and not any(char.isalnum() for char in text):
            raise ValidationError(_("Describe what interests you in words."))
        return text

    def clean_near(self) -> Postcode | None:
        code: str = self.cleaned_data["near"].strip()
        if not code:
            return None
        entry = Postcode.objects.filter(code=code).first()
        if entry is None:
            raise ValidationError(
                _("“%(value)s” is not a known German postcode."), params={"value": code}
            )
        return entry

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None
        needs_origin = data.get("max_distance_km") is not None and not data.get("near")
        if needs_origin and "near" not in self.errors:
            self.add_error(
                "max_distance_km",
                ValidationError(
                    _("%(value)s km from where? Enter a postcode to measure the distance from."),
                    params={"value": data["max_distance_km"]},
                ),
            )
        return data


class PostingForm(SummaryMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PostingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200, validators=[reject_markup])
    description = plain_text_field(5000, required=True, label=_("What it is about"), rows=6)
    requirements = plain_text_field(2000, required=False, label=_("What you bring"), rows=3)
    field_of_work = forms.ChoiceField(label=_("Field of work"), choices=FieldOfWork.choices)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    chair = forms.ModelChoiceField(
        label=_("Supervising university or institute"),
        required=False,
        queryset=Organisation.objects.none(),
        help_text=_("For a thesis: the university or institute whose chair supervises it."),
    )
    chair_name = forms.CharField(
        label=_("Chair"),
        required=False,
        max_length=200,
        validators=[reject_markup],
        help_text=_("E.g. “Lehrstuhl für Silicatkeramik, Prof. Dr. …”."),
    )
    postcode = forms.CharField(
        label=_("Postcode of the place of work"),
        required=False,
        max_length=5,
        help_text=_("Empty: your organisation's address."),
    )
    starts_on = forms.DateField(label=_("Start"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("End"), required=False, widget=DATE)
    expires_on = forms.DateField(
        label=_("Shown until"),
        widget=DATE,
        help_text=_("After this day the posting leaves the board on its own."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chair: Any = self.fields["chair"]
        chair.queryset = Organisation.objects.listed().filter(kind__in=CHAIR_KINDS).order_by("name")
        if not self.is_bound and "expires_on" not in self.initial:
            self.initial["expires_on"] = timezone.localdate() + dt.timedelta(days=60)

    def to_input(self) -> PostingInput:
        d = self.cleaned_data
        return PostingInput(
            kind=d["kind"],
            title=d["title"],
            description=d["description"],
            requirements=d["requirements"],
            field_of_work=d["field_of_work"],
            language=d["language"],
            chair=d["chair"],
            chair_name=d["chair_name"],
            postcode=d["postcode"].strip(),
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            expires_on=d["expires_on"],
        )


class ApplicationForm(SummaryMixin, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=120, validators=[reject_markup])
    email = forms.EmailField(label=_("Your e-mail address"))
    phone = forms.CharField(
        label=_("Phone (optional)"), required=False, max_length=40, validators=[reject_markup]
    )
    message = plain_text_field(4000, required=True, label=_("Your message"), rows=6)
    attachment = forms.FileField(
        label=_("CV or documents (PDF, at most 5 MB, optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    consent = forms.BooleanField(
        required=True,
        error_messages={
            "required": _("Without your consent the organisation may not process your application.")
        },
    )

    def to_input(self) -> ApplicationInput:
        d = self.cleaned_data
        return ApplicationInput(
            name=d["name"],
            email=d["email"],
            phone=d["phone"],
            message=d["message"],
            consent=d["consent"],
            attachment=d["attachment"] or None,
        )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=ApplicationStatus.choices, error_messages=CHOICE_ERRORS
    )
