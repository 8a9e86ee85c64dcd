"""Platform projects: create them (by hand, from a need, from a consortium), invite, answer,
move the status, record amounts and documents, and assign them to fields of action.

Every function checks the actor's rights (``projects.access``), writes its changes in one
transaction, notifies the people concerned inside the platform and sends the e-mails after
the transaction, as brokering does. Pages and the API call these functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from nahwerk.accounts.models import User
from nahwerk.accounts.permissions import (
    is_site_admin,
    managed_network_ids,
    member_network_ids,
    visible_organisations,
)
from nahwerk.directory.choices import OrganisationKind
from nahwerk.directory.models import Organisation
from nahwerk.mail import send_logged
from nahwerk.networks.models import Network
from nahwerk.projects.access import ProjectAccess
from nahwerk.projects.choices import (
    GRANTED_STATUSES,
    PLATFORM_ROLES,
    STATUS_STEPS,
    InvitationAnswer,
    ParticipantRole,
    ParticipantType,
    ProjectSource,
    ProjectStatus,
)
from nahwerk.projects.models import (
    MAX_IDEA_LENGTH,
    FieldOfAction,
    NotificationKind,
    Participation,
    Project,
    ProjectDocument,
    ProjectNotification,
)
from nahwerk.validators import reject_markup

PARTICIPANT_TYPES = {
    OrganisationKind.COMPANY: ParticipantType.PRC,
    OrganisationKind.SME: ParticipantType.PRC,
    OrganisationKind.STARTUP: ParticipantType.PRC,
    OrganisationKind.UNIVERSITY: ParticipantType.HES,
    OrganisationKind.RESEARCH_INSTITUTE: ParticipantType.REC,
    OrganisationKind.PUBLIC_BODY: ParticipantType.PUB,
    OrganisationKind.DEVELOPMENT_AGENCY: ParticipantType.PUB,
}
MAX_PARTNERS = 50


class ProjectError(ValidationError):
    """A change the rules do not allow; the message names the field and says why."""


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not take this step on this project."))


# --- Who is told ----------------------------------------------------------------------------


def organisation_users(organisation_id: int) -> QuerySet[User]:
    return User.objects.filter(organisation_id=organisation_id, is_active=True)


def project_managers(project: Project) -> QuerySet[User]:
    return User.objects.filter(
        managed_networks__in=project.networks.values("pk"), is_active=True
    ).distinct()


def _notify(
    project: Project,
    kind: str,
    users: Iterable[User],
    *,
    actor: User | None,
    organisation: Organisation | None = None,
    note: str = "",
) -> None:
    """Notifications written with the step; the mails go out after the transaction."""
    unique = [u for u in {u.pk: u for u in users}.values() if actor is None or u.pk != actor.pk]
    notes = [
        ProjectNotification(
            user=u, project=project, kind=kind, organisation=organisation, note=note[:200]
        )
        for u in unique
    ]
    ProjectNotification.objects.bulk_create(notes)
    transaction.on_commit(lambda: send_project_mails(notes), robust=True)


def describe_notification(note: ProjectNotification) -> str:
    """One line about a step, in the reader's language, naming what the reader may know."""
    project = note.project
    access = ProjectAccess.of(project, note.user)
    who = ""
    if note.organisation is not None:
        participation = project.participations.filter(organisation=note.organisation).first()
        who = (
            access.partner_label(participation)
            if participation is not None
            else note.organisation.name
        )
    if note.kind == NotificationKind.INVITED:
        return _("Your organisation is invited into the project “%(title)s”") % {
            "title": project.title
        }
    if note.kind == NotificationKind.ANSWERED:
        answer = InvitationAnswer(note.note).label if note.note in InvitationAnswer.values else ""
        return _("%(who)s answered the invitation into “%(title)s”: %(answer)s") % {
            "who": who,
            "title": project.title,
            "answer": answer,
        }
    status = ProjectStatus(note.note).label if note.note in ProjectStatus.values else note.note
    return _("“%(title)s” is now: %(status)s") % {"title": project.title, "status": status}


def send_project_mails(notes: Sequence[ProjectNotification]) -> int:
    messages = []
    for note in notes:
        user = note.user
        if not user.email:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            text = describe_notification(note)
            context = {
                "user": user,
                "text": text,
                "url": settings.SITE_URL + note.project.get_absolute_url(),
            }
            subject = _("nahwerk: %(text)s") % {"text": text}
            body = render_to_string("projects/mail/notification.txt", context)
        messages.append((subject[:200], body, settings.DEFAULT_FROM_EMAIL, [user.email]))
    return send_logged(messages, "project step")


