"""The dashboard's period and the report subscription's form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nahwerk.queryparams import InvalidParameter
from nahwerk.reports.keyfigures import Period
from nahwerk.reports.models import ReportSubscription, split_addresses

FROM_PARAMETER = "von"
TO_PARAMETER = "bis"
# the dashboard keeps one aggregate per month: ten years are plenty for a funder
MAX_MONTHS = 120
MAX_RECIPIENTS = 10


def _date(name: str, raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidParameter(name, raw, _("expected a date as YYYY-MM-DD.")) from None


def period_from(params: Mapping[str, str], today: dt.date) -> Period:
    """The period of ``?von=…&bis=…``; default: this year up to today; 400 naming the value."""
    raw_from, raw_to = params.get(FROM_PARAMETER) or "", params.get(TO_PARAMETER) or ""
    start = _date(FROM_PARAMETER, raw_from) if raw_from else dt.date(today.year, 1, 1)
    end = _date(TO_PARAMETER, raw_to) if raw_to else max(today, start)
    if end < start:
        raise InvalidParameter(TO_PARAMETER, raw_to, _("the period ends before it starts."))
    if (end.year - start.year) * 12 + end.month - start.month + 1 > MAX_MONTHS:
        raise InvalidParameter(
            TO_PARAMETER,
            raw_to,
            _("a period may span at most %(months)d months.") % {"months": MAX_MONTHS},
        )
    return Period(start, end)


class SubscriptionForm(forms.ModelForm):
    class Meta:
        model = ReportSubscription
        fields = ["recipients", "frequency", "language"]
        widgets = {"recipients": forms.Textarea(attrs={"rows": 3})}
        labels = {"recipients": gettext_lazy("Recipients")}

    def clean_recipients(self) -> str:
        addresses = split_addresses(self.cleaned_data["recipients"])
        if not addresses:
            raise forms.ValidationError(_("Enter at least one e-mail address."))
        if len(addresses) > MAX_RECIPIENTS:
            raise forms.ValidationError(
                _("At most %(count)d recipients.") % {"count": MAX_RECIPIENTS}
            )
        for address in addresses:
            try:
                validate_email(address)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("“%(value)s” is not an e-mail address.") % {"value": address[:80]}
                ) from None
        return "\n".join(addresses)
