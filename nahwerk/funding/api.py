"""Read-only API of the funding catalogue: calls, and the calls that fit an idea."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nahwerk.api.views import INVALID
from nahwerk.directory.choices import OrganisationKind, SizeBand
from nahwerk.funding.choices import FundingLevel
from nahwerk.funding.fit import Applicant, CallFit, FitError, fit_calls, visible_calls
from nahwerk.funding.forms import STATE_CHOICES, CallSearchForm
from nahwerk.funding.models import Call
from nahwerk.matching.explanations import fit_label

RESULT_LIMIT = 20


class CallProgrammeSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    funder = serializers.CharField()
    level = serializers.CharField()
    source_url = serializers.URLField()
    checked_on = serializers.DateField()


class FundingCallSerializer(serializers.ModelSerializer[Call]):
    programme = CallProgrammeSerializer(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Call
        fields = [
            "id",
            "topic_id",
            "title",
            "programme",
            "action_type",
            "opens_on",
            "deadline",
            "budget_min",
            "budget_max",
            "min_partners",
            "min_countries",
            "keywords",
            "source_url",
            "checked_on",
            "url",
        ]

    def get_url(self, call: Call) -> str:
        return call.get_absolute_url()


class FundingCallDetailSerializer(FundingCallSerializer):
    class Meta(FundingCallSerializer.Meta):
        fields = [
            *FundingCallSerializer.Meta.fields,
            "description",
            "conditions",
            "call_identifier",
        ]


class CallPassageSerializer(serializers.Serializer[Any]):
    field = serializers.CharField()
    passage = serializers.CharField()
    idea_part = serializers.CharField(source="need_part")
    similarity = serializers.FloatField()


class CallFitSerializer(serializers.Serializer[Any]):
    call = FundingCallSerializer()
    fit = serializers.CharField(allow_null=True)
    fit_label = serializers.CharField()
    score = serializers.FloatField()
    days_left = serializers.IntegerField()
    passages = CallPassageSerializer(many=True)
    shared_terms = serializers.ListField(child=serializers.CharField())
    rules = serializers.ListField(child=serializers.CharField())
    consortium = serializers.CharField()


def present(fit: CallFit) -> dict[str, Any]:
    return {
        "call": fit.call,
        "fit": str(fit.fit) if fit.fit is not None else None,
        "fit_label": str(fit_label(fit.fit)),
        "score": round(fit.score, 4),
        "days_left": fit.days_left,
        "passages": fit.passages,
        "shared_terms": list(fit.shared_terms),
        "rules": list(fit.rules),
        "consortium": fit.consortium,
    }


class CallViewSet(viewsets.ReadOnlyModelViewSet[Call]):
    """The funding calls you may see whose deadline has not passed (a call by id: any)."""

    permission_classes = [AllowAny]
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self) -> QuerySet[Call]:
        calls = visible_calls(self.request.user).select_related("programme")
        if self.action == "list":
            calls = calls.filter(deadline__gte=timezone.localdate())
        return calls.order_by("deadline", "topic_id")

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return FundingCallDetailSerializer if self.action == "retrieve" else FundingCallSerializer


class CallFitView(APIView):
    """The open calls that fit a project idea, as the page ``/foerderung/`` ranks them."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="funding_fit",
        parameters=[
            OpenApiParameter(
                "q",
                str,
                required=True,
                description=gettext_lazy("The project idea in free text (German or English)."),
            ),
            OpenApiParameter("level", str, enum=FundingLevel.values),
            OpenApiParameter("kind", str, enum=OrganisationKind.values),
            OpenApiParameter("size_band", str, enum=SizeBand.values),
            OpenApiParameter("state", str, enum=[code for code, _name in STATE_CHOICES]),
        ],
        responses={
            200: CallFitSerializer(many=True),
            400: INVALID,
        },
    )
    def get(self, request: Request) -> Response:
        form = CallSearchForm(request.query_params)
        if not form.is_valid():
            raise exceptions.ValidationError(
                {name: [str(m) for m in errors] for name, errors in form.errors.items()}
            )
        if not form.cleaned_data["q"]:
            raise exceptions.ValidationError({"q": [str(gettext_lazy("Describe your idea."))]})
        user: Any = request.user
        organisation = user.organisation if user.is_authenticated and user.is_active else None
        try:
            results = fit_calls(
                form.cleaned_data["q"],
                user=user,
                filters=form.fit_filters(Applicant.of(organisation) if organisation else None),
                limit=RESULT_LIMIT,
            )
        except FitError as error:
            raise exceptions.ValidationError({"q": [str(error)]}) from error
        return Response(CallFitSerializer([present(r) for r in results], many=True).data)