def unread_notifications(user: Any) -> QuerySet[ProjectNotification]:
    if not user.is_authenticated:
        return ProjectNotification.objects.none()
    return ProjectNotification.objects.filter(user=user, read_at__isnull=True)


def mark_read(user: Any, project: Project) -> None:
    if user.is_authenticated:
        ProjectNotification.objects.filter(user=user, project=project, read_at__isnull=True).update(
            read_at=timezone.now()
        )


# --- Creating -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerInput:
    organisation: Organisation
    role: str = ParticipantRole.PARTNER
    task: str = ""


@dataclass(frozen=True)
class ProjectInput:
    title: str
    idea: str = ""
    networks: tuple[Network, ...] = ()
    partners: tuple[PartnerInput, ...] = ()
    status: str = ProjectStatus.IDEA
    call: Any = None
    programme: Any = None
    requested_amount: Decimal | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    documents: tuple[tuple[str, str], ...] = field(default=())


def networks_for_projects(user: Any) -> QuerySet[Network]:
    """Networks a user may enter projects in: those they manage or their organisation's."""
    if is_site_admin(user):
        return Network.objects.all()
    return Network.objects.filter(pk__in=managed_network_ids(user) | member_network_ids(user))


def _clean_text(name: str, value: str, *, max_length: int, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ProjectError({name: _("This field is required.")}, code="required")
    if len(text) > max_length:
        raise ProjectError(
            {
                name: _("At most %(n)d characters, not %(count)d.")
                % {"n": max_length, "count": len(text)}
            },
            code="max_length",
        )
    try:
        reject_markup(text)
    except ValidationError as error:
        raise ProjectError({name: error.messages}, code="markup") from error
    return text


def _check_amount(name: str, value: Decimal | None) -> None:
    if value is not None and value < 0:
        raise ProjectError({name: _("An amount cannot be negative.")}, code="min_value")


def _check_dates(start: dt.date | None, end: dt.date | None) -> None:
    if start and end and end < start:
        raise ProjectError({"end_date": _("The end lies before the start.")}, code="invalid")


def _check_partners(user: Any, partners: Sequence[PartnerInput]) -> None:
    if not partners:
        raise ProjectError({"partner": _("Name at least one partner.")}, code="required")
    if len(partners) > MAX_PARTNERS:
        raise ProjectError(
            {"partner": _("At most %(n)d partners.") % {"n": MAX_PARTNERS}}, code="max"
        )
    ids = [p.organisation.pk for p in partners]
    if len(set(ids)) != len(ids):
        raise ProjectError({"partner": _("A partner is named twice.")}, code="duplicate")
    coordinators = [p for p in partners if p.role == ParticipantRole.COORDINATOR]
    if len(coordinators) != 1:
        raise ProjectError(
            {"partner": _("Name exactly one coordinator (lead).")}, code="coordinator"
        )
    for p in partners:
        if p.role not in PLATFORM_ROLES:
            raise ProjectError(
                {"role": _("Unknown role: %(value)s") % {"value": p.role}}, code="invalid"
            )
    visible = set(visible_organisations(user).filter(pk__in=ids).values_list("pk", flat=True))
    for p in partners:
        if p.organisation.pk not in visible:
            raise ProjectError(
                {"partner": _("Unknown organisation: %(value)s") % {"value": p.organisation.pk}},
                code="invisible",
            )


def _participation(project: Project, partner: PartnerInput, *, accepted: bool) -> Participation:
    org = partner.organisation
    now = timezone.now()
    return Participation(
        project=project,
        organisation=org,
        pic=org.pic or None,
        role=partner.role,
        participant_type=PARTICIPANT_TYPES.get(OrganisationKind(org.kind), ParticipantType.OTH)
        if org.kind in OrganisationKind.values
        else ParticipantType.OTH,
        country="DE",
        task=partner.task,
        answer=InvitationAnswer.ACCEPTED if accepted else InvitationAnswer.PENDING,
        invited_at=None if accepted else now,
        answered_at=now if accepted else None,
    )


def create_project(
    *, user: User, data: ProjectInput, need: Any = None, check_networks: bool = True
) -> Project:
    """Enter a project; the partners other than the user's organisation are invited.

    The user must manage one of its networks or act for its coordinator; every partner
    must be visible to the user.
    """
    title = _clean_text("title", data.title, max_length=500, required=True)
    idea = _clean_text("idea", data.idea, max_length=MAX_IDEA_LENGTH, required=False)
    if data.status not in (ProjectStatus.IDEA, ProjectStatus.CONSORTIUM_FORMING):
        raise ProjectError(
            {"status": _("A new project starts as an idea or with its consortium forming.")},
            code="invalid",
        )
    if not data.networks:
        raise ProjectError({"network": _("Choose the network of the project.")}, code="required")
    if check_networks:
        allowed = set(networks_for_projects(user).values_list("pk", flat=True))
        for network in data.networks:
            if network.pk not in allowed:
                raise ProjectError(
                    {"network": _("Unknown network: %(value)s") % {"value": network.pk}},
                    code="invalid",
                )
    _check_partners(user, data.partners)
    lead = next(p for p in data.partners if p.role == ParticipantRole.COORDINATOR)
    manages = is_site_admin(user) or bool({n.pk for n in data.networks} & managed_network_ids(user))
    if not manages and user.organisation_id != lead.organisation.pk:
        raise ProjectError(
            {
                "lead": _(
                    "Only the network management or a user of the lead organisation "
                    "can enter this project."
                )
            },
            code="not_lead",
        )
    _check_amount("requested_amount", data.requested_amount)
    _check_dates(data.start_date, data.end_date)
    if data.call is not None and data.programme is None:
        programme = data.call.programme
    else:
        programme = data.programme
    documents = [
        (_clean_text("documents", t, max_length=200, required=True), url)
        for t, url in data.documents
    ]
    with transaction.atomic():
        project = Project.objects.create(
            source=ProjectSource.PLATFORM,
            title=title,
            objective=idea,
            status=data.status,
            call=data.call,
            funding_programme=programme,
            requested_amount=data.requested_amount,
            start_date=data.start_date,
            end_date=data.end_date,
            need=need,
            created_by=user,
            created_at=timezone.now(),
        )
        project.networks.set(data.networks)
        rows = [
            _participation(project, p, accepted=bool(user.organisation_id == p.organisation.pk))
            for p in data.partners
        ]
        for row in rows:
            row.save()
        for title_, url in documents:
            ProjectDocument.objects.create(project=project, title=title_, url=url, added_by=user)
        for row in rows:
            if row.answer == InvitationAnswer.PENDING and row.organisation is not None:
                _notify(
                    project,
                    NotificationKind.INVITED,
                    organisation_users(row.organisation.pk),
                    actor=user,
                    organisation=row.organisation,
                )
    return project


def create_from_need(*, user: User, need: Any, partner: Organisation) -> Project:
    """A project from a need whose cooperation started: the asker leads, the partner joins.

    ``partner`` must be an organisation the need was routed to that did not decline. An
    anonymous asker stays anonymous to the partner on the project page (``ProjectAccess``).
    """
    from nahwerk.brokering.access import NeedAccess
    from nahwerk.brokering.models import NeedStatus, ReferralResponse

    access = NeedAccess.of(need, user)
    _require(access.is_manager or access.is_asker)
    if need.status != NeedStatus.COOPERATION:
        raise ProjectError(
            {"status": _("Mark the need “cooperation started” first.")}, code="invalid"
        )
    referral = (
        need.referrals.filter(organisation=partner)
        .exclude(response=ReferralResponse.NOT_OUR_FIELD)
        .first()
    )
    if referral is None:
        raise ProjectError(
            {
                "partner": _(
                    "Choose an organisation the need was routed to and that did not decline."
                )
            },
            code="invalid",
        )
    if Project.objects.filter(need=need, participations__organisation=partner).exists():
        raise ProjectError(
            {"partner": _("There is already a project with this partner from this need.")},
            code="duplicate",
        )
    data = ProjectInput(
        title=need.title,
        idea=need.description,
        networks=(need.network,),
        partners=(
            PartnerInput(need.organisation, ParticipantRole.COORDINATOR),
            PartnerInput(partner, ParticipantRole.PARTNER),
        ),
        status=ProjectStatus.CONSORTIUM_FORMING,
    )
    # The asker and the routed organisation are partners by the need, whatever the
    # directory lets this user see of them; the need's network is the project's.
    _clean_text("title", data.title, max_length=500, required=True)
    with transaction.atomic():
        project = Project.objects.create(
            source=ProjectSource.PLATFORM,
            title=data.title,
            objective=data.idea,
            status=data.status,
            need=need,
            created_by=user,
            created_at=timezone.now(),
        )
        project.networks.set(data.networks)
        for p in data.partners:
            row = _participation(
                project, p, accepted=bool(user.organisation_id == p.organisation.pk)
            )
            row.save()
            if row.answer == InvitationAnswer.PENDING:
                _notify(
                    project,
                    NotificationKind.INVITED,
                    organisation_users(p.organisation.pk),
                    actor=user,
                    organisation=p.organisation,
                )
    return project


# --- Invitations ----------------------------------------------------------------------------


def answer_invitation(*, user: User, project: Project, accept: bool) -> Participation:
    """A user of an invited organisation accepts or declines for it."""
    with transaction.atomic():
        access = ProjectAccess.of(project, user)
        _require(access.can_answer)
        assert access.partner is not None
        row = Participation.objects.select_for_update().get(pk=access.partner.pk)
        if row.answer not in (InvitationAnswer.PENDING, InvitationAnswer.DECLINED):
            raise ProjectError({"answer": _("Your organisation has already accepted.")})
        row.answer = InvitationAnswer.ACCEPTED if accept else InvitationAnswer.DECLINED
        row.answered_at = timezone.now()
        row.answered_by = user
        row.save(update_fields=["answer", "answered_at", "answered_by"])
        coordinators = [
            u
            for p in project.participations.filter(
                role=ParticipantRole.COORDINATOR, answer=InvitationAnswer.ACCEPTED
            )
            if p.organisation_id is not None
            for u in organisation_users(p.organisation_id)
        ]
        _notify(
            project,
            NotificationKind.ANSWERED,
            [*project_managers(project), *coordinators],
            actor=user,
            organisation=row.organisation,
            note=row.answer,
        )
    return row


def add_partner(*, user: User, project: Project, partner: PartnerInput) -> Participation:
    """Invite one more partner into the project."""
    access = ProjectAccess.of(project, user)
    _require(access.can_change)
    if partner.role == ParticipantRole.COORDINATOR:
        raise ProjectError({"role": _("The project already has its coordinator.")})
    if partner.role not in PLATFORM_ROLES:
        raise ProjectError({"role": _("Unknown role: %(value)s") % {"value": partner.role}})
    if not visible_organisations(user).filter(pk=partner.organisation.pk).exists():
        raise ProjectError(
            {
                "organisation": _("Unknown organisation: %(value)s")
                % {"value": partner.organisation.pk}
            }
        )
    if project.participations.filter(organisation=partner.organisation).exists():
        raise ProjectError({"organisation": _("This organisation is already a partner.")})
    task = _clean_text("task", partner.task, max_length=300, required=False)
    with transaction.atomic():
        row = _participation(
            project,
            PartnerInput(partner.organisation, partner.role, task),
            accepted=bool(user.organisation_id == partner.organisation.pk),
        )
        row.save()
        if row.answer == InvitationAnswer.PENDING:
            _notify(
                project,
                NotificationKind.INVITED,
                organisation_users(partner.organisation.pk),
                actor=user,
                organisation=partner.organisation,
            )
    return row


# --- Status, amounts, documents -------------------------------------------------------------


def allowed_steps(project: Project) -> tuple[str, ...]:
    steps = STATUS_STEPS.get(project.status, ())
    # running without a submission only for a cooperation that seeks no funding
    funded = bool(project.call_id or project.funding_programme_id or project.requested_amount)
    if project.status == ProjectStatus.CONSORTIUM_FORMING and funded:
        steps = tuple(s for s in steps if s != ProjectStatus.RUNNING)
    return steps


def change_status(
    *,
    user: User,
    project: Project,
    status: str,
    on: dt.date | None = None,
    amount: Decimal | None = None,
) -> Project:
    """Move the project one step on; ``on`` is the day of the step (today when empty).

    Submitting records ``submitted_on`` (and the requested amount, when given); a decision
    ``decided_on`` (granted: the granted amount); running the start; finishing the end.
    """
    access = ProjectAccess.of(project, user)
    _require(access.can_change)
    if status not in ProjectStatus.values:
        raise ProjectError({"status": _("Unknown status: %(value)s") % {"value": status}})
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        if status not in allowed_steps(project):
            raise ProjectError(
                {
                    "status": _("A project that is “%(now)s” cannot become “%(next)s”.")
                    % {
                        "now": ProjectStatus(project.status).label,
                        "next": ProjectStatus(status).label,
                    }
                },
                code="invalid_step",
            )
        _check_amount("amount", amount)
        day = on or timezone.localdate()
        changed = ["status"]
        if status == ProjectStatus.SUBMITTED:
            project.submitted_on, project.decided_on = day, None
            changed += ["submitted_on", "decided_on"]
            if amount is not None:
                project.requested_amount = amount
                changed.append("requested_amount")
        elif status in (ProjectStatus.GRANTED, ProjectStatus.REJECTED):
            if project.submitted_on and day < project.submitted_on:
                raise ProjectError(
                    {"on": _("The decision cannot come before the submission.")},
                    code="invalid",
                )
            project.decided_on = day
            changed.append("decided_on")
            if status == ProjectStatus.GRANTED:
                if amount is not None:
                    project.granted_amount = amount
                    changed.append("granted_amount")
            elif amount is not None:
                raise ProjectError(
                    {"amount": _("A rejected proposal has no granted amount.")}, code="invalid"
                )
        elif status == ProjectStatus.RUNNING:
            if project.start_date is None:
                project.start_date = day
                changed.append("start_date")
        elif status == ProjectStatus.FINISHED:
            if project.start_date and day < project.start_date:
                raise ProjectError({"on": _("The end lies before the start.")}, code="invalid")
            project.end_date = day
            changed.append("end_date")
        if status not in GRANTED_STATUSES and project.granted_amount is not None:
            project.granted_amount = None
            changed.append("granted_amount")
        project.status = status
        project.save(update_fields=changed)
        partners = [
            u
            for p in project.participations.exclude(answer=InvitationAnswer.DECLINED)
            if p.organisation_id is not None
            for u in organisation_users(p.organisation_id)
        ]
        _notify(
            project,
            NotificationKind.STATUS,
            [*project_managers(project), *partners],
            actor=user,
            note=status,
        )
    return project


def update_project(*, user: User, project: Project, changes: dict[str, Any]) -> Project:
    """Change the details; amounts and dates are checked against the status."""
    _require(ProjectAccess.of(project, user).can_change)
    allowed = {
        "title",
        "objective",
        "call",
        "funding_programme",
        "requested_amount",
        "granted_amount",
        "start_date",
        "end_date",
        "submitted_on",
        "decided_on",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise ProjectError(_("Unknown fields: %(value)s") % {"value": ", ".join(sorted(unknown))})
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        if "title" in changes:
            changes["title"] = _clean_text("title", changes["title"], max_length=500, required=True)
        if "objective" in changes:
            changes["objective"] = _clean_text(
                "objective", changes["objective"], max_length=MAX_IDEA_LENGTH, required=False
            )
        for name in ("requested_amount", "granted_amount"):
            _check_amount(name, changes.get(name))
        if changes.get("granted_amount") is not None and project.status not in GRANTED_STATUSES:
            raise ProjectError(
                {
                    "granted_amount": _(
                        "A granted amount is known only once the project is granted."
                    )
                },
                code="invalid",
            )
        for key, value in changes.items():
            setattr(project, key, value)
        _check_dates(project.start_date, project.end_date)
        if (
            project.submitted_on
            and project.decided_on
            and project.decided_on < project.submitted_on
        ):
            raise ProjectError(
                {"decided_on": _("The decision cannot come before the submission.")},
                code="invalid",
            )
        if project.call is not None and project.funding_programme is None:
            project.funding_programme = project.call.programme
            changes["funding_programme"] = project.funding_programme
        project.save(update_fields=list(changes))
    return project


def add_document(*, user: User, project: Project, title: str, url: str) -> ProjectDocument:
    access = ProjectAccess.of(project, user)
    _require(
        access.can_change
        or (access.partner is not None and access.partner.answer == InvitationAnswer.ACCEPTED)
    )
    title = _clean_text("title", title, max_length=200, required=True)
    document = ProjectDocument(project=project, title=title, url=url, added_by=user)
    try:
        document.full_clean()
    except ValidationError as error:
        raise ProjectError(error.message_dict) from error
    document.save()
    return document


# --- Fields of action -----------------------------------------------------------------------


def manageable_fields(user: Any) -> QuerySet[FieldOfAction]:
    if is_site_admin(user):
        return FieldOfAction.objects.all()
    return FieldOfAction.objects.filter(network__in=managed_network_ids(user))


def assign_fields(*, user: User, project: Project, field_ids: Iterable[int]) -> None:
    """Set the fields of action of the project, among those of the user's managed networks."""
    access = ProjectAccess.of(project, user)
    _require(access.can_assign_fields)
    ids = set(field_ids)
    allowed = manageable_fields(user).filter(network__in=project.networks.values("pk"))
    found = set(allowed.filter(pk__in=ids).values_list("pk", flat=True))
    if ids - found:
        raise ProjectError(
            {
                "fields": _("Unknown field of action: %(value)s")
                % {"value": ", ".join(str(i) for i in sorted(ids - found))}
            }
        )
    with transaction.atomic():
        current = set(project.fields_of_action.filter(pk__in=allowed).values_list("pk", flat=True))
        for field_ in allowed.filter(pk__in=current - found):
            field_.projects.remove(project)
        for field_ in allowed.filter(pk__in=found - current):
            field_.projects.add(project)
