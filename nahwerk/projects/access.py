"""Who may see and do what with a platform project: the single place for the project rules.

- The managers of a project's networks (and the site administrator) see the project with
  every partner, change it and move its status.
- Users of a partner organisation see the project while their organisation is invited or
  has accepted; they answer the invitation. Users of the coordinator change it too.
- Nobody else sees it. A partner that came from an anonymous need stays anonymous to the
  other partners until the asker reveals itself on the need.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from nahwerk.accounts.permissions import is_site_admin, managed_network_ids
from nahwerk.directory.models import Organisation
from nahwerk.projects.choices import InvitationAnswer, ParticipantRole, ProjectSource
from nahwerk.projects.models import Participation, Project


def _active(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


def visible_projects(user: Any) -> QuerySet[Project]:
    """Platform projects whose page the user may open."""
    projects = Project.objects.filter(source=ProjectSource.PLATFORM)
    if is_site_admin(user):
        return projects
    if not _active(user):
        return projects.none()
    condition = Q(networks__in=managed_network_ids(user))
    if user.organisation_id:
        condition |= Q(
            pk__in=Participation.objects.filter(organisation=user.organisation_id)
            .exclude(answer=InvitationAnswer.DECLINED)
            .values("project_id")
        )
    return projects.filter(pk__in=projects.filter(condition).values("pk"))


def network_projects(network_ids: set[int] | list[int]) -> QuerySet[Project]:
    """Platform projects of these networks and the EU projects of their members."""
    members = Organisation.objects.in_networks(network_ids).values("pk")
    return Project.objects.filter(
        pk__in=Project.objects.filter(
            Q(source=ProjectSource.PLATFORM, networks__in=network_ids)
            | (~Q(source=ProjectSource.PLATFORM) & Q(participations__organisation__in=members))
        ).values("pk")
    )


@dataclass(frozen=True)
class ProjectAccess:
    """One user's rights on one platform project."""

    project: Project
    user: Any
    is_manager: bool
    partner: Participation | None

    @classmethod
    def of(cls, project: Project, user: Any) -> ProjectAccess:
        active = _active(user)
        is_manager = is_site_admin(user) or (
            active
            and bool(set(project.networks.values_list("pk", flat=True)) & managed_network_ids(user))
        )
        org_id = user.organisation_id if active else None
        partner = project.participations.filter(organisation=org_id).first() if org_id else None
        return cls(project=project, user=user, is_manager=is_manager, partner=partner)

    @property
    def is_coordinator(self) -> bool:
        return (
            self.partner is not None
            and self.partner.role == ParticipantRole.COORDINATOR
            and self.partner.answer == InvitationAnswer.ACCEPTED
        )

    @property
    def can_change(self) -> bool:
        """Edit the details, add partners and documents, move the status."""
        return self.is_manager or self.is_coordinator

    @property
    def can_answer(self) -> bool:
        return self.partner is not None and self.partner.answer in (
            InvitationAnswer.PENDING,
            InvitationAnswer.DECLINED,
        )

    @property
    def can_assign_fields(self) -> bool:
        return self.is_manager

    def sees_name_of(self, participation: Participation) -> bool:
        """Whether the partner may be named: not an asker hidden by its anonymous need."""
        need = self.project.need
        if need is None or not need.is_anonymous:
            return True
        if participation.organisation_id != need.organisation_id:
            return True
        if is_site_admin(self.user):
            return True
        if _active(self.user) and need.network_id in managed_network_ids(self.user):
            return True
        return self.partner is not None and self.partner.pk == participation.pk

    def partner_label(self, participation: Participation) -> str:
        if not self.sees_name_of(participation):
            return _("the asking organisation (anonymous)")
        if participation.organisation is not None:
            return participation.organisation.name
        return participation.pic or ""
