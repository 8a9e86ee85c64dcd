"""API of the regional statistics: the official figures of a network's region or a district.

Public and read-only: the figures are official statistics. Member-level figures and the
white spots are not offered here; the cooperation network (who works with whom) is, to
the network's managers only.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nahwerk.accounts.permissions import managed_network_ids
from nahwerk.api.serializers import ErrorResponse
from nahwerk.networks.models import Network
from nahwerk.queryparams import InvalidParameter, parse_whole_number
from nahwerk.reference.models import District
from nahwerk.regional import cooperation, services
from nahwerk.regional.choices import ATTRIBUTION, SOURCE_TABLE


class ChangeSerializer(serializers.Serializer[Any]):
    from_year = serializers.IntegerField()
    to_year = serializers.IntegerField()
    absolute = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True)


class StarsSerializer(serializers.Serializer[Any]):
    size = serializers.BooleanField(allow_null=True)
    specialisation = serializers.BooleanField(allow_null=True)
    focus = serializers.BooleanField(allow_null=True)


class SectorFiguresSerializer(serializers.Serializer[Any]):
    sector = serializers.CharField(help_text=gettext_lazy("Sector code of the table, or TOTAL."))
    label = serializers.CharField()
    employees = serializers.IntegerField(
        allow_null=True, help_text=gettext_lazy("null when a part was not published.")
    )
    at_least = serializers.IntegerField(
        help_text=gettext_lazy("The sum of the published parts (a lower bound).")
    )
    missing_districts = serializers.ListField(child=serializers.CharField())
    share = serializers.FloatField(allow_null=True)
    national_share = serializers.FloatField(allow_null=True)
    location_quotient = serializers.FloatField(allow_null=True)
    stars = StarsSerializer()
    change = ChangeSerializer(allow_null=True)
    series = serializers.DictField(child=serializers.IntegerField(allow_null=True))


class RegionProfileSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    districts = serializers.ListField(child=serializers.CharField())
    year = serializers.IntegerField(allow_null=True)
    years = serializers.ListField(child=serializers.IntegerField())
    source = serializers.CharField()
    attribution = serializers.CharField()
    sectors = SectorFiguresSerializer(many=True)


YEAR = OpenApiParameter(
    "year",
    int,
    description=gettext_lazy("A year with figures (default: the latest)."),
)
RESPONSES = {
    200: RegionProfileSerializer,
    400: OpenApiResponse(
        OpenApiTypes.OBJECT,
        description=gettext_lazy("No figures for that year: {year: [message]}."),
    ),
    404: OpenApiResponse(ErrorResponse, description=gettext_lazy("No such network or district.")),
}


def _year(request: Request) -> int | None:
    raw = request.query_params.get("year")
    if raw is None or raw == "":
        return None
    try:
        year = parse_whole_number("year", raw, minimum=1900, maximum=2100)
    except InvalidParameter as error:
        raise serializers.ValidationError({"year": [error.message]}) from error
    years = services.available_years()
    if year not in years:
        raise serializers.ValidationError(
            {
                "year": [
                    _("There are figures for the years %(years)s.")
                    % {"years": ", ".join(str(y) for y in years) or "\u2013"}
                ]
            }
        )
    return year


def present(profile: services.RegionProfile) -> dict[str, Any]:
    return {
        "code": profile.region.code,
        "name": profile.region.name,
        "districts": list(profile.region.districts),
        "year": profile.year,
        "years": profile.years,
        "source": SOURCE_TABLE,
        "attribution": ATTRIBUTION,
        "sectors": [
            {
                "sector": row.sector,
                "label": row.label,
                "employees": row.stats.employees,
                "at_least": row.stats.at_least,
                "missing_districts": list(row.stats.missing),
                "share": row.stats.share,
                "national_share": row.stats.national_share,
                "location_quotient": row.stats.lq,
                "stars": {
                    "size": row.stats.stars.size,
                    "specialisation": row.stats.stars.specialisation,
                    "focus": row.stats.stars.focus,
                },
                "change": None
                if row.stats.change is None
                else {
                    "from_year": row.stats.change.from_year,
                    "to_year": row.stats.change.to_year,
                    "absolute": row.stats.change.absolute,
                    "percent": row.stats.change.percent,
                },
                "series": {str(y): v for y, v in row.stats.series.items()},
            }
            for row in profile.rows
        ],
    }


class NetworkRegionView(APIView):
    """Employees by sector in a network's region (the sum of its districts)."""

    @extend_schema(parameters=[YEAR], responses=RESPONSES, operation_id="regional_network")
    def get(self, request: Request, slug: str) -> Response:
        network = get_object_or_404(Network, slug=slug)
        year = _year(request)
        return Response(present(services.region_profile(services.network_region(network), year)))


