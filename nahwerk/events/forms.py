"""Forms of the event pages; the rules themselves live in events.services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nahwerk.events.choices import EventKind, Priority
from nahwerk.events.models import (
    MAX_MESSAGE_LENGTH,
    MAX_PROFILE_LENGTH,
    Event,
    ProgrammeItem,
    Registration,
    Slot,
)
from nahwerk.events.services import MAX_SLOTS, MAX_TABLES
from nahwerk.forms import plain_text_field
from nahwerk.networks.models import Network
from nahwerk.validators import plausible_date, reject_markup

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _datetime_widget() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


class EventForm(forms.ModelForm):
    """Create or edit an event; networks are chosen among those the manager manages."""

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "organiser",
            "networks",
            "description",
            "starts_at",
            "ends_at",
            "venue",
            "street",
            "postcode",
            "city",
            "capacity",
            "price",
            "member_price",
            "registration_deadline",
            "matchmaking",
            "published",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "starts_at": _datetime_widget(),
            "ends_at": _datetime_widget(),
            "registration_deadline": _datetime_widget(),
            "networks": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, networks: set[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        allowed = Network.objects.filter(pk__in=networks).order_by("name")
        organiser = self.fields["organiser"]
        assert isinstance(organiser, forms.ModelChoiceField)
        organiser.queryset = allowed
        if len(networks) == 1 and not self.instance.pk:
            self.initial["organiser"] = next(iter(networks))
        chosen = self.fields["networks"]
        assert isinstance(chosen, forms.ModelMultipleChoiceField)
        # a manager adds only networks they manage; co-hosts set earlier (e.g. by the site
        # administrator) stay selectable
        current = (
            set(self.instance.networks.values_list("pk", flat=True)) if self.instance.pk else set()
        )
        chosen.queryset = Network.objects.filter(pk__in=networks | current).order_by("name")
        chosen.help_text = _(
            "The organising network is always included. Members of these networks pay the "
            "member price."
        )
        for name in ("starts_at", "ends_at", "registration_deadline"):
            self.fields[name].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M"]  # type: ignore[attr-defined]
            self.fields[name].validators.append(plausible_date)
        self.fields["capacity"].widget.attrs.update(min=1)
        self.fields["price"].widget.attrs.update(min=0, step="0.01")
        self.fields["member_price"].widget.attrs.update(min=0, step="0.01")
        self.fields["title"].widget.attrs["maxlength"] = 200
        self.fields["postcode"].widget.attrs.update(inputmode="numeric", pattern="[0-9]{5}")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == EventKind.B2B_DAY:
            data["matchmaking"] = True
        return data


class ProgrammeItemForm(forms.ModelForm):
    class Meta:
        model = ProgrammeItem
        fields = ["starts_at", "ends_at", "title", "description"]
        widgets = {
            "starts_at": _datetime_widget(),
            "ends_at": _datetime_widget(),
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M"]  # type: ignore[attr-defined]
            self.fields[name].validators.append(plausible_date)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("A programme item must end after it starts."))
        return data


MAX_PROGRAMME_ITEMS = 50

ProgrammeFormSet = forms.inlineformset_factory(
    Event,
    ProgrammeItem,
    form=ProgrammeItemForm,
    extra=2,
    can_delete=True,
    max_num=MAX_PROGRAMME_ITEMS,
    # never build more forms than that, whatever the management form announces
    absolute_max=MAX_PROGRAMME_ITEMS,
    validate_max=True,
)


class EventProfileForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["offers", "seeks"]
        widgets = {
            "offers": forms.Textarea(attrs={"rows": 5, "maxlength": MAX_PROFILE_LENGTH}),
            "seeks": forms.Textarea(attrs={"rows": 5, "maxlength": MAX_PROFILE_LENGTH}),
        }
        help_texts = {
            "offers": _("What your organisation offers others; taken from your profile."),
            "seeks": _("Whom or what you would like to meet at this event."),
        }


class MeetingRequestForm(forms.Form):
    recipient = forms.IntegerField(widget=forms.HiddenInput)
    message = plain_text_field(
        MAX_MESSAGE_LENGTH, required=False, label=_("Short message (optional)"), rows=2
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.NORMAL
    )


class AvailabilityForm(forms.Form):
    unavailable = forms.ModelMultipleChoiceField(
        label=_("Slots I cannot attend"),
        queryset=Slot.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["unavailable"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = event.slots.order_by("index")
        field.label_from_instance = _slot_label  # type: ignore[method-assign,assignment]


def _slot_label(slot: Slot) -> str:
    starts, ends = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
    return f"{slot.index + 1}: {starts:%H:%M}\u2013{ends:%H:%M}"


class SlotSetupForm(forms.Form):
    start = forms.DateTimeField(
        label=_("First slot starts at"),
        widget=_datetime_widget(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
    )
    count = forms.IntegerField(
        label=_("Number of slots"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SLOTS)],
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_SLOTS}),
    )
    minutes = forms.IntegerField(
        label=_("Minutes per meeting"),
        initial=20,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
        widget=forms.NumberInput(attrs={"min": 5, "max": 240}),
    )
    pause = forms.IntegerField(
        label=_("Minutes of pause between slots"),
        initial=5,
        validators=[MinValueValidator(0), MaxValueValidator(240)],
        widget=forms.NumberInput(attrs={"min": 0, "max": 240}),
    )
    tables = forms.IntegerField(
        label=_("Number of tables or rooms"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TABLES)],
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_TABLES}),
    )
    table_prefix = forms.CharField(
        label=_("Name of the tables"),
        required=False,
        max_length=40,
        validators=[reject_markup],
        help_text=_("Numbered automatically, e.g. “Table 1”, “Table 2”."),
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any):
        slots = list(event.slots.order_by("index"))
        initial = kwargs.setdefault("initial", {})
        if slots:
            first = slots[0]
            initial.setdefault("start", timezone.localtime(first.starts_at))
            initial.setdefault("count", len(slots))
            initial.setdefault(
                "minutes", int((first.ends_at - first.starts_at).total_seconds() // 60)
            )
            if len(slots) > 1:
                pause = (slots[1].starts_at - first.ends_at).total_seconds() // 60
                initial.setdefault("pause", int(pause))
        else:
            initial.setdefault("start", timezone.localtime(event.starts_at) + dt.timedelta(hours=1))
        initial.setdefault("tables", event.tables.count() or None)
        super().__init__(*args, **kwargs)


class RunForm(forms.Form):
    allow_moves = forms.BooleanField(
        label=_("Published meetings may move"),
        required=False,
        help_text=_(
            "Without this, meetings that were already published keep their slot and table."
        ),
    )
