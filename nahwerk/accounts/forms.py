"""Forms for inviting a contact and for accepting an invitation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from nahwerk.accounts import services
from nahwerk.accounts.models import Invitation, User
from nahwerk.accounts.permissions import manageable_organisations
from nahwerk.directory.models import Organisation


class InvitationForm(forms.Form):
    """A manager invites a contact of one of the organisations they manage."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),  # replaced per manager in __init__
        to_field_name="slug",
        empty_label=_("Choose an organisation"),
    )
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)

    def __init__(self, *args: Any, manager: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the choices are the scope: an organisation outside it is "not one of the choices"
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = manageable_organisations(manager).order_by("name")

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if services.account_exists_for(email):
            raise forms.ValidationError(
                _(
                    "There is already a user account with this e-mail address. The person can "
                    "log in, or set a new password with “Forgot your password?” on the login page."
                ),
                code="account_exists",
            )
        return email


class AcceptInvitationForm(UserCreationForm):
    """The invitee chooses a username and a password; e-mail and organisation come along."""

    class Meta:
        model = User
        fields = ("username", "first_name", "last_name")

    def __init__(self, *args: Any, invitation: Invitation, **kwargs: Any) -> None:
        # the password validators compare against e-mail and names, so the instance has them
        kwargs["instance"] = User(email=invitation.email, organisation=invitation.organisation)
        kwargs.setdefault(
            "initial",
            {
                "username": services.suggest_username(invitation.email),
                "first_name": invitation.first_name,
                "last_name": invitation.last_name,
            },
        )
        super().__init__(*args, **kwargs)
