"""Admin for events: the site pages are the main way to organise; this is for corrections."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from nahwerk.events.access import organised_events
from nahwerk.events.models import (
    Event,
    MeetingRequest,
    ProgrammeItem,
    Registration,
    ScheduleJob,
    ScheduleRun,
)


class ProgrammeInline(admin.TabularInline):
    model = ProgrammeItem
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "organiser", "starts_at", "capacity", "published"]
    list_filter = ["kind", "published", "organiser"]
    search_fields = ["title", "venue", "city"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["networks"]
    inlines = [ProgrammeInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Event]:
        return organised_events(request.user)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "event", "status", "price_charged", "checked_in_at"]
    list_filter = ["status"]
    raw_id_fields = ["user", "organisation", "event"]
    filter_horizontal = ["unavailable_slots"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return Registration.objects.filter(event__in=organised_events(request.user))


@admin.register(MeetingRequest)
class MeetingRequestAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "priority", "status", "created_at"]
    list_filter = ["status", "priority"]
    raw_id_fields = ["event", "requester", "recipient"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return MeetingRequest.objects.filter(event__in=organised_events(request.user))


@admin.register(ScheduleRun)
class ScheduleRunAdmin(admin.ModelAdmin):
    list_display = ["event", "created_at", "method", "value", "upper_bound", "gap", "published_at"]
    readonly_fields = [f.name for f in ScheduleRun._meta.fields]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return ScheduleRun.objects.filter(event__in=organised_events(request.user))


@admin.register(ScheduleJob)
class ScheduleJobAdmin(admin.ModelAdmin):
    """Queued, running, finished and failed scheduler runs (the worker carries them out)."""

    list_display = [
        "event",
        "requested_by",
        "requested_at",
        "started_at",
        "finished_at",
        "cancelled",
        "error",
    ]
    list_filter = ["finished_at"]
    readonly_fields = [f.name for f in ScheduleJob._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return ScheduleJob.objects.filter(event__in=organised_events(request.user))
