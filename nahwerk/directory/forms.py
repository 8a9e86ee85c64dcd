"""Forms with which an organisation edits its own profile and contact people."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nahwerk.directory.choices import LawfulBasis, OrganisationKind
from nahwerk.directory.models import PROFILE_TEXT_FIELDS, Organisation, Person
from nahwerk.directory.services import listed_districts
from nahwerk.networks.models import Network
from nahwerk.reference.models import IndustryCode

# A profile text longer than this is not a profile; ten thousand characters are about
# four printed pages.
PROFILE_TEXT_MAX_CHARS = 10_000
# Contacts per organisation in one form submission.
MAX_CONTACTS = 50


class OrganisationProfileForm(forms.ModelForm):
    """Website, address and the profile texts, each with who may see it.

    Name, legal form, type and the record's own visibility stay with the network managers
    (admin): they identify the organisation in the network.
    """

    class Meta:
        model = Organisation
        fields = [
            "website",
            "street",
            "postcode",
            "city",
            *(name for field in PROFILE_TEXT_FIELDS for name in (field, f"{field}_visibility")),
        ]
        widgets = {field: forms.Textarea(attrs={"rows": 6}) for field in PROFILE_TEXT_FIELDS}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in PROFILE_TEXT_FIELDS:
            field = self.fields[name]
            assert isinstance(field, forms.CharField)
            field.max_length = PROFILE_TEXT_MAX_CHARS
            field.validators.append(MaxLengthValidator(PROFILE_TEXT_MAX_CHARS))
            field.widget.attrs["maxlength"] = str(PROFILE_TEXT_MAX_CHARS)
        self.fields["postcode"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "postal-code"}
        )

    def text_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """Each profile text with its visibility select, for the template."""
        return [(self[field], self[f"{field}_visibility"]) for field in PROFILE_TEXT_FIELDS]


class ContactForm(forms.ModelForm):
    """A contact person with the lawful basis on which the organisation stores the data.

    Member users may choose membership (contract) or consent; legitimate interest is a
    judgement for the network managers and stays selectable only where it is already set.
    """

    consent = forms.BooleanField(
        label=_("The person has consented"),
        required=False,
        help_text=_("Required when the lawful basis is consent."),
    )

    class Meta:
        model = Person
        fields = [
            "title",
            "first_name",
            "last_name",
            "function",
            "email",
            "phone",
            "visibility",
            "email_visibility",
            "phone_visibility",
            "lawful_basis",
            "consent",
            "consent_purpose",
        ]

    def __init__(self, *args: Any, may_use_any_basis: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.consent_given_at is not None:
            self.fields["consent"].initial = True
        allowed = {LawfulBasis.CONTRACT, LawfulBasis.CONSENT}
        if may_use_any_basis or self.instance.lawful_basis == LawfulBasis.LEGITIMATE_INTEREST:
            allowed.add(LawfulBasis.LEGITIMATE_INTEREST)
        basis = self.fields["lawful_basis"]
        assert isinstance(basis, forms.ChoiceField)
        basis.choices = [("", "---------")] + [
            (value, label) for value, label in LawfulBasis.choices if value in allowed
        ]
        self.fields["phone"].widget.attrs["autocomplete"] = "off"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("lawful_basis") == LawfulBasis.CONSENT:
            if not cleaned.get("consent"):
                self.add_error(
                    "consent",
                    _("Confirm that the person has consented, or choose another lawful basis."),
                )
            if not cleaned.get("consent_purpose"):
                self.add_error(
                    "consent_purpose", _("Say for what purpose the person has consented.")
                )
            if cleaned.get("consent") and self.instance.consent_given_at is None:
                # Recorded when the organisation first confirms it; the database requires
                # a date for every consent (directory_person_consent_has_date_and_purpose).
                self.instance.consent_given_at = timezone.now()
        return cleaned


class BaseContactFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form: forms.ModelForm, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this contact and delete their data")


ContactFormSet = forms.inlineformset_factory(
    Organisation,
    Person,
    form=ContactForm,
    formset=BaseContactFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_CONTACTS,
    # never build more forms than that, whatever the management form announces
    absolute_max=MAX_CONTACTS,
    validate_max=True,
)


CHOICE_ERRORS = {"invalid_choice": _("“%(value)s” is not one of the choices.")}


class DirectoryFilterForm(forms.Form):
    """The filters of the directory page (GET, so that a filtered list can be linked)."""

    q = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    network = forms.ChoiceField(label=_("Network"), required=False, error_messages=CHOICE_ERRORS)
    kind = forms.ChoiceField(
        label=_("Type of organisation"),
        required=False,
        choices=[("", _("All types")), *OrganisationKind.choices],
        error_messages=CHOICE_ERRORS,
    )
    district = forms.ChoiceField(label=_("District"), required=False, error_messages=CHOICE_ERRORS)
    wz_section = forms.ChoiceField(
        label=_("Industry (WZ 2008 section)"), required=False, error_messages=CHOICE_ERRORS
    )

    def __init__(self, data: Any = None, *, user: Any, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        networks = Network.objects.order_by("name").values_list("slug", "name")
        self.fields["network"].choices = [("", _("All networks")), *networks]  # type: ignore[attr-defined]
        self.fields["district"].choices = [  # type: ignore[attr-defined]
            ("", _("All districts")),
            *((d.ags, f"{d.name} ({d.ags})") for d in listed_districts(user)),
        ]
        sections = IndustryCode.objects.filter(level=1).order_by("code")
        self.fields["wz_section"].choices = [  # type: ignore[attr-defined]
            ("", _("All industries")),
            *((s.code, f"{s.code}: {s.title}") for s in sections),
        ]

    def directory_filters(self) -> dict[str, str]:
        """The chosen filters (empty ones left out), for ``services.directory_organisations``."""
        return {name: value for name, value in self.cleaned_data.items() if value}
