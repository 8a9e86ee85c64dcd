"""The audit log in the admin: read only, a manager sees the entries of their networks."""

from __future__ import annotations

from typing import Any

# django-auditlog's own admin (any staff user with model permissions, English labels) is
# replaced; importing it first makes the order of INSTALLED_APPS irrelevant.
import auditlog.admin  # noqa: F401
from auditlog.models import LogEntry
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from nahwerk.accounts.permissions import is_manager, is_site_admin
from nahwerk.privacy import audit
from nahwerk.privacy.models import Erasure

if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class AuditLogAdmin(admin.ModelAdmin):
    """Nobody adds, changes or deletes entries here; only the retention period ends them."""

    list_display = ["timestamp", "actor_name", "record_type", "object_repr", "action", "summary"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr"]
    list_select_related = ["actor", "content_type"]
    date_hierarchy = "timestamp"
    fields = ["timestamp", "actor_name", "record_type", "object_repr", "action", "summary"]
    readonly_fields = ["timestamp", "actor_name", "record_type", "object_repr", "action", "summary"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[LogEntry]:
        return audit.readable_entries(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_manager(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not is_manager(request.user):
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("who"))
    def actor_name(self, entry: LogEntry) -> str:
        if entry.actor is None:
            return str(_("the system"))
        return entry.actor.get_full_name() or entry.actor.username

    @admin.display(description=_("kind of record"))
    def record_type(self, entry: LogEntry) -> str:
        model = entry.content_type.model_class()
        return str(model._meta.verbose_name) if model else entry.content_type.model

    @admin.display(description=_("changes"))
    def summary(self, entry: LogEntry) -> str:
        return "; ".join(f"{f}: {old} → {new}" for f, old, new in audit.describe_changes(entry))


@admin.register(Erasure)
class ErasureAdmin(admin.ModelAdmin):
    """The record of erasures, for the site administrator: read only."""

    list_display = ["erased_at", "by_manager", "user_id_erased", "counts"]
    readonly_fields = ["erased_at", "erased_by", "by_manager", "user_id_erased", "counts"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_site_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_site_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
