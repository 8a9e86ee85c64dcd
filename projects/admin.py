"""Read-only admin for the project history."""

from __future__ import annotations

from django.contrib import admin

from projects.models import Participation, Project
from reference.admin import ReadOnlyAdmin


class ParticipationInline(admin.TabularInline):
    model = Participation
    fields = ["pic", "organisation", "role", "participant_type", "country", "eu_contribution"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "programme_part", "start_date", "end_date", "source"]
    list_filter = ["source", "programme_part"]
    search_fields = ["acronym", "title", "cordis_rcn"]
    inlines = [ParticipationInline]
