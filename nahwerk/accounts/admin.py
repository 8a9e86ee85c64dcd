"""Admin for users and their roles (site administrators only)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from nahwerk.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        (_("Roles in nahwerk"), {"fields": ("organisation", "managed_networks")}),
    )
    filter_horizontal = ("groups", "user_permissions", "managed_networks")
    list_display = ("username", "email", "organisation", "is_staff", "is_superuser")
    autocomplete_fields = ("organisation",)
