"""The user (site administrator, network manager or member) and invitations to become one."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in; roles follow from the two relations below and is_superuser."""

    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="users",
        help_text=_("Member users act for this organisation."),
    )
    managed_networks = models.ManyToManyField(
        "networks.Network",
        verbose_name=_("managed networks"),
        blank=True,
        related_name="managers",
        help_text=_("Network managers see and change the data of these networks only."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


# How long an invitation link stays valid; renewing an invitation starts the period again.
INVITATION_VALIDITY = timedelta(days=14)


def hash_token(token: str) -> str:
    """The stored form of an invitation token: the link carries the token, the table its hash."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def open(self) -> InvitationQuerySet:
        """Neither accepted nor withdrawn (expired ones included: renewing them sends a fresh link).

        A withdrawn invitation stays as a record; inviting the address again starts a new one.
        """
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)

    def by_token(self, token: str) -> Invitation | None:
        return self.filter(token_hash=hash_token(token)).first()


class Invitation(models.Model):
    """A manager's invitation to an organisation's contact to become a member user.

    The acceptance link carries a random token; only its SHA-256 hash is stored, so a copy
    of the database opens no accounts, and renewing an invitation replaces the hash, which
    makes the earlier link worthless. (A signed link would need this row for single use
    and for invalidation anyway, so it would add a key to rotate and nothing else.)
    """

    email = models.EmailField(_("e-mail address"))
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    invited_by = models.ForeignKey(
        User,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="invitations_sent",
    )
    network = models.ForeignKey(
        "networks.Network",
        verbose_name=_("network"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
        help_text=_("The network through which the manager invited."),
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("last sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_user = models.ForeignKey(
        User,
        verbose_name=_("user created"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accepted_invitations",
    )
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations_revoked",
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-sent_at"]
        constraints = [
            # re-inviting renews the open invitation instead of adding a second one
            models.UniqueConstraint(
                Lower("email"),
                "organisation",
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="accounts_invitation_one_open_per_email_and_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None

    @property
    def is_withdrawn(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return not self.is_accepted and not self.is_withdrawn and self.expires_at <= timezone.now()

    @property
    def can_be_accepted(self) -> bool:
        return self.status == "open"

    @property
    def status(self) -> str:
        """``accepted``, ``withdrawn``, ``expired`` or ``open`` (the first that applies)."""
        if self.is_accepted:
            return "accepted"
        if self.is_withdrawn:
            return "withdrawn"
        if self.is_expired:
            return "expired"
        return "open"

    def issue_token(self) -> str:
        """Give the invitation a fresh link valid for INVITATION_VALIDITY; returns the token.

        Only the hash is kept, so the token must be mailed now or never. The caller saves.
        """
        token = secrets.token_urlsafe(32)
        now = timezone.now()
        self.token_hash = hash_token(token)
        self.sent_at = now
        self.expires_at = now + INVITATION_VALIDITY
        return token
