"""Admin base classes: confined to the manager's networks, or read-only for all staff.

For the scoped classes every check happens on the server: the changelist, the change
view of any primary key typed into the URL, the choices of every foreign key and the
autocomplete endpoints all go through ``scoped_queryset``. Model permissions are not used
for managers: the role (see accounts.permissions) decides.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from nahwerk.accounts.permissions import is_manager, is_site_admin


class ManagerScopedAdmin(admin.ModelAdmin):
    """Subclasses define ``scoped_queryset``; managers may view, add and change in it."""

    manager_may_add = True
    manager_may_delete = False

    def scoped_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        scoped = self.scoped_queryset(request)
        ordering = self.get_ordering(request)
        return scoped.order_by(*ordering) if ordering else scoped

    def _in_scope(self, request: HttpRequest, obj: Model | None) -> bool:
        return obj is None or self.scoped_queryset(request).filter(pk=obj.pk).exists()

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_manager(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_manager(request.user) and self._in_scope(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_manager(request.user) and self._in_scope(request, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_site_admin(request.user) or (self.manager_may_add and is_manager(request.user))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if is_site_admin(request.user):
            return True
        return self.manager_may_delete and is_manager(request.user) and self._in_scope(request, obj)


class ManagerScopedInline(admin.TabularInline):
    """Inline rows follow the same role checks as their parent admin."""

    extra = 0
    manager_may_delete = True

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_manager(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_manager(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_manager(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_site_admin(request.user) or (self.manager_may_delete and is_manager(request.user))


class ReadOnlyAdmin(admin.ModelAdmin):
    """Data that comes from official files or imports: browsed, not edited.

    Every staff user (managers included) may browse it, which the autocomplete of WZ codes
    in the organisation form needs.
    """

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
