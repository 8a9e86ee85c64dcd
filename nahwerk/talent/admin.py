"""The admin shows postings; applications stay with the posting organisation."""

from __future__ import annotations

from django.contrib import admin

from nahwerk.talent.models import Posting


@admin.register(Posting)
class PostingAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "kind", "status", "expires_on")
    list_filter = ("kind", "status")
    search_fields = ("title", "organisation__name")
    raw_id_fields = ("organisation", "chair", "created_by")
    readonly_fields = ("latitude", "longitude", "district")

    def has_module_permission(self, request: object) -> bool:
        return bool(getattr(request, "user", None) and request.user.is_superuser)  # type: ignore[attr-defined]
