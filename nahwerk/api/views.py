"""The API's endpoints: thin views over the same services and access rules as the pages.

Reading goes through ``visible_needs`` / ``visible_organisations`` (hidden records are
"not found"), every step through ``brokering.services`` (a step the user may not take on a
need they see is "forbidden"). Input is validated by the serializers first, so a bad
request reaches no service and stores nothing.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.permissions import SAFE_METHODS, AllowAny, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from nahwerk import ratelimits
from nahwerk.accounts.permissions import Viewer, visible_organisations
from nahwerk.api import serializers as s
from nahwerk.api.fields import IdOrSlugParameter, IdParameter
from nahwerk.brokering import services
from nahwerk.brokering.access import NeedAccess, visible_needs
from nahwerk.brokering.models import Need, NeedStatus, Referral
from nahwerk.directory.choices import OrganisationKind
from nahwerk.directory.models import Organisation, OrganisationQuerySet
from nahwerk.matching.forms import SearchForm
from nahwerk.matching.services import MatchingError
from nahwerk.matching.views import RESULT_LIMIT, index_ready, origin_of
from nahwerk.networks.choices import MembershipStatus
from nahwerk.networks.models import Membership, Network

NOT_FOUND = OpenApiResponse(
    s.ErrorResponse, description=gettext_lazy("Not there, or not visible to you.")
)
FORBIDDEN = OpenApiResponse(
    s.ErrorResponse, description=gettext_lazy("You see the need but may not take this step.")
)
UNAUTHENTICATED = OpenApiResponse(
    s.ErrorResponse, description=gettext_lazy("Log in or send a token.")
)
INVALID = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description=gettext_lazy(
        "Bad input, nothing stored: {field: [messages]}, or {detail: message} for the "
        "request as a whole."
    ),
)


class IndexNotReady(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = gettext_lazy("The partner index has not been built yet.")
    default_code = "index_not_ready"


class TooManyLogins(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"
    wait: int | None = None


def api_error(error: Exception) -> Exception:
    """The services' errors as API errors, keeping their messages."""
    if isinstance(error, DjangoValidationError):
        if hasattr(error, "error_dict"):
            key = api_settings.NON_FIELD_ERRORS_KEY
            return exceptions.ValidationError(
                {
                    (key if name == NON_FIELD_ERRORS else name): messages
                    for name, messages in error.message_dict.items()
                }
            )
        return exceptions.ValidationError({"detail": " ".join(error.messages)})
    if isinstance(error, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(error) or None)
    if isinstance(error, MatchingError):
        return exceptions.ValidationError({"detail": str(error)})
    return error


class ServiceErrors(APIView):
    """Base for views: the services' ValidationError/PermissionDenied become 400/403."""

    def handle_exception(self, exc: Exception) -> Response:
        return super().handle_exception(api_error(exc))


