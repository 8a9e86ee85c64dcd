"""Getting people in: inviting an organisation's contact, and accepting the invitation."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Invitation, User
from accounts.permissions import managed_network_ids
from directory.models import Organisation
from networks.models import Network


class InvitationUnavailable(Exception):
    """The invitation was accepted, has expired, or its e-mail address has an account already."""


def invitation_network(*, organisation: Organisation, manager: Any) -> Network | None:
    """The network through which this manager reaches the organisation (first by name)."""
    return (
        Network.objects.filter(
            Q(memberships__organisation=organisation) | Q(roles__organisation=organisation),
            pk__in=managed_network_ids(manager),
        )
        .order_by("name")
        .first()
    )


def invite_contact(
    *,
    organisation: Organisation,
    email: str,
    invited_by: User,
    first_name: str = "",
    last_name: str = "",
) -> tuple[Invitation, str, bool]:
    """Create or renew the open invitation for this address and organisation.

    Returns the invitation, the token for its link (only its hash is stored, so this is
    the one chance to mail it) and whether an open invitation was renewed. The caller
    checks that ``invited_by`` may manage the organisation.
    """
    fields: dict[str, Any] = {
        "organisation": organisation,
        "email": email,
        "first_name": first_name,
        "last_name": last_name,
        "invited_by": invited_by,
        "network": invitation_network(organisation=organisation, manager=invited_by),
    }
    try:
        return _create_or_renew(**fields)
    except IntegrityError:
        # Two managers invited the same address at the same moment and the other insert
        # won the one-open-invitation constraint; now there is a row to renew.
        return _create_or_renew(**fields)


def _create_or_renew(
    *, organisation: Organisation, email: str, **fields: Any
) -> tuple[Invitation, str, bool]:
    with transaction.atomic():
        invitation = (
            Invitation.objects.open()
            .select_for_update()
            .filter(organisation=organisation, email__iexact=email)
            .first()
        )
        renewed = invitation is not None
        if invitation is None:
            invitation = Invitation(organisation=organisation)
        invitation.email = email
        for name, value in fields.items():
            setattr(invitation, name, value)
        token = invitation.issue_token()
        invitation.save()
    return invitation, token, renewed


def acceptance_url(token: str) -> str:
    return settings.SITE_URL + reverse("accounts:accept_invitation", kwargs={"token": token})


def send_invitation_mail(*, invitation: Invitation, token: str) -> None:
    """Mail the acceptance link to the invitee.

    The mail is written in the site's language, not the manager's: the invitee's language
    is not known, and the manager's choice of interface language is theirs alone.
    """
    inviter = invitation.invited_by
    context = {
        "invitation": invitation,
        "invitee_name": " ".join(n for n in (invitation.first_name, invitation.last_name) if n),
        "organisation_name": invitation.organisation.name,
        "network_name": invitation.network.name if invitation.network else "",
        "inviter_name": (inviter.get_full_name() or inviter.username) if inviter else "",
        "url": acceptance_url(token),
        "site_url": settings.SITE_URL,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/email/invitation_subject.txt", context)
        body = render_to_string("accounts/email/invitation_body.txt", context)
    message = EmailMessage(
        # a subject is one line; names come from the database and could hold line breaks
        subject=" ".join(subject.split()),
        body=body,
        to=[invitation.email],
        reply_to=[inviter.email] if inviter and inviter.email else None,
    )
    message.send()


def suggest_username(email: str) -> str:
    """A free username from the e-mail address's local part (``nora.nord``, ``nora.nord2``…)."""
    base = re.sub(r"[^\w.@+-]", "", email.split("@")[0])[:140] or "user"
    candidate, number = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}{number}"
    return candidate


def account_exists_for(email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()


def accept_invitation(*, invitation: Invitation, user: User) -> User:
    """Save the new (unsaved) user as a member of the invitation's organisation.

    The invitation row is locked, so of two simultaneous acceptances of one link only the
    first creates a user; the second raises InvitationUnavailable and creates nothing.
    """
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.can_be_accepted or account_exists_for(locked.email):
            raise InvitationUnavailable
        user.email = locked.email
        user.organisation = locked.organisation
        user.save()
        locked.accepted_at = timezone.now()
        locked.accepted_user = user
        locked.save(update_fields=["accepted_at", "accepted_user"])
    return user


def mail_delivery_note() -> str:
    """Where mail goes when this installation does not send it (the demo); empty for SMTP."""
    backend = settings.EMAIL_BACKEND
    if backend == "django.core.mail.backends.filebased.EmailBackend":
        path = Path(settings.EMAIL_FILE_PATH)
        if path.is_relative_to(settings.BASE_DIR):
            path = path.relative_to(settings.BASE_DIR)
        return _(
            "This installation does not send mail: it writes each mail as a file into %(path)s."
        ) % {"path": path}
    if backend == "django.core.mail.backends.console.EmailBackend":
        return _("This installation does not send mail: it prints each mail on the server console.")
    return ""
