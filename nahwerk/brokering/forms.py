"""Forms of the brokering pages; the rules themselves live in brokering.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from nahwerk.brokering.models import MAX_DESCRIPTION_LENGTH, Need, ReferralResponse
from nahwerk.directory.models import Organisation
from nahwerk.forms import plain_text_field
from nahwerk.networks.models import Network
from nahwerk.reference.models import IndustryCode
from nahwerk.validators import plausible_date


def _code_label(code: IndustryCode) -> str:
    return f"{code.code} {code.title}"


class NeedForm(forms.ModelForm):
    """Post or edit a need; the network is chosen among the asker's networks."""

    class Meta:
        model = Need
        fields = [
            "network",
            "title",
            "description",
            "partner_kind",
            "field",
            "max_distance_km",
            "deadline",
            "posting",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            # a date input takes and shows ISO dates whatever the interface language
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "posting": forms.RadioSelect,
        }

    def __init__(self, *args: Any, networks: list[int] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field_choices = self.fields["field"]
        assert isinstance(field_choices, forms.ModelChoiceField)
        field_choices.queryset = IndustryCode.objects.filter(level=2).order_by("code")
        field_choices.label_from_instance = _code_label  # type: ignore[method-assign,assignment]
        network = self.fields["network"]
        assert isinstance(network, forms.ModelChoiceField)
        if networks is None:  # editing: the network stays
            del self.fields["network"]
        else:
            network.queryset = Network.objects.filter(pk__in=networks).order_by("name")
            if len(networks) == 1:
                network.initial = networks[0]
        self.fields["deadline"].validators.append(plausible_date)
        distance = self.fields["max_distance_km"]
        distance.validators += [MinValueValidator(1), MaxValueValidator(1000)]
        distance.widget.attrs.update(min=1, max=1000)
        self.fields["title"].widget.attrs["maxlength"] = 200
        self.fields["description"].widget.attrs["maxlength"] = MAX_DESCRIPTION_LENGTH


class ReasonForm(forms.Form):
    reason = plain_text_field(500, required=True, label=_("Reason"), rows=2)


class RoutingForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Route to"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one organisation.")},
    )
    note = plain_text_field(2000, required=False, label=_("Note to the organisations"))

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["organisations"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = organisations
        field.error_messages["invalid_choice"] = _(
            "%(value)s is not an organisation of this need's network."
        )


class AnswerForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Our answer"),
        choices=[c for c in ReferralResponse.choices if c[0] != ReferralResponse.PENDING],
        widget=forms.RadioSelect,
    )
    message = plain_text_field(
        MAX_DESCRIPTION_LENGTH, required=False, label=_("Message or question (optional)")
    )


class MessageForm(forms.Form):
    referral = forms.IntegerField(widget=forms.HiddenInput)
    body = plain_text_field(MAX_DESCRIPTION_LENGTH, required=True, label=_("Your message"), rows=3)


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            ("cooperation", _("Cooperation started")),
            ("closed", _("Closed")),
        ],
        widget=forms.RadioSelect,
    )
    reason = plain_text_field(500, required=False, label=_("Reason (needed when closing)"), rows=2)


class OverviewForm(forms.Form):
    network = forms.ModelChoiceField(
        label=_("Network"), queryset=Network.objects.none(), required=False
    )
    since = forms.DateField(
        label=_("Posted from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = forms.DateField(
        label=_("Posted until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    days = forms.IntegerField(
        label=_("Without answer after (days)"),
        min_value=1,
        max_value=365,
        initial=7,
        required=False,
    )

    def __init__(self, *args: Any, networks: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["network"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = networks
        field.empty_label = _("All my networks")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period lies before its start."))
        return data
