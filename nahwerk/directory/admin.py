"""Admin for organisations and contact people, scoped to the manager's networks."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.db.models import ForeignKey, QuerySet
from django.http import HttpRequest
from django.urls import URLPattern
from django.utils.translation import gettext_lazy as _

from nahwerk.accounts.permissions import (
    is_site_admin,
    manageable_organisations,
    manageable_people,
    managed_network_ids,
)
from nahwerk.admin_scoping import ManagerScopedAdmin, ManagerScopedInline
from nahwerk.directory.admin_import import import_urls
from nahwerk.directory.models import PROFILE_TEXT_FIELDS, Organisation, OrganisationQuerySet, Person
from nahwerk.networks.models import Membership, Network
from nahwerk.queryparams import whole_number


class MembershipInlineFormSet(forms.BaseInlineFormSet):
    """A manager's organisation must stay a member of at least one of their networks."""

    request: HttpRequest  # set by MembershipInline.get_formset

    def clean(self) -> None:
        super().clean()
        if is_site_admin(self.request.user):
            return
        remaining = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("network") is not None
        ]
        # Memberships of other networks are hidden from this formset, so "remaining"
        # counts only the manager's own.
        if self.instance.pk is None and not remaining:
            raise forms.ValidationError(
                _(
                    "Add a membership in one of your networks; otherwise you could not see "
                    "this organisation after saving."
                )
            )


class MembershipInline(ManagerScopedInline):
    model = Membership
    formset = MembershipInlineFormSet
    fields = ["network", "status", "since", "until", "fee_category"]
    verbose_name = _("membership")
    verbose_name_plural = _("memberships in your networks")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        return super().get_queryset(request).filter(network__in=managed_network_ids(request.user))

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        formset.request = request  # type: ignore[attr-defined]
        return formset

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        if db_field.name == "network":
            kwargs["queryset"] = Network.objects.filter(pk__in=managed_network_ids(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PersonInline(ManagerScopedInline):
    model = Person
    fields = [
        "title",
        "first_name",
        "last_name",
        "function",
        "email",
        "phone",
        "lawful_basis",
        "consent_given_at",
        "consent_purpose",
        "visibility",
        "email_visibility",
        "phone_visibility",
    ]
    extra = 0


class ManagedNetworkFilter(admin.SimpleListFilter):
    """Filter by network, offering only the networks the user manages."""

    title = _("network")
    parameter_name = "network"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[Any, str]]:
        networks = Network.objects.filter(pk__in=managed_network_ids(request.user))
        return [(network.pk, str(network)) for network in networks.order_by("name")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        network = whole_number({"network": self.value()}, "network")  # bad: 400 naming it
        if network is not None and network in managed_network_ids(request.user):
            return queryset.filter(memberships__network=network).distinct()
        return queryset


class HistoryFilter(admin.SimpleListFilter):
    """Members (the directory) by default; the organisations known only from EU project
    history on request, so that they do not bury the members in the list."""

    title = _("members / EU project history")
    parameter_name = "history"
    MEMBERS, HISTORY, ALL = "members", "history", "all"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[Any, Any]]:
        return [
            (self.MEMBERS, _("Members")),
            (self.HISTORY, _("Known only from EU project history")),
            (self.ALL, _("All")),
        ]

    def value(self) -> str:
        return super().value() or self.MEMBERS

    def choices(self, changelist: Any) -> Any:
        # no "All" of Django's own: without the parameter this filter shows the members
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value == self.ALL:
            return queryset
        organisations = cast(OrganisationQuerySet, queryset)
        return organisations.history_only() if value == self.HISTORY else organisations.listed()


@admin.register(Organisation)
class OrganisationAdmin(ManagerScopedAdmin):
    list_display = ["name", "kind", "city", "district", "is_fictitious", "source"]
    list_filter = [HistoryFilter, "kind", "is_fictitious", "source", ManagedNetworkFilter]
    search_fields = ["name", "city", "postcode", "pic"]
    list_select_related = ["district"]
    autocomplete_fields = ["industry_codes"]
    readonly_fields = ["district", "latitude", "longitude", "created_at", "updated_at"]
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MembershipInline, PersonInline]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "slug",
                    "legal_form",
                    "kind",
                    "industry_codes",
                    "size_band",
                    "employees",
                )
            },
        ),
        (
            _("Address"),
            {
                "fields": (
                    "street",
                    "postcode",
                    "city",
                    "country",
                    "district",
                    "latitude",
                    "longitude",
                )
            },
        ),
        (
            _("Profile"),
            {
                # each text with its visibility on one line
                "fields": (
                    "website",
                    *((field, f"{field}_visibility") for field in PROFILE_TEXT_FIELDS),
                )
            },
        ),
        (
            _("Origin and visibility"),
            {
                "fields": (
                    "visibility",
                    "source",
                    "source_note",
                    "is_fictitious",
                    "external_id",
                    "pic",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )

    def scoped_queryset(self, request: HttpRequest) -> QuerySet[Organisation]:
        return manageable_organisations(request.user)

    def get_urls(self) -> list[URLPattern]:
        # The import pages come first: the default patterns end in a catch-all.
        return import_urls(self) + super().get_urls()


@admin.register(Person)
class PersonAdmin(ManagerScopedAdmin):
    list_display = ["full_name", "function", "organisation", "lawful_basis", "visibility"]
    list_filter = ["lawful_basis", "visibility"]
    search_fields = ["first_name", "last_name", "organisation__name"]
    list_select_related = ["organisation"]
    manager_may_delete = True  # erasure of a contact is a data-protection right

    def scoped_queryset(self, request: HttpRequest) -> QuerySet[Person]:
        return manageable_people(request.user)

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        if db_field.name == "organisation":
            kwargs["queryset"] = manageable_organisations(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
