"""What the API reads and writes: input schemas validate, output schemas show what a user may see.

Input serializers (``…Input``) check shape, lengths and markup before a service runs, so a
bad request stores nothing; the services then apply the brokering rules. Output
serializers take the viewer from the context and leave out what the viewer may not see:
profile texts by their visibility, and the asking organisation of an anonymous need.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from nahwerk.accounts.permissions import Viewer
from nahwerk.brokering import services
from nahwerk.brokering.access import NeedAccess
from nahwerk.brokering.models import (
    MAX_DESCRIPTION_LENGTH,
    Message,
    Need,
    NeedEvent,
    NeedStatus,
    Referral,
    ReferralResponse,
)
from nahwerk.directory import services as directory_services
from nahwerk.directory.models import Organisation
from nahwerk.matching.explanations import TEXT_FIELDS, FieldGate, field_label, fit_label, reasons
from nahwerk.matching.services import PartnerMatch
from nahwerk.reference.models import IndustryCode
from nahwerk.validators import plausible_date, reject_markup

# --- Input ----------------------------------------------------------------------------------


class StrictInput(serializers.Serializer):
    """Refuses keys it does not know, instead of silently ignoring them."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        data = getattr(self, "initial_data", None)
        if isinstance(data, dict):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(set(data) - writable)
            if unknown:
                raise serializers.ValidationError(
                    {name: [_("This field is unknown or cannot be set here.")] for name in unknown}
                )
        return attrs


def plain_text(max_length: int, *, required: bool = True, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(
        max_length=max_length,
        required=required,
        allow_blank=not required,
        validators=[reject_markup],
        **kwargs,
    )


class NeedInput(StrictInput, serializers.ModelSerializer):
    """Title, description and wishes of a need, as the need form has them."""

    field = serializers.PrimaryKeyRelatedField(
        queryset=IndustryCode.objects.filter(level=2),
        required=False,
        allow_null=True,
        help_text=_("A WZ 2008 division (two digits), e.g. 23."),
    )

    class Meta:
        model = Need
        fields = [
            "title",
            "description",
            "partner_kind",
            "posting",
            "max_distance_km",
            "deadline",
            "field",
        ]
        extra_kwargs = {
            "max_distance_km": {"min_value": 1, "max_value": 1000},
            "deadline": {"validators": [plausible_date]},
        }

    def need_changes(self) -> dict[str, Any]:
        """The validated values in the services' terms (``field`` becomes ``field_id``)."""
        changes = dict(self.validated_data)
        if "field" in changes:
            field = changes.pop("field")
            changes["field_id"] = field.pk if field is not None else None
        return changes


class NeedCreateInput(NeedInput):
    network = serializers.IntegerField(
        help_text=_("The network whose manager brokers the need; your organisation's network.")
    )

    class Meta(NeedInput.Meta):
        fields = ["network", *NeedInput.Meta.fields]

    def need_input(self) -> services.NeedInput:
        changes = self.need_changes()
        changes.pop("network")
        return services.NeedInput(**changes)


class ReasonInput(StrictInput):
    reason = plain_text(500)


class RouteInput(StrictInput):
    organisations = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        allow_empty=False,
        max_length=100,
        help_text=_("Ids of organisations of the need's network."),
    )
    note = plain_text(2000, required=False)


class AnswerInput(StrictInput):
    response = serializers.ChoiceField(
        choices=[c for c in ReferralResponse.choices if c[0] != ReferralResponse.PENDING]
    )
    message = plain_text(MAX_DESCRIPTION_LENGTH, required=False)


class MessageInput(StrictInput):
    referral = serializers.IntegerField(
        help_text=_("The thread: the id of a referral of this need.")
    )
    body = plain_text(MAX_DESCRIPTION_LENGTH)


OUTCOMES = [
    (NeedStatus.COOPERATION.value, NeedStatus.COOPERATION.label),
    (NeedStatus.CLOSED.value, NeedStatus.CLOSED.label),
]


# A pattern, not an enum: a second enum for a field named "status" would collide with the
# need's status enum in the schema.
@extend_schema_field(
    {
        "type": "string",
        "pattern": "^(" + "|".join(value for value, _label in OUTCOMES) + ")$",
        "description": "cooperation: cooperation started; closed: closed (give a reason)",
    }
)
class OutcomeField(serializers.ChoiceField):
    pass


class OutcomeInput(StrictInput):
    status = OutcomeField(choices=OUTCOMES)
    reason = plain_text(500, required=False, help_text=_("Needed when closing."))


# --- Small references -----------------------------------------------------------------------


class Reference(serializers.Serializer):
    """Id and name of a related record."""

    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()


def reference(record: Model) -> dict[str, Any]:
    return {"id": record.pk, "slug": getattr(record, "slug", ""), "name": str(record)}


# --- Organisations --------------------------------------------------------------------------


class Contact(serializers.Serializer):
    name = serializers.CharField()
    function = serializers.CharField()
    email = serializers.CharField(help_text=_("Empty when you may not see it."))
    phone = serializers.CharField(help_text=_("Empty when you may not see it."))


