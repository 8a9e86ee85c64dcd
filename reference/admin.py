"""Read-only admin for the reference data."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from reference.models import District, IndustryCode, Postcode


class ReadOnlyAdmin(admin.ModelAdmin):
    """Reference data comes from official files; it is browsed, not edited.

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


@admin.register(District)
class DistrictAdmin(ReadOnlyAdmin):
    list_display = ["ags", "name", "kind", "state_code", "nuts3", "population"]
    list_filter = ["kind", "state_code"]
    search_fields = ["ags", "name", "nuts3"]
    exclude = ["boundary"]


@admin.register(Postcode)
class PostcodeAdmin(ReadOnlyAdmin):
    list_display = ["code", "place", "district"]
    search_fields = ["code", "place"]
    list_select_related = ["district"]


@admin.register(IndustryCode)
class IndustryCodeAdmin(ReadOnlyAdmin):
    list_display = ["code", "level", "title_de", "title_en"]
    list_filter = ["level", "section"]
    search_fields = ["code", "title_de", "title_en"]
