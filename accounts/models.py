"""The user: a site administrator, a manager of networks, or a member of an organisation."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
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
