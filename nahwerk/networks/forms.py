"""Forms of the association pages: applying, deciding, fee categories, dues and offices."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nahwerk.directory.models import Organisation, Person
from nahwerk.forms import plain_text_field
from nahwerk.networks.choices import MembershipStatus
from nahwerk.networks.models import DuesCategory, Network, NetworkRole


class ApplicationForm(forms.Form):
    note = plain_text_field(
        2000, required=False, label=_("Message to the network (optional)"), rows=3
    )


class DecisionForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Fee category"), queryset=DuesCategory.objects.none(), required=False
    )
    reason = plain_text_field(2000, required=False, label=_("Reason (required to decline)"))

    def __init__(self, *args: Any, network: Network, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = network.dues_categories.all()  # type: ignore[attr-defined]


class FeeCategoryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    # a CharField: "-50" and "120,50" reach the service, which names the field in its message
    yearly_amount = forms.CharField(label=_("Yearly amount (EUR)"), max_length=20)


class DuesYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class PaidForm(forms.Form):
    paid_on = forms.DateField(
        label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}), required=False
    )


class WaiveForm(forms.Form):
    note = forms.CharField(label=_("Reason for waiving"), max_length=300)


class OfficeForm(forms.ModelForm):
    class Meta:
        model = NetworkRole
        fields = ["kind", "person", "organisation", "term_from", "term_to", "note", "is_public"]
        widgets = {
            "term_from": forms.DateInput(attrs={"type": "date"}),
            "term_to": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, network: Network, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.instance.network = network
        members = Organisation.objects.filter(
            memberships__network=network, memberships__status=MembershipStatus.ACTIVE
        ).distinct()
        self.fields["organisation"].queryset = members.order_by("name")  # type: ignore[attr-defined]
        self.fields["person"].queryset = (  # type: ignore[attr-defined]
            Person.objects.filter(organisation__in=members.values("pk"))
            .select_related("organisation")
            .order_by("last_name", "first_name")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("term_from"), data.get("term_to")
        if start and end and end < start:
            raise ValidationError(
                {
                    "term_to": _(
                        "The term of office cannot end (%(to)s) before it starts (%(from)s)."
                    )
                    % {"to": end.isoformat(), "from": start.isoformat()}
                }
            )
        return data


def this_year() -> int:
    return timezone.localdate().year


def parse_year(value: str | None) -> int:
    try:
        year = int(value or "")
    except ValueError:
        return this_year()
    return year if 2000 <= year <= 2100 else this_year()
