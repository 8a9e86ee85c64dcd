"""Read models for organisation pages and the profile-editing workflow."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.forms import BaseInlineFormSet, ModelForm
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nahwerk.accounts.permissions import Viewer, manageable_organisations, visible_organisations
from nahwerk.directory.choices import Visibility
from nahwerk.directory.models import PROFILE_TEXT_FIELDS, Organisation
from nahwerk.networks.choices import MembershipStatus
from nahwerk.networks.models import Membership, NetworkRole
from nahwerk.projects.choices import ProjectSource
from nahwerk.reference.models import District

SECTION_TITLES: dict[str, Promise] = {
    "description": _("Profile"),
    "competences": _("Competences"),
    "equipment": _("Equipment"),
    "references": _("References"),
    "offers": _("Offers"),
}


@dataclass(frozen=True)
class ProfileSection:
    """One profile text as shown on the page, with who may see it in effect."""

    field: str
    title: Promise
    text: str
    visibility: Visibility


def visible_profile_sections(organisation: Organisation, viewer: Viewer) -> list[ProfileSection]:
    """The non-empty profile texts this viewer may see, in page order."""
    sections = []
    for field in PROFILE_TEXT_FIELDS:
        text = getattr(organisation, field)
        visibility = organisation.field_visibility(field)
        if text and viewer.sees(visibility, organisation):
            sections.append(ProfileSection(field, SECTION_TITLES[field], text, visibility))
    return sections


def listed_districts(user: Any) -> QuerySet[District]:
    """Districts that hold directory organisations this user may see, for filter choices.

    Organisations known only from EU project history do not count: their districts
    (all over Germany) would bury the region's.
    """
    organisations = visible_organisations(user).listed().values("pk")
    # only what the choices show: each district's boundary would be read and decoded
    return (
        District.objects.filter(organisations__in=organisations)
        .only("ags", "name")
        .distinct()
        .order_by("name", "ags")
    )


DIRECTORY_PAGE_SIZE = 25


def directory_organisations(user: Any, filters: dict[str, str]) -> QuerySet[Organisation]:
    """The directory: the organisations this user may see, without those known only from
    EU project history, narrowed by ``filters`` (see ``DirectoryFilterForm``), by name.
    """
    organisations = visible_organisations(user).listed()
    if filters.get("q"):
        organisations = organisations.filter(name__icontains=filters["q"])
    if filters.get("kind"):
        organisations = organisations.filter(kind=filters["kind"])
    if filters.get("district"):
        organisations = organisations.filter(district_id=filters["district"])
    if filters.get("network"):
        # as on the network's page: its current members and the holders of its roles
        in_network = Organisation.objects.filter(
            Q(
                memberships__network__slug=filters["network"],
                memberships__status=MembershipStatus.ACTIVE,
            )
            | Q(network_roles__network__slug=filters["network"])
        )
        organisations = organisations.filter(pk__in=in_network.values("pk"))
    if filters.get("wz_section"):
        in_section = Organisation.objects.filter(industry_codes__section=filters["wz_section"])
        organisations = organisations.filter(pk__in=in_section.values("pk"))
    return organisations.with_district().order_by(Lower("name"), "pk")


@dataclass(frozen=True)
class DirectoryEntry:
    """One line of the directory: the organisation, its networks and its WZ codes."""

    organisation: Organisation
    networks: tuple[Any, ...]  # networks.models.Network
    industry_codes: tuple[Any, ...]  # reference.models.IndustryCode

    @property
    def place(self) -> str:
        """City and district, e.g. "Höhr-Grenzhausen, Westerwaldkreis" (the city once)."""
        org = self.organisation
        district = org.district.name if org.district_id and org.district else ""
        parts = [org.city] if district == org.city else [org.city, district]
        return ", ".join(part for part in parts if part)

    @property
    def fingerprint(self) -> str:
        """Everything the line shows: its rendered HTML is kept under this (and the language).

        A change of any of it makes a new key, so a kept line is never out of date.
        """
        org = self.organisation
        return repr(
            (
                org.pk,
                org.slug,
                org.name,
                org.kind,
                org.visibility,
                org.is_fictitious,
                self.place,
                [(network.slug, str(network)) for network in self.networks],
                [(code.code, code.title) for code in self.industry_codes],
            )
        )


def directory_entries(organisations: Any) -> list[DirectoryEntry]:
    """The page's lines for these organisations (a page's queryset), in their order."""
    organisations = organisations.prefetch_related(
        "industry_codes",
        Prefetch(
            "memberships",
            queryset=Membership.objects.current().select_related("network"),
            to_attr="current_memberships",
        ),
        Prefetch(
            "network_roles",
            queryset=NetworkRole.objects.select_related("network"),
            to_attr="roles_held",
        ),
    )
    entries = []
    for org in organisations:
        networks = {m.network_id: m.network for m in org.current_memberships}
        networks.update((r.network_id, r.network) for r in org.roles_held)
        entries.append(
            DirectoryEntry(
                organisation=org,
                networks=tuple(sorted(networks.values(), key=str)),
                industry_codes=tuple(sorted(org.industry_codes.all(), key=lambda c: c.code)),
            )
        )
    return entries


def may_manage(viewer: Viewer, organisation: Organisation) -> bool:
    """Whether the viewer manages a network of the organisation (or administers the site)."""
    return viewer.is_admin or bool(viewer.networks_of(organisation) & viewer.managed)


def may_edit_profile(viewer: Viewer, organisation: Organisation) -> bool:
    """Its own member users and the managers of its networks edit an organisation's profile.

    Agrees with ``editable_organisations``; this one reuses the viewer's cached networks.
    """
    user = viewer.user
    if not (user.is_authenticated and user.is_active):
        return False
    return user.organisation_id == organisation.pk or may_manage(viewer, organisation)


def editable_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations whose profile this user may edit (see ``may_edit_profile``)."""
    if not (user.is_authenticated and user.is_active):
        return Organisation.objects.none()
    condition = Q(pk__in=manageable_organisations(user).values("pk"))
    if user.organisation_id:
        condition |= Q(pk=user.organisation_id)
    return Organisation.objects.filter(condition)


