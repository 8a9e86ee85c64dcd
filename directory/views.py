"""The public page of an organisation."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from accounts.permissions import visible_organisations
from directory import services


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(
        visible_organisations(request.user).select_related("district"), slug=slug
    )
    context = {
        "organisation": organisation,
        "industry_codes": list(organisation.industry_codes.all()),
        "networks": services.visible_networks_of(organisation),
        "contacts": services.visible_contacts(organisation, request.user),
        "projects": services.project_history(organisation),
    }
    return render(request, "directory/organisation_detail.html", context)