class ReadOrAuthenticated(BasePermission):
    """Anyone reads what they may see; writing needs a login or a token (else 401)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in SAFE_METHODS or bool(
            request.user and request.user.is_authenticated
        )


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@permission_classes([AllowAny])
def unknown_path(request: Request) -> Response:
    """Any path under /api/ that is none of the endpoints: a JSON 404."""
    raise exceptions.NotFound(
        _("There is no API endpoint at this address. The endpoints are listed at /api/docs/.")
    )


# --- Token ----------------------------------------------------------------------------------


class TokenView(ObtainAuthToken):
    """Exchange a username and password for the user's API token.

    Goes through Django's ``authenticate`` with the request, so django-axes counts failed
    attempts and locks out exactly as on the login page.
    """

    @extend_schema(
        operation_id="token_obtain",
        request=AuthTokenSerializer,
        responses={
            200: s.TokenResponse,
            400: INVALID,
            429: OpenApiResponse(
                s.ErrorResponse,
                description=gettext_lazy(
                    "Locked out after failures, or too many failed logins from your address."
                ),
            ),
        },
        auth=[],
        description=gettext_lazy(
            "Returns the user's token (the same one on every call). Send it with every "
            "request as the header `Authorization: Token <token>`. After repeated failures "
            "the username is locked for a while from the same address (429)."
        ),
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # failed logins per client address, counted together with the login page's
        wait = ratelimits.login_failures_exhausted(request)
        if wait is not None:
            raise exceptions.Throttled(wait)
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            ratelimits.count_login_failure(request)
            # django-axes marks the request it was given (this one) when it refuses a login
            if getattr(request, "axes_locked_out", False):
                locked = TooManyLogins(
                    _(
                        "Too many failed logins for this username from your address. "
                        "Try again later or reset your password."
                    )
                )
                locked.wait = ratelimits.lockout_seconds()  # DRF sends it as Retry-After
                raise locked
            raise exceptions.ValidationError(serializer.errors)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})

    @extend_schema(
        operation_id="token_revoke",
        request=None,
        responses={204: None, 401: UNAUTHENTICATED},
        description=gettext_lazy("Deletes your token; the next POST creates a new one."),
    )
    def delete(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Organisations --------------------------------------------------------------------------


class OrganisationFilter(serializers.Serializer):
    network = IdOrSlugParameter(
        required=False, max_length=100, help_text=gettext_lazy("Network id or slug.")
    )
    kind = serializers.ChoiceField(choices=OrganisationKind.choices, required=False)
    q = serializers.CharField(
        required=False, max_length=200, help_text=gettext_lazy("Part of the name.")
    )
    include_history = serializers.BooleanField(
        required=False,
        default=False,
        help_text=gettext_lazy(
            "Also organisations known only from EU project history (CORDIS), which are not "
            "members of any network; left out by default."
        ),
    )


@extend_schema_view(list=extend_schema(parameters=[OrganisationFilter]))
class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """The organisations you may see; each profile text only if its visibility lets you."""

    serializer_class = s.OrganisationSerializer
    permission_classes = [AllowAny]

    def get_queryset(self) -> QuerySet[Organisation]:
        active = Membership.objects.filter(status=MembershipStatus.ACTIVE).select_related("network")
        return (
            visible_organisations(self.request.user)
            .with_history_flag()
            .with_district()
            .prefetch_related(
                "industry_codes",
                Prefetch("memberships", queryset=active, to_attr="active_memberships"),
            )
            .order_by("name", "pk")
        )

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        if self.action == "retrieve":
            return s.OrganisationDetailSerializer
        return s.OrganisationSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "viewer": Viewer(self.request.user)}

    def filter_queryset(self, queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
        if self.action != "list":
            return queryset
        params = OrganisationFilter(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        if data.get("network"):
            network = data["network"]
            key = {"pk": network} if isinstance(network, int) else {"slug": network}
            networks = Network.objects.filter(**key).values("pk")
            # as the network's page: its current members and the holders of its roles
            members = Organisation.objects.filter(
                Q(
                    memberships__network__in=networks,
                    memberships__status=MembershipStatus.ACTIVE,
                )
                | Q(network_roles__network__in=networks)
            )
            queryset = queryset.filter(pk__in=members.values("pk"))
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("q"):
            queryset = queryset.filter(name__icontains=data["q"])
        if not data.get("include_history"):
            queryset = cast(OrganisationQuerySet, queryset).listed()
        return queryset


# --- Needs ----------------------------------------------------------------------------------


class NeedFilter(serializers.Serializer):
    status = serializers.ChoiceField(choices=NeedStatus.choices, required=False)
    network = IdParameter(required=False, help_text=gettext_lazy("Network id."))


def step_schema(request: Any = None, **kwargs: Any) -> Any:
    return extend_schema(
        request=request,
        responses={
            200: s.NeedSerializer,
            400: INVALID,
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
        **kwargs,
    )


class NeedViewSet(ServiceErrors, viewsets.GenericViewSet):
    """Needs and the steps of the brokering loop, with the rights of the need's page."""

    serializer_class = s.NeedSerializer
    permission_classes = [ReadOrAuthenticated]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Need]:
        return (
            visible_needs(self.request.user)
            .select_related("organisation", "network")
            .order_by("-created_at", "-pk")
        )

    @property
    def user(self) -> Any:
        return self.request.user

    def get_object(self) -> Need:
        try:
            need: Need = super().get_object()
        except Http404 as error:
            # the same answer whether the need does not exist or is hidden from this user
            raise exceptions.NotFound(
                _("There is no need with this id that you may see.")
            ) from error
        return need

    def _need(self) -> tuple[Need, NeedAccess]:
        need = self.get_object()
        return need, NeedAccess.of(need, self.user)

    def _require(self, allowed: bool, message: str) -> None:
        if not allowed:
            raise exceptions.PermissionDenied(message)

    def _valid(self, input_class: type[serializers.Serializer], **kwargs: Any) -> Any:
        serializer = input_class(data=self.request.data, **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer

    def _show(self, need: Need, code: int = status.HTTP_200_OK) -> Response:
        fresh = Need.objects.select_related("organisation", "network").get(pk=need.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    # -- the need itself

    @extend_schema(parameters=[NeedFilter])
    def list(self, request: Request) -> Response:
        """Needs you may see: your own, routed to you, of your networks, open ones."""
        params = NeedFilter(data=request.query_params)
        params.is_valid(raise_exception=True)
        needs = self.get_queryset()
        if "status" in params.validated_data:
            needs = needs.filter(status=params.validated_data["status"])
        if "network" in params.validated_data:
            needs = needs.filter(network=params.validated_data["network"])
        page = self.paginate_queryset(needs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request=s.NeedCreateInput,
        responses={201: s.NeedSerializer, 400: INVALID, 401: UNAUTHENTICATED, 403: FORBIDDEN},
    )
    def create(self, request: Request) -> Response:
        """Post a need for your organisation in one of its networks."""
        if not services.networks_for_posting(self.user):
            raise exceptions.PermissionDenied(
                _("Only users of an organisation that is a member of a network can post needs.")
            )
        data = self._valid(s.NeedCreateInput)
        need = services.post_need(self.user, data.validated_data["network"], data.need_input())
        return self._show(need, status.HTTP_201_CREATED)

    @extend_schema(responses={200: s.NeedSerializer, 404: NOT_FOUND})
    def retrieve(self, request: Request, pk: str) -> Response:
        """One need, with the steps you may take on it now."""
        return Response(self.get_serializer(self.get_object()).data)

    @step_schema(request=s.NeedInput)
    def partial_update(self, request: Request, pk: str) -> Response:
        """Change title, description or wishes (the asker before triage, the manager)."""
        need, access = self._need()
        self._require(access.can_edit, _("This need can no longer be edited by you."))
        data = self._valid(s.NeedInput, instance=need, partial=True)
        need = services.edit_need(self.user, need, data.need_changes())
        return self._show(need)

    # -- steps

    @step_schema()
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        """The manager accepts a new need: it is published as its posting says."""
        need, access = self._need()
        self._require(access.can_triage, _("Only the network management triages new needs."))
        return self._show(services.accept_need(self.user, need))

    @step_schema(request=s.ReasonInput)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        """The manager rejects a new need with a reason the asker is told."""
        need, access = self._need()
        self._require(access.can_triage, _("Only the network management triages new needs."))
        data = self._valid(s.ReasonInput)
        return self._show(services.reject_need(self.user, need, data.validated_data["reason"]))

    @step_schema(request=s.RouteInput)
    @action(detail=True, methods=["post"])
    def route(self, request: Request, pk: str) -> Response:
        """The manager routes the need to organisations of its network."""
        need, access = self._need()
        self._require(access.can_route, _("Only the network management routes open needs."))
        data = self._valid(s.RouteInput).validated_data
        services.route_need(self.user, need, data["organisations"], data.get("note", ""))
        return self._show(need)

    @step_schema(request=s.AnswerInput)
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str) -> Response:
        """A routed organisation answers: interested, not our field, or a question."""
        need, access = self._need()
        self._require(
            access.can_answer, _("Only an organisation the open need was routed to answers.")
        )
        data = self._valid(s.AnswerInput).validated_data
        services.answer_referral(self.user, need, data["response"], data.get("message", ""))
        return self._show(need)

    @step_schema()
    @action(detail=True, methods=["post"])
    def reveal(self, request: Request, pk: str) -> Response:
        """The asking organisation agrees to be named to the routed organisations."""
        need, access = self._need()
        self._require(
            access.can_reveal, _("Only the asking organisation reveals an anonymous need.")
        )
        return self._show(services.reveal_asker(self.user, need))

    @step_schema(request=s.OutcomeInput)
    @action(detail=True, methods=["post"])
    def outcome(self, request: Request, pk: str) -> Response:
        """Mark "cooperation started", or close the need with a reason."""
        need, access = self._need()
        self._require(
            access.can_set_outcome,
            _("Only the asking organisation and the network management set the outcome."),
        )
        data = self._valid(s.OutcomeInput).validated_data
        return self._show(
            services.set_outcome(self.user, need, data["status"], data.get("reason", ""))
        )

    # -- what belongs to the need

    @extend_schema(
        methods=["GET"],
        responses={200: s.ThreadSerializer(many=True), 404: NOT_FOUND},
        description=gettext_lazy(
            "The threads you may read: all for the asker and manager, else your own."
        ),
    )
    @extend_schema(
        methods=["POST"],
        request=s.MessageInput,
        responses={
            201: s.MessageSerializer,
            400: INVALID,
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
        description=gettext_lazy("Write in a thread you take part in."),
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def messages(self, request: Request, pk: str) -> Response:
        need, access = self._need()
        context = {**self.get_serializer_context(), "access": access}
        if request.method == "GET":
            threads = access.threads().prefetch_related("messages__referral__organisation")
            return Response(s.ThreadSerializer(threads, many=True, context=context).data)
        data = self._valid(s.MessageInput).validated_data
        referral = Referral.objects.filter(need=need, pk=data["referral"]).first()
        self._require(
            referral is not None and access.may_write_in(referral),
            _("You may not write in this thread."),
        )
        assert referral is not None
        message = services.write_message(self.user, need, referral, data["body"])
        return Response(
            s.MessageSerializer(message, context=context).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        responses={200: s.ReferralSerializer(many=True), 404: NOT_FOUND},
        description=gettext_lazy(
            "Where the need was routed: all for the asker and manager, else your own."
        ),
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def referrals(self, request: Request, pk: str) -> Response:
        access = self._need()[1]
        return Response(s.ReferralSerializer(access.threads(), many=True).data)

    @extend_schema(
        responses={200: s.EventSerializer(many=True), 404: NOT_FOUND},
        description=gettext_lazy("The steps of the need you may see, with who took them."),
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def timeline(self, request: Request, pk: str) -> Response:
        need, access = self._need()
        events = services.visible_events(need, access)
        return Response(s.EventSerializer(events, many=True, context={"access": access}).data)

    @extend_schema(
        responses={
            200: s.PartnerMatchSerializer(many=True),
            400: INVALID,
            403: FORBIDDEN,
            404: NOT_FOUND,
            503: OpenApiResponse(
                s.ErrorResponse, description=gettext_lazy("No partner index yet.")
            ),
        },
        description=gettext_lazy(
            "Ranked, explained partners for the need (asker and manager only)."
        ),
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def matches(self, request: Request, pk: str) -> Response:
        need, access = self._need()
        self._require(
            access.sees_matches,
            _("Only the asking organisation and the network management see the matches."),
        )
        if not index_ready():
            raise IndexNotReady
        matches = services.matches_for(need, self.user)
        return Response(
            s.present_matches(matches, viewer=Viewer(self.user), origin=need.organisation.name)
        )


# --- Partner search -------------------------------------------------------------------------


# a profile change reaches the next search at once: never from the cache of public pages
@method_decorator(never_cache, name="dispatch")
class PartnerSearchView(ServiceErrors):
    """The partner search of the page ``/partner-finden/``, with its rules and messages."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="partners_search",
        parameters=[
            OpenApiParameter(
                "q", str, required=True, description=gettext_lazy("The need in free text.")
            ),
            OpenApiParameter("near", str, description=gettext_lazy("A German postcode.")),
            OpenApiParameter("kind", str, enum=OrganisationKind.values),
            OpenApiParameter("network", str, description=gettext_lazy("Network slug.")),
            OpenApiParameter(
                "district", str, description=gettext_lazy("District AGS or exact name.")
            ),
            OpenApiParameter(
                "wz_section", str, description=gettext_lazy("WZ 2008 section letter.")
            ),
            OpenApiParameter("size_band", str),
            OpenApiParameter("max_distance_km", int, description=gettext_lazy("1 to 1000.")),
            OpenApiParameter(
                "nearness",
                int,
                description=gettext_lazy("0 to 100: how much nearness counts (30)."),
            ),
            OpenApiParameter(
                "include_history",
                bool,
                description=gettext_lazy(
                    "Also earlier EU project partners: organisations known only from EU "
                    "project history, marked from_history (false)."
                ),
            ),
        ],
        responses={
            200: s.PartnerMatchSerializer(many=True),
            400: INVALID,
            503: OpenApiResponse(
                s.ErrorResponse, description=gettext_lazy("No partner index yet.")
            ),
        },
    )
    def get(self, request: Request) -> Response:
        user: Any = request.user
        asker = user.organisation if user.is_authenticated else None
        form = SearchForm(request.query_params, user=user, asker=asker)
        if not form.is_valid():
            raise exceptions.ValidationError(
                {
                    (api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name): [
                        str(m) for m in messages
                    ]
                    for name, messages in form.errors.items()
                }
            )
        if not index_ready():
            raise IndexNotReady
        matches = form.find_partners(user, limit=RESULT_LIMIT)  # MatchingError: 400
        near = form.cleaned_data["near"]
        return Response(
            s.present_matches(matches, viewer=Viewer(user), origin=origin_label(near, asker))
        )


def origin_label(near: str | None, asker: Organisation | None) -> str:
    """Where distances were measured from, in the words of the search page."""
    origin = origin_of(near, asker)
    return origin["label"] if origin else ""
