"""The consortium builder's form: a call or an idea, the lead, optional competences, swaps."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nahwerk.directory.models import Organisation
from nahwerk.funding.consortium import (
    MAX_IDEA_CHARS,
    ConsortiumError,
    lead_choices,
    parse_competences,
)
from nahwerk.funding.fit import visible_calls
from nahwerk.funding.models import Call

_SWAP = re.compile(r"^(\d{1,2}):(\d{1,10})$")


class CallChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Call) -> str:
        return f"{obj.topic_id}: {obj.title}"[:160]


class ConsortiumForm(forms.Form):
    """Read from GET: building a proposal changes nothing, so the page is a plain link."""

    call = CallChoiceField(
        label=gettext_lazy("Call"),
        queryset=Call.objects.none(),
        required=False,
        empty_label=gettext_lazy("— no call, a project idea —"),
    )
    idea = forms.CharField(
        label=gettext_lazy("Project idea"),
        required=False,
        max_length=MAX_IDEA_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Without a call: what the project wants to achieve, in German or English."
        ),
    )
    lead: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=gettext_lazy("Lead organisation"), queryset=Organisation.objects.none()
    )
    competences = forms.CharField(
        label=gettext_lazy("Needed competences"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "One per line, at most six. Left empty, they are proposed from the call or the idea."
        ),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        call_field = self.fields["call"]
        assert isinstance(call_field, forms.ModelChoiceField)
        # another network's own calls stay hidden from the list and from a typed-in id
        call_field.queryset = visible_calls(user).order_by("deadline", "topic_id")
        lead_field = self.fields["lead"]
        assert isinstance(lead_field, forms.ModelChoiceField)
        lead_field.queryset = lead_choices(user).order_by("name")
        lead_field.error_messages["invalid_choice"] = _(
            "You cannot build a consortium with this lead organisation."
        )
        if user.is_authenticated and user.organisation_id and lead_field.queryset.count() == 1:
            lead_field.initial = user.organisation_id

    def clean_competences(self) -> Any:
        try:
            return parse_competences(self.cleaned_data.get("competences", ""))
        except ConsortiumError as error:
            raise forms.ValidationError(error.message) from error

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not data.get("call")
            and not (data.get("idea") or "").strip()
            and "idea" not in self.errors
        ):
            self.add_error("idea", _("Choose a call or describe the project idea."))
        data["chosen"] = self.swaps()
        return data

    def swaps(self) -> dict[str, int]:
        """Role key → organisation id from the repeated ``use`` parameter ("2:345")."""
        chosen: dict[str, int] = {}
        for value in self.data.getlist("use") if hasattr(self.data, "getlist") else ():
            found = _SWAP.match(value.strip())
            if not found:
                self.add_error(
                    None, _("“%(value)s” is not a partner swap.") % {"value": value[:40]}
                )
                continue
            chosen[found.group(1)] = int(found.group(2))
        return chosen

    def errors_with_labels(self) -> list[tuple[str, str, str]]:
        """(field id or "", label, message) for the summary above the form."""
        summary: list[tuple[str, str, str]] = []
        for name, messages in self.errors.items():
            field = self.fields.get(name)
            label = str(field.label) if field is not None and field.label else ""
            target = self[name].auto_id if field is not None else ""
            summary.extend((target, label, str(message)) for message in messages)
        return summary
