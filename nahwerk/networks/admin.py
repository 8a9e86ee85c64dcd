"""Admin for networks and memberships, scoped to the manager's networks."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import ForeignKey, QuerySet
from django.http import HttpRequest

from nahwerk.accounts.permissions import (
    manageable_memberships,
    manageable_organisations,
    managed_network_ids,
    visible_organisations,
)
from nahwerk.admin_scoping import ManagerScopedAdmin, ManagerScopedInline
from nahwerk.directory.models import Person
from nahwerk.networks.models import (
    DuesCategory,
    FocusIndustry,
    Membership,
    Network,
    NetworkRole,
    NetworkService,
)


class FocusIndustryInline(ManagerScopedInline):
    model = FocusIndustry
    fields = ["label", "industry_codes", "position"]
    autocomplete_fields = ["industry_codes"]


class NetworkServiceInline(ManagerScopedInline):
    model = NetworkService
    fields = ["kind", "description"]


class NetworkRoleInline(ManagerScopedInline):
    model = NetworkRole
    fields = [
        "kind",
        "organisation",
        "person",
        "note",
        "position",
        "term_from",
        "term_to",
        "is_public",
    ]
    autocomplete_fields = ["organisation", "person"]

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        if db_field.name == "organisation":
            kwargs["queryset"] = visible_organisations(request.user)
        elif db_field.name == "person":
            kwargs["queryset"] = Person.objects.filter(
                organisation__in=manageable_organisations(request.user).values("pk")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Network)
class NetworkAdmin(ManagerScopedAdmin):
    list_display = ["name", "kind", "region_name", "founded_on"]
    search_fields = ["name", "short_name"]
    filter_horizontal = ["districts"]
    prepopulated_fields = {"slug": ("name",)}
    inlines = [FocusIndustryInline, NetworkServiceInline, NetworkRoleInline]
    manager_may_add = False  # networks are set up by the site administrator

    def scoped_queryset(self, request: HttpRequest) -> QuerySet[Network]:
        return Network.objects.filter(pk__in=managed_network_ids(request.user))


@admin.register(Membership)
class MembershipAdmin(ManagerScopedAdmin):
    list_display = ["organisation", "network", "status", "since", "fee_category"]
    list_filter = ["network", "status", "fee_category"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation", "network"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["applied_by", "decided_at"]
    manager_may_delete = True

    def scoped_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        return manageable_memberships(request.user)

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        if db_field.name == "network":
            kwargs["queryset"] = Network.objects.filter(pk__in=managed_network_ids(request.user))
        elif db_field.name == "organisation":
            # Public organisations may join; non-public ones only where already managed.
            kwargs["queryset"] = visible_organisations(request.user)
        elif db_field.name == "dues_category":
            kwargs["queryset"] = DuesCategory.objects.filter(
                network__in=managed_network_ids(request.user)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
