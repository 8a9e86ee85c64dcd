"""Forms of the project pages: entering a project, its steps, the overview's filters, the REK."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nahwerk.forms import plain_text_field
from nahwerk.funding.fit import visible_calls, visible_programmes
from nahwerk.funding.models import Call, Programme
from nahwerk.networks.models import Network
from nahwerk.projects.choices import ParticipantRole, ProjectStatus
from nahwerk.projects.models import MAX_IDEA_LENGTH, FieldOfAction, Indicator, Project

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _amount(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, min_value=0, max_digits=14, decimal_places=2
    )


class _Choices(forms.Form):
    def _restrict(self, name: str, queryset: Any, empty: Any = None) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset
        if empty is not None:
            field.empty_label = empty


class ProjectForm(_Choices):
    """A project entered by hand: the lead coordinates, the partners are invited."""

    title = forms.CharField(label=_("Title"), max_length=500)
    idea = plain_text_field(MAX_IDEA_LENGTH, required=False, label=_("Idea"), rows=6)
    network = forms.ModelChoiceField(label=_("Network"), queryset=Network.objects.none())
    call = forms.ModelChoiceField(label=_("Call"), queryset=Call.objects.none(), required=False)
    programme = forms.ModelChoiceField(
        label=_("Funding programme"), queryset=Programme.objects.none(), required=False
    )
    lead = forms.ModelChoiceField(label=_("Lead (coordinator)"), queryset=Network.objects.none())
    partner = forms.ModelMultipleChoiceField(
        label=_("Partners"), queryset=Network.objects.none(), required=False
    )
    associated = forms.ModelMultipleChoiceField(
        label=_("Associated partners"), queryset=Network.objects.none(), required=False
    )
    requested_amount = _amount(_("Requested funding (EUR)"))
    start_date = forms.DateField(label=_("Start"), required=False, widget=DATE)
    end_date = forms.DateField(label=_("End"), required=False, widget=DATE)

    def __init__(
        self, *args: Any, user: Any, networks: Any, organisations: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._restrict("network", networks)
        # another network's own programmes and calls stay hidden, in the list as in a POST
        self._restrict("call", visible_calls(user).select_related("programme"), _("none"))
        self._restrict("programme", visible_programmes(user), _("none"))
        for name in ("lead", "partner", "associated"):
            self._restrict(name, organisations)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end lies before the start."))
        return data


class ConsortiumProjectForm(_Choices):
    """What the consortium builder posts (``role_<organisation id>`` is read by the view)."""

    title = forms.CharField(label=_("Title"), max_length=500)
    idea = plain_text_field(MAX_IDEA_LENGTH, required=False, label=_("Idea"))
    call = forms.ModelChoiceField(label=_("Call"), queryset=Call.objects.none(), required=False)
    programme = forms.ModelChoiceField(
        label=_("Funding programme"), queryset=Programme.objects.none(), required=False
    )
    network = forms.ModelChoiceField(label=_("Network"), queryset=Network.objects.none())
    lead = forms.ModelChoiceField(label=_("Lead (coordinator)"), queryset=Network.objects.none())
    partner = forms.ModelMultipleChoiceField(
        label=_("Partners"), queryset=Network.objects.none(), required=False
    )

    def __init__(
        self, *args: Any, user: Any, networks: Any, organisations: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._restrict("network", networks)
        self._restrict("call", visible_calls(user).select_related("programme"))
        self._restrict("programme", visible_programmes(user))
        self._restrict("lead", organisations)
        self._restrict("partner", organisations)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=())
    on = forms.DateField(label=_("On"), required=False, widget=DATE, help_text=_("Empty: today."))
    amount = _amount(_("Amount (EUR)"))

    def __init__(self, *args: Any, steps: tuple[str, ...], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(s, ProjectStatus(s).label) for s in steps]
        self.fields["amount"].help_text = _(
            "When submitting: the requested amount; when granted: the granted amount."
        )


class ProjectEditForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "title",
            "objective",
            "call",
            "funding_programme",
            "requested_amount",
            "granted_amount",
            "submitted_on",
            "decided_on",
            "start_date",
            "end_date",
        ]
        labels = {"objective": _("Idea")}
        widgets = {
            "submitted_on": DATE,
            "decided_on": DATE,
            "start_date": DATE,
            "end_date": DATE,
            "objective": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the calls and programmes the user may see, and the project's own as it stands
        own_call = Q(pk=self.instance.call_id) if self.instance.call_id else Q(pk__in=[])
        own_programme = (
            Q(pk=self.instance.funding_programme_id)
            if self.instance.funding_programme_id
            else Q(pk__in=[])
        )
        call = self.fields["call"]
        programme = self.fields["funding_programme"]
        assert isinstance(call, forms.ModelChoiceField)
        assert isinstance(programme, forms.ModelChoiceField)
        call.queryset = Call.objects.filter(
            Q(pk__in=visible_calls(user).values("pk")) | own_call
        ).select_related("programme")
        programme.queryset = Programme.objects.filter(
            Q(pk__in=visible_programmes(user).values("pk")) | own_programme
        )


class PartnerForm(_Choices):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Network.objects.none())
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (ParticipantRole.PARTNER, ParticipantRole.PARTNER.label),
            (ParticipantRole.ASSOCIATED, ParticipantRole.ASSOCIATED.label),
        ],
    )
    task = forms.CharField(label=_("Part in the project"), max_length=300, required=False)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._restrict("organisation", organisations)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    url = forms.URLField(label=_("Link"), max_length=500, assume_scheme="https")


class FieldsForm(forms.Form):
    fields_of_action = forms.ModelMultipleChoiceField(
        label=_("Fields of action"),
        queryset=FieldOfAction.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, fields: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["fields_of_action"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = fields


class OverviewForm(_Choices):
    network = forms.ModelChoiceField(
        label=_("Network"), queryset=Network.objects.none(), required=False
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=())
    since = forms.DateField(label=_("Started or submitted from"), required=False, widget=DATE)
    until = forms.DateField(label=_("until"), required=False, widget=DATE)
    by = forms.ChoiceField(
        label=_("Funding per"),
        required=False,
        choices=[("year", _("year")), ("quarter", _("quarter"))],
    )

    def __init__(self, *args: Any, networks: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._restrict("network", networks, _("All my networks"))
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", _("All")),
            *[(s.value, s.label) for s in ProjectStatus],
            ("eu", _("EU project (CORDIS)")),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period lies before its start."))
        return data


class FieldOfActionForm(forms.ModelForm):
    class Meta:
        model = FieldOfAction
        fields = ["title", "goal", "source_note", "order"]
        widgets = {"goal": forms.Textarea(attrs={"rows": 3})}

    def clean_title(self) -> str:
        # the network is not a field of the form, so Django does not check this constraint
        title: str = self.cleaned_data["title"].strip()
        network_id = self.instance.network_id
        if FieldOfAction.objects.filter(network_id=network_id, title__iexact=title).exists():
            raise forms.ValidationError(
                _("The network already has a field of action “%(title)s”."),
                params={"title": title},
            )
        return title


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["field", "name", "unit", "target", "current", "order"]

    def __init__(self, *args: Any, fields: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["field"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = fields


class IndicatorValueForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.none())
    current = forms.DecimalField(
        label=_("Current value"), min_value=0, max_digits=14, decimal_places=2
    )


class AssignmentForm(_Choices):
    field = forms.ModelChoiceField(label=_("Field of action"), queryset=Network.objects.none())
    needs = forms.ModelMultipleChoiceField(
        label=_("Needs"), queryset=Network.objects.none(), required=False
    )
    events = forms.ModelMultipleChoiceField(
        label=_("Events"), queryset=Network.objects.none(), required=False
    )

    def __init__(self, *args: Any, fields: Any, needs: Any, events: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._restrict("field", fields)
        self._restrict("needs", needs)
        self._restrict("events", events)