class OrganisationSerializer(serializers.Serializer):
    """An organisation; each profile text only when the viewer may read it."""

    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    url = serializers.CharField(source="get_absolute_url", help_text=_("Its page."))
    kind = serializers.CharField()
    legal_form = serializers.CharField()
    size_band = serializers.CharField()
    street = serializers.CharField()
    postcode = serializers.CharField()
    city = serializers.CharField()
    country = serializers.CharField()
    district = serializers.SerializerMethodField()
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    website = serializers.CharField()
    industry_codes = serializers.SerializerMethodField()
    networks = serializers.SerializerMethodField()
    is_fictitious = serializers.BooleanField()
    is_history_only = serializers.BooleanField(
        help_text=_(
            "Known only from EU project history (CORDIS): not a member of any network, so "
            "not in the directory or the default partner search."
        )
    )
    # Left out of an organisation's record when the viewer may not read them.
    description = serializers.CharField(required=False)
    competences = serializers.CharField(required=False)
    equipment = serializers.CharField(required=False)
    references = serializers.CharField(required=False)
    offers = serializers.CharField(required=False)

    def to_representation(self, instance: Organisation) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        gate = FieldGate(self.context["viewer"], instance)
        for name in TEXT_FIELDS:
            if name in data and not (hasattr(instance, name) and gate.sees(name)):
                del data[name]
        return data

    @extend_schema_field(
        inline_serializer(
            "District",
            {"ags": serializers.CharField(), "name": serializers.CharField()},
            allow_null=True,  # an address outside Germany or without postcode has none
        )
    )
    def get_district(self, organisation: Organisation) -> dict[str, str] | None:
        district = organisation.district
        return {"ags": district.ags, "name": district.name} if district else None

    def get_industry_codes(self, organisation: Organisation) -> list[str]:
        return [code.pk for code in organisation.industry_codes.all()]

    @extend_schema_field(Reference(many=True))
    def get_networks(self, organisation: Organisation) -> list[dict[str, Any]]:
        memberships = getattr(organisation, "active_memberships", [])
        return [reference(membership.network) for membership in memberships]


class OrganisationDetailSerializer(OrganisationSerializer):
    contacts = serializers.SerializerMethodField()

    @extend_schema_field(Contact(many=True))
    def get_contacts(self, organisation: Organisation) -> list[dict[str, str]]:
        return [
            vars(contact)
            for contact in directory_services.visible_contacts(
                organisation, self.context["viewer"].user
            )
        ]


# --- Needs ----------------------------------------------------------------------------------


def access_for(context: dict[str, Any], need: Need) -> NeedAccess:
    """The viewer's rights on a need, worked out once per need and response."""
    cache: dict[int, NeedAccess] = context.setdefault("accesses", {})
    access = cache.get(need.pk)
    if access is None or access.need is not need:
        access = cache[need.pk] = NeedAccess.of(need, context["request"].user)
    return access


class Steps(serializers.Serializer):
    """Which steps the viewer may take on the need now."""

    edit = serializers.BooleanField()
    accept = serializers.BooleanField()
    reject = serializers.BooleanField()
    route = serializers.BooleanField()
    answer = serializers.BooleanField()
    reveal = serializers.BooleanField()
    outcome = serializers.BooleanField()
    matches = serializers.BooleanField()


class NeedSerializer(serializers.ModelSerializer):
    """A need as the viewer may see it; never names a hidden asking organisation."""

    network = serializers.SerializerMethodField()
    field = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    asker = serializers.SerializerMethodField(
        help_text=_(
            "The asking organisation; null while the need is anonymous to you "
            "(then “anonymous” is true)."
        )
    )
    anonymous = serializers.SerializerMethodField(
        help_text=_("Whether the asking organisation is still hidden from the routed ones.")
    )
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    steps = serializers.SerializerMethodField()

    class Meta:
        model = Need
        fields = [
            "id",
            "url",
            "title",
            "description",
            "network",
            "asker",
            "anonymous",
            "partner_kind",
            "posting",
            "max_distance_km",
            "deadline",
            "field",
            "status",
            "status_reason",
            "author_revealed_at",
            "first_answer_at",
            "created_at",
            "updated_at",
            "steps",
        ]
        read_only_fields = fields

    @extend_schema_field(Reference)
    def get_network(self, need: Need) -> dict[str, Any] | None:
        return reference(need.network)

    @extend_schema_field(Reference(allow_null=True))
    def get_asker(self, need: Need) -> dict[str, Any] | None:
        if not access_for(self.context, need).sees_asker:
            return None
        return reference(need.organisation)

    def get_anonymous(self, need: Need) -> bool:
        return need.is_anonymous

    @extend_schema_field(Steps)
    def get_steps(self, need: Need) -> dict[str, bool]:
        access = access_for(self.context, need)
        return {
            "edit": access.can_edit,
            "accept": access.can_triage,
            "reject": access.can_triage,
            "route": access.can_route,
            "answer": access.can_answer,
            "reveal": access.can_reveal,
            "outcome": access.can_set_outcome,
            "matches": access.sees_matches,
        }


