"""Admin for the project history: read-only pages, plus the CORDIS import for administrators."""

from __future__ import annotations

from django.contrib import admin
from django.urls import URLPattern

from nahwerk.admin_scoping import ReadOnlyAdmin
from nahwerk.projects.admin_import import cordis_import_urls
from nahwerk.projects.models import Participation, Project

# A tuple, not a list: the admin's type hints accept a shared tuple for both attributes.
PARTICIPATION_FIELDS = (
    "pic",
    "organisation",
    "role",
    "participant_type",
    "country",
    "eu_contribution",
)


class ParticipationInline(admin.TabularInline):
    model = Participation
    fields = PARTICIPATION_FIELDS
    readonly_fields = PARTICIPATION_FIELDS
    extra = 0
    can_delete = False


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "programme_part", "start_date", "end_date", "source"]
    list_filter = ["source", "programme_part"]
    search_fields = ["acronym", "title", "cordis_rcn"]
    inlines = [ParticipationInline]

    def get_urls(self) -> list[URLPattern]:
        # The import pages come first: the default patterns end in a catch-all.
        return cordis_import_urls(self) + super().get_urls()
