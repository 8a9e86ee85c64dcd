"""Accounts and roles: site administrators, network managers and member users."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "nahwerk.accounts"
    verbose_name = _("Accounts")