class ReferralSerializer(serializers.ModelSerializer):
    """A need routed to one organisation, and its answer."""

    organisation = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = ["id", "organisation", "routed_at", "note", "response", "responded_at"]
        read_only_fields = fields

    @extend_schema_field(Reference)
    def get_organisation(self, referral: Referral) -> dict[str, Any] | None:
        return reference(referral.organisation)


def message_author(message: Message, access: NeedAccess) -> str:
    """Who wrote a message, as the viewer may know it (the pages say the same)."""
    if message.from_asker:
        return services.asker_label(access.need, access)
    if message.from_manager:
        return str(_("network management"))
    return message.referral.organisation.name


class MessageSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField(
        help_text=_("The organisation or “network management”; anonymous askers stay unnamed.")
    )

    class Meta:
        model = Message
        fields = ["id", "author", "from_asker", "from_manager", "body", "created_at"]
        read_only_fields = fields

    def get_author(self, message: Message) -> str:
        return message_author(message, self.context["access"])


class ThreadSerializer(serializers.Serializer):
    """The messages between the asker and one routed organisation."""

    referral = serializers.IntegerField(source="pk")
    organisation = serializers.SerializerMethodField()
    messages = MessageSerializer(many=True, source="messages.all")

    @extend_schema_field(Reference)
    def get_organisation(self, referral: Referral) -> dict[str, Any] | None:
        return reference(referral.organisation)


class EventSerializer(serializers.ModelSerializer):
    """One step of the timeline; the actor as the viewer may know it."""

    actor = serializers.SerializerMethodField()
    organisation = serializers.SerializerMethodField()
    text = serializers.SerializerMethodField()

    class Meta:
        model = NeedEvent
        fields = ["id", "kind", "created_at", "actor", "organisation", "status", "note", "text"]
        read_only_fields = fields

    def get_actor(self, event: NeedEvent) -> str:
        return services.actor_label(event, self.context["access"])

    @extend_schema_field(Reference(allow_null=True))
    def get_organisation(self, event: NeedEvent) -> dict[str, Any] | None:
        access: NeedAccess = self.context["access"]
        if event.organisation_id == event.need.organisation_id and not access.sees_asker:
            return None
        return reference(event.organisation) if event.organisation else None

    def get_text(self, event: NeedEvent) -> str:
        return services.describe_event(event, self.context["access"])


# --- Matches --------------------------------------------------------------------------------


class Passage(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    text = serializers.CharField()
    need_part = serializers.CharField()


class PartnerMatchSerializer(serializers.Serializer):
    """A ranked partner with its explanation, showing only profile texts the viewer may read."""

    rank = serializers.IntegerField()
    organisation = Reference()
    kind = serializers.CharField()
    city = serializers.CharField()
    fit = serializers.ChoiceField(
        choices=["strong", "good", "partial"],
        help_text=_("How well it fits: strong (very good fit), good, or partial."),
    )
    fit_label = serializers.CharField(help_text=_("The fit in words, in the request's language."))
    score = serializers.FloatField(
        help_text=_("Orders the list (content and nearness); not comparable between searches.")
    )
    distance_km = serializers.FloatField(allow_null=True)
    passages = Passage(many=True)
    shared_terms = serializers.ListField(child=serializers.CharField())
    cooperation = serializers.ListField(
        child=serializers.CharField(), help_text=_("Earlier joint projects with the asker.")
    )
    reasons = serializers.ListField(child=serializers.CharField())
    from_history = serializers.BooleanField(
        help_text=_(
            "Found in the EU project history only (with include_history): not a member of "
            "any network."
        )
    )


def present_matches(
    matches: list[PartnerMatch], *, viewer: Viewer, origin: str
) -> list[dict[str, Any]]:
    rows = []
    for rank, match in enumerate(matches, start=1):
        org = match.organisation
        gate = FieldGate(viewer, org)
        rows.append(
            {
                "rank": rank,
                "organisation": reference(org),
                "kind": org.kind,
                "city": org.city,
                "fit": str(match.fit) if match.fit is not None else "partial",
                "fit_label": fit_label(match.fit),
                "score": round(match.score, 4),
                "distance_km": match.explanation.distance_km,
                "passages": [
                    {
                        "field": p.field,
                        "label": field_label(p.field),
                        "text": p.passage,
                        "need_part": p.need_part,
                    }
                    for p in match.explanation.passages
                    if gate.sees(p.field)
                ],
                "shared_terms": list(gate.shown_terms(match.explanation.shared_terms)),
                "cooperation": list(match.cooperation),
                "reasons": list(reasons(match, origin=origin)),
                "from_history": match.from_history,
            }
        )
    return rows


TokenResponse = inline_serializer("Token", {"token": serializers.CharField()})
ErrorResponse = inline_serializer("Error", {"detail": serializers.CharField()})
