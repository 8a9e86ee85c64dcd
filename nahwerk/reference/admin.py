"""Read-only admin for the reference data."""

from __future__ import annotations

from django.contrib import admin

from nahwerk.admin_scoping import ReadOnlyAdmin
from nahwerk.reference.models import District, IndustryCode, Postcode


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
