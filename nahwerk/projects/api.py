"""Read endpoints for platform projects, with the rights of the project pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, viewsets
from rest_framework.permissions import AllowAny

from nahwerk.api.serializers import Reference, reference
from nahwerk.projects.access import ProjectAccess, visible_projects
from nahwerk.projects.choices import ProjectStatus
from nahwerk.projects.models import Participation, Project, ProjectDocument


class PartnerSerializer(serializers.Serializer):
    organisation = Reference(
        allow_null=True,
        help_text=gettext_lazy("Null while the partner is an anonymous asker hidden from you."),
    )
    role = serializers.CharField()
    task = serializers.CharField()
    answer = serializers.CharField()
    answered_at = serializers.DateTimeField(allow_null=True)


class DocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProjectDocument
        fields = ["title", "url", "added_at"]
        read_only_fields = fields


def _access(context: dict[str, Any], project: Project) -> ProjectAccess:
    cache = context.setdefault("project_access", {})
    if project.pk not in cache:
        cache[project.pk] = ProjectAccess.of(project, context["request"].user)
    access: ProjectAccess = cache[project.pk]
    return access


class ProjectSerializer(serializers.ModelSerializer):
    """A platform project as the viewer may see it; never names a hidden anonymous asker."""

    url = serializers.CharField(source="get_absolute_url", read_only=True)
    idea = serializers.CharField(source="objective", read_only=True)
    status = serializers.ChoiceField(choices=ProjectStatus.choices, read_only=True)
    networks = serializers.SerializerMethodField()
    call = serializers.SerializerMethodField(
        help_text=gettext_lazy("Topic identifier of the call, or null.")
    )
    programme = serializers.SerializerMethodField(
        help_text=gettext_lazy("Name of the funding programme, or null.")
    )
    partners = serializers.SerializerMethodField()
    documents = DocumentSerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "url",
            "title",
            "idea",
            "status",
            "networks",
            "call",
            "programme",
            "requested_amount",
            "granted_amount",
            "submitted_on",
            "decided_on",
            "start_date",
            "end_date",
            "created_at",
            "partners",
            "documents",
        ]
        read_only_fields = fields

    @extend_schema_field(Reference(many=True))
    def get_networks(self, project: Project) -> list[dict[str, Any]]:
        return [reference(n) for n in project.networks.all()]

    def get_call(self, project: Project) -> str | None:
        return project.call.topic_id if project.call is not None else None

    def get_programme(self, project: Project) -> str | None:
        return project.funding_programme.name if project.funding_programme is not None else None

    @extend_schema_field(PartnerSerializer(many=True))
    def get_partners(self, project: Project) -> list[dict[str, Any]]:
        access = _access(self.context, project)
        rows: list[Participation] = list(project.participations.all())
        return [
            {
                "organisation": reference(p.organisation)
                if p.organisation is not None and access.sees_name_of(p)
                else None,
                "role": p.role,
                "task": p.task,
                "answer": p.answer,
                "answered_at": p.answered_at,
            }
            for p in rows
        ]


@extend_schema(tags=["projects"])
class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    """Platform projects: a partner sees its organisation's, a manager its networks'."""

    serializer_class = ProjectSerializer
    permission_classes = [AllowAny]

    def get_queryset(self) -> Any:
        return (
            visible_projects(self.request.user)
            .select_related("call", "funding_programme", "need")
            .prefetch_related("networks", "documents", "participations__organisation")
            .order_by("-created_at", "-pk")
        )

    def get_object(self) -> Project:
        try:
            project: Project = super().get_object()
        except Http404 as error:
            raise exceptions.NotFound(
                _("There is no project with this id that you may see.")
            ) from error
        return project
