"""Admin for needs: read only, for looking into a case; every step goes through the pages.

Changing a need, a routing or a message here would bypass the services' rules (anonymity,
who may do what) and leave no step in the timeline, so nothing can be added, changed or
deleted; the timeline shows who did what.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from nahwerk.brokering.access import visible_needs
from nahwerk.brokering.models import Message, Need, NeedEvent, Referral


class ReadOnly:
    """Admin pages that show and never write."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReferralInline(ReadOnly, admin.TabularInline):
    model = Referral
    extra = 0
    fields = readonly_fields = (
        "organisation",
        "routed_by",
        "routed_at",
        "response",
        "responded_at",
    )


class TimelineInline(ReadOnly, admin.TabularInline):
    model = NeedEvent
    extra = 0
    fields = readonly_fields = (
        "created_at",
        "kind",
        "actor",
        "role",
        "organisation",
        "status",
        "note",
    )

    @admin.display(description=_("role of the actor"))
    def role(self, event: NeedEvent) -> str:
        roles = {"manager": _("network management"), "asker": _("asking organisation")}
        return str(roles.get(event.actor_role, _("a routed organisation")))


@admin.register(Need)
class NeedAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["title", "organisation", "network", "posting", "status", "created_at"]
    list_filter = ["status", "posting", "network"]
    search_fields = ["title", "description", "organisation__name"]
    date_hierarchy = "created_at"
    inlines = [ReferralInline, TimelineInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Need]:
        return visible_needs(request.user).select_related("organisation", "network")


@admin.register(Message)
class MessageAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["__str__", "referral", "author", "from_asker", "from_manager", "created_at"]
    list_filter = ["from_asker", "from_manager"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Message]:
        return Message.objects.filter(referral__need__in=visible_needs(request.user))
