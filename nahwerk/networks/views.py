"""Public pages: the start page and a network's page with its map."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from nahwerk.networks import services
from nahwerk.networks.association import may_manage
from nahwerk.networks.choices import MembershipStatus
from nahwerk.networks.models import Network
from nahwerk.reference.models import District


def _districts_without_boundaries() -> Prefetch:
    # the pages name the districts; their boundaries (2-9 kB of GeoJSON each) are drawn
    # from the .geojson views, which the maps fetch on their own
    return Prefetch("districts", queryset=District.objects.defer("boundary"))


def home(request: HttpRequest) -> HttpResponse:
    networks = (
        Network.objects.annotate(
            member_count=Count(
                "memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE), distinct=True
            )
        )
        .prefetch_related(_districts_without_boundaries(), "focus_industries")
        .order_by("name")
    )
    context = {"networks": networks, "map_networks": services.network_colours()}
    return render(request, "networks/home.html", context)


def network_detail(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_object_or_404(
        Network.objects.prefetch_related(_districts_without_boundaries(), "services"), slug=slug
    )
    members = services.visible_members(network, request.user)
    user: Any = request.user
    own_membership = (
        network.memberships.filter(organisation_id=user.organisation_id).first()
        if user.is_authenticated and user.organisation_id
        else None
    )
    context = {
        "own_membership": own_membership,
        "may_manage": may_manage(user, network),
        "network": network,
        "districts": list(network.districts.all()),
        "focus_industries": services.focus_industries(network),
        "roles": services.visible_roles(network, request.user),
        "members": members,
        "fictitious_count": sum(1 for m in members if m.organisation.is_fictitious),
    }
    return render(request, "networks/network_detail.html", context)


def network_geojson(request: HttpRequest, slug: str) -> JsonResponse:
    network = get_object_or_404(Network, slug=slug)
    return JsonResponse(services.network_feature_collection(network, request.user))


def district_geojson(request: HttpRequest, ags: str) -> JsonResponse:
    district = get_object_or_404(District, ags=ags)
    feature = {
        "type": "Feature",
        "geometry": district.boundary,
        "properties": {"kind": "district", "ags": district.ags, "name": district.name},
    }
    return JsonResponse({"type": "FeatureCollection", "features": [feature]})


def overview_geojson(request: HttpRequest) -> JsonResponse:
    return JsonResponse(services.overview_feature_collection())
