"""Getting people in: inviting an organisation's contact; accepting or withdrawing invitations."""

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

from nahwerk.accounts.models import Invitation, User
from nahwerk.accounts.permissions import managed_network_ids
from nahwerk.directory.models import Organisation
from nahwerk.networks.models import Network


class InvitationUnavailable(Exception):
    """The invitation was accepted, withdrawn or has expired, or its address has an account.

    ``reason`` is the invitation's status (``accepted``, ``withdrawn``, ``expired``) or
    ``account_exists``.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


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

    The invitation row is locked, so of two simultaneous acceptances of one link, or of an
    acceptance and a withdrawal, only the first wins; a losing acceptance raises
    InvitationUnavailable and creates nothing.
    """
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.can_be_accepted:
            raise InvitationUnavailable(locked.status)
        if account_exists_for(locked.email):
            raise InvitationUnavailable("account_exists")
        user.email = locked.email
        user.organisation = locked.organisation
        user.save()
        locked.accepted_at = timezone.now()
        locked.accepted_user = user
        locked.save(update_fields=["accepted_at", "accepted_user"])
    return user


def withdraw_invitation(*, invitation: Invitation, withdrawn_by: User) -> tuple[Invitation, bool]:
    """Withdraw an invitation that has not been accepted, so its link no longer works.

    Returns the invitation as it is now and whether this call withdrew it: an invitation
    accepted or withdrawn before is left as it is. The row is locked, so an acceptance at
    the same moment either finishes first (and the withdrawal changes nothing) or finds the
    invitation withdrawn. The caller checks that ``withdrawn_by`` may manage the invitation.
    """
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.is_accepted or locked.is_withdrawn:
            return locked, False
        locked.revoked_at = timezone.now()
        locked.revoked_by = withdrawn_by
        locked.save(update_fields=["revoked_at", "revoked_by"])
    return locked, True


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
