"""Forms of the start-ups' and investors' pages and the manager's pipeline."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nahwerk.directory.models import Person
from nahwerk.forms import plain_text_field
from nahwerk.networks.models import Network
from nahwerk.reference.models import District, IndustryCode
from nahwerk.startups.choices import PipelineStage, Seeking, Stage
from nahwerk.startups.models import InvestorProfile, MentorOffer, StartupProfile
from nahwerk.validators import reject_markup

EARLIEST_FOUNDING = dt.date(1990, 1, 1)
LARGEST_AMOUNT = 10_000_000_000  # ten billion euros: more is a typing error


def _amount_field(label: Any, *, required: bool) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=LARGEST_AMOUNT,
        error_messages={
            "min_value": _("Please enter an amount of 0 € or more, not a negative one.")
        },
        widget=forms.NumberInput(attrs={"min": 0, "step": 1000}),
    )


class IndustryCodesField(forms.CharField):
    """WZ 2008 codes typed as text ("23.44, 72.19"), each checked against the classification."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault("validators", [reject_markup])
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            return ", ".join(v.code if isinstance(v, IndustryCode) else str(v) for v in value)
        return value

    def clean(self, value: Any) -> list[IndustryCode]:
        text = super().clean(value)
        wanted = [c for c in re.split(r"[\s,;]+", text or "") if c]
        if not wanted:
            return []
        found = {c.code: c for c in IndustryCode.objects.filter(code__in=wanted)}
        unknown = [c for c in wanted if c not in found]
        if unknown:
            raise ValidationError(
                _("Unknown WZ 2008 code(s): %(codes)s. Use codes like 23.44 or 72."),
                params={"codes": ", ".join(unknown)},
                code="unknown_code",
            )
        return [found[c] for c in dict.fromkeys(wanted)]


class StartupProfileForm(forms.ModelForm):
    founded_on = forms.DateField(
        label=_("Founded on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    team_size = forms.IntegerField(label=_("Team size"), min_value=1, max_value=5000)
    seeking = forms.MultipleChoiceField(
        label=_("We are looking for"),
        choices=Seeking.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    industry_codes = IndustryCodesField(
        label=_("Industry (WZ 2008 codes)"),
        required=False,
        help_text=_("Separated by commas, e.g. 23.44, 72.19. Empty: those of the organisation."),
    )
    pitch = plain_text_field(4000, required=False, label=_("Pitch"), rows=4)
    figures = plain_text_field(
        2000, required=False, label=_("Key figures (revenue, customers, growth)"), rows=3
    )
    team = plain_text_field(
        2000,
        required=False,
        label=_("Team"),
        rows=3,
    )
    capital_sought = _amount_field(_("Capital sought (EUR)"), required=False)

    class Meta:
        model = StartupProfile
        fields = (
            "founded_on",
            "stage",
            "team_size",
            "industry_codes",
            "seeking",
            "pitch",
            "pitch_release",
            "figures",
            "figures_release",
            "team",
            "team_release",
            "capital_sought",
            "capital_sought_release",
            "listed_for_investors",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].help_text = _(
            "Name people only with their consent; they can ask for their data to be erased."
        )
        if self.instance.pk:
            self.initial["industry_codes"] = ", ".join(
                c.code for c in self.instance.industry_codes.all()
            )

    def clean_founded_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["founded_on"]
        if day > timezone.localdate():
            raise ValidationError(
                _("The founding date %(date)s lies in the future."),
                params={"date": day.isoformat()},
                code="future",
            )
        if day < EARLIEST_FOUNDING:
            raise ValidationError(
                _("A start-up founded before %(year)d? Please check the year."),
                params={"year": EARLIEST_FOUNDING.year},
                code="too_early",
            )
        return day


class InvestorProfileForm(forms.ModelForm):
    focus = plain_text_field(3000, required=True, label=_("Investment focus"), rows=4)
    name = forms.CharField(label=_("Name"), max_length=200, validators=[reject_markup])
    stages = forms.MultipleChoiceField(
        label=_("Stages"),
        choices=Stage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every stage."),
    )
    industry_codes = IndustryCodesField(
        label=_("Industries (WZ 2008 codes)"),
        required=False,
        help_text=_(
            "Separated by commas; a division such as 23 covers its classes. Empty: every industry."
        ),
    )
    ticket_min = _amount_field(_("Smallest ticket (EUR)"), required=True)
    ticket_max = _amount_field(_("Largest ticket (EUR)"), required=True)
    districts = forms.ModelMultipleChoiceField(
        label=_("Region (districts)"),
        queryset=District.objects.order_by("name"),
        required=False,
        help_text=_("None chosen: anywhere in Germany."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    networks = forms.ModelMultipleChoiceField(
        label=_("Only for members of"),
        queryset=Network.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = InvestorProfile
        fields = (
            "name",
            "kind",
            "focus",
            "stages",
            "industry_codes",
            "ticket_min",
            "ticket_max",
            "districts",
            "networks",
            "is_public",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["industry_codes"] = ", ".join(
                c.code for c in self.instance.industry_codes.all()
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("ticket_min"), data.get("ticket_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "ticket_max",
                ValidationError(
                    _("The largest ticket (%(max)s €) is smaller than the smallest (%(min)s €)."),
                    params={
                        "max": f"{high:,}".replace(",", "."),
                        "min": f"{low:,}".replace(",", "."),
                    },
                    code="ticket_range",
                ),
            )
        return data


class MentorOfferForm(forms.ModelForm):
    topics = plain_text_field(2000, required=True, label=_("Topics"), rows=3)
    time_offered = forms.CharField(
        label=_("Time offered"),
        max_length=200,
        required=False,
        validators=[reject_markup],
        help_text=_("e.g. two hours a month"),
    )

    class Meta:
        model = MentorOffer
        fields = ("network", "person", "topics", "time_offered")

    def __init__(self, *args: Any, networks: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks  # type: ignore[attr-defined]
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["person"].help_text = _(
            "The mentor from your organisation's contacts; their name is shown as their "
            "contact record allows."
        )


def consenting_people(organisation_id: int) -> Any:
    """Contacts of the organisation that may be named as mentors (not withdrawn consent)."""
    return Person.objects.filter(
        organisation_id=organisation_id, consent_withdrawn_at__isnull=True
    ).order_by("last_name", "first_name")


class PipelineAddForm(forms.Form):
    startup = forms.ModelChoiceField(label=_("Start-up"), queryset=StartupProfile.objects.none())
    moved_on = forms.DateField(
        label=_("First contact on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = plain_text_field(4000, required=False, label=_("Note"), rows=2)

    def __init__(self, *args: Any, startups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["startup"].queryset = startups  # type: ignore[attr-defined]


class PipelineMoveForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("Move to"), choices=PipelineStage.choices)
    moved_on = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    amount = _amount_field(_("Capital raised (EUR), when financed"), required=False)
    note = plain_text_field(4000, required=False, label=_("Note"), rows=2)
