"""Admin of start-ups, investors, mentor offers and the pipeline (site administrators)."""

from __future__ import annotations

from django.contrib import admin

from nahwerk.startups.models import (
    InvestorProfile,
    MentorOffer,
    PipelineEntry,
    PipelineMove,
    StartupProfile,
)


@admin.register(StartupProfile)
class StartupProfileAdmin(admin.ModelAdmin):
    list_display = ("organisation", "stage", "team_size", "founded_on")
    list_filter = ("stage",)
    raw_id_fields = ("organisation",)
    filter_horizontal = ("industry_codes",)

    def has_module_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return bool(request.user.is_superuser)


@admin.register(InvestorProfile)
class InvestorProfileAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "organisation", "ticket_min", "ticket_max", "is_public")
    raw_id_fields = ("organisation",)
    filter_horizontal = ("industry_codes", "districts", "networks")

    def has_module_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return bool(request.user.is_superuser)


class PipelineMoveInline(admin.TabularInline):
    model = PipelineMove
    extra = 0
    raw_id_fields = ("moved_by",)


@admin.register(PipelineEntry)
class PipelineEntryAdmin(admin.ModelAdmin):
    list_display = ("startup", "network", "stage", "stage_since", "amount_raised")
    list_filter = ("network", "stage")
    inlines = [PipelineMoveInline]

    def has_module_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return bool(request.user.is_superuser)


@admin.register(MentorOffer)
class MentorOfferAdmin(admin.ModelAdmin):
    list_display = ("organisation", "network", "person", "created_at")
    raw_id_fields = ("organisation", "person", "created_by")

    def has_module_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return bool(request.user.is_superuser)
