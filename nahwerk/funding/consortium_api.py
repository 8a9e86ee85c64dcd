"""``POST /api/consortium/``: the consortium builder's team as JSON, with the page's rules."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nahwerk.api.views import IndexNotReady
from nahwerk.funding.consortium import (
    MAX_COMPETENCES,
    MAX_IDEA_CHARS,
    ConsortiumError,
    Proposal,
    build_consortium,
    lead_choices,
    parse_competences,
)
from nahwerk.funding.fit import visible_calls
from nahwerk.funding.models import Call
from nahwerk.matching.services import MatchingError, index_ready
from nahwerk_engine.consortium import Candidate


class ConsortiumRequestSerializer(serializers.Serializer):
    call = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text=gettext_lazy("Call id.")
    )
    idea = serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_IDEA_CHARS, trim_whitespace=True
    )
    lead = serializers.IntegerField(min_value=1, help_text=gettext_lazy("Organisation id."))
    competences = serializers.ListField(
        child=serializers.CharField(max_length=300),
        required=False,
        max_length=MAX_COMPETENCES,
        help_text=gettext_lazy("Empty: proposed from the call or the idea."),
    )
    swaps = serializers.DictField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        help_text=gettext_lazy('Role key → organisation id of an alternative, e.g. {"2": 17}.'),
    )

    def validate_call(self, value: int | None) -> Call | None:
        if value is None:
            return None
        calls = visible_calls(self.context["user"]).select_related("programme")
        call = calls.filter(pk=value).first()
        if call is None:
            raise serializers.ValidationError(_("No call with this id."))
        return call

    def validate_lead(self, value: int) -> Any:
        lead = lead_choices(self.context["user"]).filter(pk=value).first()
        if lead is None:
            raise serializers.ValidationError(
                _("You cannot build a consortium with this lead organisation.")
            )
        return lead

    def validate_competences(self, value: list[str]) -> Any:
        try:
            return parse_competences("\n".join(value))
        except ConsortiumError as error:
            raise serializers.ValidationError(error.message) from error

    def validate_swaps(self, value: dict[str, int]) -> dict[str, int]:
        for key in value:
            if not key.isdigit() or not 1 <= int(key) <= MAX_COMPETENCES:
                raise serializers.ValidationError(
                    _("“%(value)s” is not a role; roles are numbered from 1.") % {"value": key[:20]}
                )
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("call") and not (attrs.get("idea") or "").strip():
            raise serializers.ValidationError(
                {"idea": _("Choose a call or describe the project idea.")}
            )
        return attrs


class MemberSerializer(serializers.Serializer):
    organisation = serializers.IntegerField()
    name = serializers.CharField()
    country = serializers.CharField()
    fit = serializers.CharField()
    passage = serializers.CharField()
    distance_km = serializers.FloatField(allow_null=True)
    in_network = serializers.BooleanField()
    joint_projects = serializers.ListField(child=serializers.CharField())
    from_cooperation_history = serializers.BooleanField()


class RoleSerializer(serializers.Serializer):
    key = serializers.CharField()
    competence = serializers.CharField()
    proposed = serializers.BooleanField()
    member = MemberSerializer(allow_null=True)
    is_lead = serializers.BooleanField()
    added_for_rule = serializers.CharField()
    helps = serializers.ListField(child=serializers.CharField())
    alternatives = MemberSerializer(many=True)


class RuleSerializer(serializers.Serializer):
    rule = serializers.CharField()
    required = serializers.IntegerField()
    achieved = serializers.IntegerField()
    met = serializers.BooleanField()


class ConsortiumSerializer(serializers.Serializer):
    lead = serializers.IntegerField()
    network = serializers.IntegerField(allow_null=True)
    call = serializers.IntegerField(allow_null=True)
    roles = RoleSerializer(many=True)
    rules = RuleSerializer(many=True)
    rules_met = serializers.BooleanField()
    partners = serializers.ListField(child=serializers.IntegerField())
    countries = serializers.ListField(child=serializers.CharField())


def member_json(c: Candidate) -> dict[str, Any]:
    return {
        "organisation": c.organisation_id,
        "name": c.name,
        "country": c.country,
        "fit": c.fit,
        "passage": c.passage,
        "distance_km": None if c.distance_km is None else round(c.distance_km, 1),
        "in_network": c.in_network,
        "joint_projects": list(c.joint_projects),
        "from_cooperation_history": c.history_rank is not None,
    }


def proposal_json(proposal: Proposal) -> dict[str, Any]:
    team = proposal.team
    return {
        "lead": proposal.lead.pk,
        "network": proposal.network.pk if proposal.network else None,
        "call": proposal.call.pk if proposal.call else None,
        "roles": [
            {
                "key": role.key,
                "competence": role.competence.search_text,
                "proposed": role.competence.proposed,
                "member": member_json(role.member) if role.member else None,
                "is_lead": role.is_lead,
                "added_for_rule": role.added_for_rule,
                "helps": list(role.helps),
                "alternatives": [member_json(a) for a in role.alternatives],
            }
            for role in team.roles
        ],
        "rules": [
            {"rule": c.rule, "required": c.required, "achieved": c.achieved, "met": c.met}
            for c in team.checks
        ],
        "rules_met": team.rules_met,
        "partners": [p.organisation_id for p in team.partners],
        "countries": list(team.countries),
    }


class ConsortiumView(APIView):
    """The consortium builder of the page ``/foerderung/konsortium/``."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="consortium_build",
        request=ConsortiumRequestSerializer,
        responses={
            200: ConsortiumSerializer,
            400: OpenApiResponse(description=gettext_lazy("Bad input: {field: [messages]}.")),
            401: OpenApiResponse(description=gettext_lazy("Log in or send a token.")),
            403: OpenApiResponse(description=gettext_lazy("Not a network manager or member.")),
            503: OpenApiResponse(description=gettext_lazy("No partner index yet.")),
        },
    )
    def post(self, request: Request) -> Response:
        user: Any = request.user
        if not lead_choices(user).exists():
            raise exceptions.PermissionDenied(
                _("Only network managers and member organisations build consortia.")
            )
        given = ConsortiumRequestSerializer(data=request.data, context={"user": user})
        given.is_valid(raise_exception=True)
        data = given.validated_data
        if not index_ready():
            raise IndexNotReady
        try:
            proposal = build_consortium(
                user=user,
                lead=data["lead"],
                call=data.get("call"),
                idea=data.get("idea", ""),
                competences=data.get("competences", ()),
                chosen=data.get("swaps") or {},
            )
        except ConsortiumError as error:
            raise exceptions.ValidationError({error.field: [error.message]}) from error
        except MatchingError as error:
            raise exceptions.ValidationError({"detail": str(error)}) from error
        except PermissionDenied as error:
            raise exceptions.PermissionDenied(str(error)) from error
        return Response(proposal_json(proposal))