def save_profile(
    *, form: ModelForm[Organisation], contacts: BaseInlineFormSet[Any, Any, Any]
) -> None:
    """Store a validated profile form and its contact formset together or not at all.

    The organisation's post_save signal queues the matching re-index inside the same
    transaction, so a failed save queues nothing either.
    """
    with transaction.atomic():
        form.save()
        contacts.save()


@dataclass(frozen=True)
class ContactView:
    name: str
    function: str
    email: str
    phone: str


def visible_contacts(organisation: Organisation, user: Any) -> list[ContactView]:
    """Contact people with each field shown only where its visibility allows."""
    viewer = Viewer(user)
    contacts = []
    for person in organisation.people.all():
        if not viewer.sees(person.visibility, organisation):
            continue
        contacts.append(
            ContactView(
                name=person.full_name,
                function=person.function,
                email=person.email if viewer.sees(person.email_visibility, organisation) else "",
                phone=person.phone if viewer.sees(person.phone_visibility, organisation) else "",
            )
        )
    return contacts


def visible_networks_of(organisation: Organisation) -> list[Any]:
    """Networks the organisation is an active member of (network membership is public)."""
    return [
        m.network
        for m in organisation.memberships.filter(status=MembershipStatus.ACTIVE).select_related(
            "network"
        )
    ]


@dataclass(frozen=True)
class ProjectEntry:
    """One project on an organisation's page, with the partners the viewer may see."""

    participation: Any  # projects.models.Participation, with its project
    participant_count: int
    partners: tuple[Organisation, ...]  # members first, then by name

    @property
    def project(self) -> Any:
        return self.participation.project


def project_history(organisation: Organisation, user: Any) -> list[ProjectEntry]:
    """The organisation's projects, newest first, each with its earlier partners.

    A partner is named when it has a directory entry the user may see, whether a
    member or known only from EU project history; the rest are only counted.
    """
    # the EU history only: platform projects are private to their partners and managers
    # (their own pages and "Meine Projekte")
    participations = list(
        organisation.participations.select_related("project")
        .exclude(project__source=ProjectSource.PLATFORM)
        .annotate(participant_count=Count("project__participations"))
        .order_by(F("project__start_date").desc(nulls_last=True), "project__acronym")
    )
    if not participations:
        return []
    partners: dict[int, list[Organisation]] = {}
    rows = (
        visible_organisations(user)
        .with_history_flag()
        .filter(participations__project__in=[p.project_id for p in participations])
        .exclude(pk=organisation.pk)
        .annotate(shared_project=F("participations__project_id"))
        .order_by(F("is_history_only").asc(), "name")
    )
    for partner in rows:
        partners.setdefault(partner.shared_project, []).append(partner)
    return [
        ProjectEntry(
            participation=p,
            participant_count=p.participant_count,
            partners=tuple(partners.get(p.project_id, ())),
        )
        for p in participations
    ]