class DistrictView(APIView):
    """Employees by sector in one district."""

    @extend_schema(parameters=[YEAR], responses=RESPONSES, operation_id="regional_district")
    def get(self, request: Request, ags: str) -> Response:
        if not (len(ags) == 5 and ags.isascii() and ags.isdigit()):
            raise Http404
        district = get_object_or_404(District.objects.defer("boundary"), ags=ags)
        year = _year(request)
        return Response(present(services.region_profile(services.district_region(district), year)))


class CooperationNodeSerializer(serializers.Serializer[Any]):
    id = serializers.CharField(help_text=gettext_lazy("The organisation's id."))
    label = serializers.CharField()
    kind = serializers.CharField()
    district = serializers.CharField()
    url = serializers.CharField(help_text=gettext_lazy("Its page; empty when not visible."))
    member = serializers.BooleanField()
    degree = serializers.IntegerField(help_text=gettext_lazy("Number of partners."))
    weighted_degree = serializers.IntegerField(help_text=gettext_lazy("Occasions."))
    degree_centrality = serializers.FloatField()
    betweenness = serializers.FloatField()
    community = serializers.IntegerField(allow_null=True)


class CooperationEdgeSerializer(serializers.Serializer[Any]):
    source = serializers.CharField()
    target = serializers.CharField()
    weight = serializers.IntegerField()
    kinds = serializers.DictField(child=serializers.IntegerField())
    crosses_border = serializers.BooleanField()


class CooperationSerializer(serializers.Serializer[Any]):
    network = serializers.CharField()
    from_year = serializers.IntegerField(allow_null=True)
    to_year = serializers.IntegerField(allow_null=True)
    nodes = CooperationNodeSerializer(many=True)
    edges = CooperationEdgeSerializer(many=True)
    isolated = serializers.ListField(child=serializers.CharField())
    communities = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))
    modularity = serializers.FloatField(allow_null=True)
    betweenness_samples = serializers.IntegerField(allow_null=True)
    kind_labels = serializers.DictField(child=serializers.CharField())


class CooperationNetworkView(APIView):
    """The network's cooperation network: organisations, ties and metrics (managers only)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("from_year", int, description=gettext_lazy("First year.")),
            OpenApiParameter("to_year", int, description=gettext_lazy("Last year.")),
        ],
        responses={
            200: CooperationSerializer,
            202: OpenApiResponse(
                ErrorResponse,
                description=gettext_lazy(
                    "A large network's analysis is being computed; ask again (Retry-After)."
                ),
            ),
            400: OpenApiResponse(OpenApiTypes.OBJECT, description=gettext_lazy("Bad year.")),
            401: OpenApiResponse(ErrorResponse, description=gettext_lazy("Not logged in.")),
            403: OpenApiResponse(
                ErrorResponse, description=gettext_lazy("Not a manager of the network.")
            ),
            404: OpenApiResponse(ErrorResponse, description=gettext_lazy("No such network.")),
        },
        operation_id="regional_cooperation",
    )
    def get(self, request: Request, slug: str) -> Response:
        network = get_object_or_404(Network, slug=slug)
        if not request.user.is_authenticated:
            raise NotAuthenticated
        if network.pk not in managed_network_ids(request.user):
            raise PermissionDenied(_("Only the network's managers see its cooperation network."))
        try:
            period = cooperation.parse_period(request.query_params, "from_year", "to_year")
        except InvalidParameter as error:
            raise serializers.ValidationError({error.name: [error.message]}) from error
        try:
            report = cooperation.cooperation_report(network, request.user, period, suggestions=0)
        except cooperation.AnalysisPending as pending:
            detail = _(
                "The cooperation network of %(ties)s ties is being computed; ask again in a minute."
            ) % {"ties": pending.ties}
            return Response({"detail": detail}, status=202, headers={"Retry-After": "30"})
        data = report.graph_data(limit=None)
        analysis = report.analysis
        return Response(
            {
                "network": network.slug,
                "from_year": period.first,
                "to_year": period.last,
                "nodes": data["nodes"],
                "edges": data["edges"],
                "isolated": [str(v) for v in analysis.isolated],
                "communities": [sorted(str(v) for v in c) for c in analysis.communities],
                "modularity": analysis.modularity,
                "betweenness_samples": analysis.betweenness_samples,
                "kind_labels": data["kind_labels"],
            }
        )
