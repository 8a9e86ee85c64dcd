"""Adapt organisations from the database to the engine's competence profiles.

What is indexed, and what an explanation may show
-------------------------------------------------
A profile text goes into the index when its own visibility is public or members: the
index is shared by all viewers, and a text meant for network managers only must not
reach it at all. Which organisations a viewer may find at all is decided inside the
index: every profile carries its organisation's visibility, the networks it reaches
(memberships of any status and roles), whether it is known only from project history,
and whether it is or has a public variant; a query names its viewer
(``matching.services.viewer_audience``), and the index applies the rule of
``visible_organisations`` to those columns.

A members-only text must not rank an organisation for those who may not read it, so a
public organisation with such a text is indexed twice (:func:`organisation_profiles`):
as itself (id = its pk, all indexed texts) and as its public variant (id = minus its pk,
only the public texts). Each search allows exactly one of the two per organisation,
depending on whether the viewer may read its members-only texts
(``members_texts_readable``, applied inside the index), so both rank within one index
and its statistics.
The engine also tags every passage with the profile field it came from
(``PassageMatch.field``, named as the organisation's attribute), so the search page
drops the passages of texts the viewer may not see and the shared words found only in
them (``matching.explanations.FieldGate``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from django.db.models import Prefetch, QuerySet

from nahwerk.directory.choices import DataSource, Visibility
from nahwerk.directory.models import PROFILE_TEXT_FIELDS, Organisation
from nahwerk.networks.choices import MembershipStatus
from nahwerk.networks.models import Membership
from nahwerk.projects.choices import ProjectSource
from nahwerk.projects.models import Participation
from nahwerk_engine.geo import Point
from nahwerk_engine.matching import Profile

# Titles of earlier projects say what an organisation can do, above all for CORDIS
# records, which come without a description.
MAX_PROJECT_TITLES = 15


def profile_queryset(ids: Iterable[int] | None = None) -> QuerySet[Organisation]:
    queryset = Organisation.objects.all()
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    return queryset.prefetch_related(
        "industry_codes",
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(status=MembershipStatus.ACTIVE),
            to_attr="active_memberships",
        ),
        Prefetch("memberships", to_attr="all_memberships"),
        Prefetch("network_roles", to_attr="all_roles"),
        Prefetch(
            "participations",
            # platform projects are private to their partners and managers
            queryset=Participation.objects.select_related("project")
            .exclude(project__title="")
            .exclude(project__source=ProjectSource.PLATFORM)
            .order_by("-project__start_date"),
            to_attr="titled_participations",
        ),
    )


def organisation_profile(organisation: Organisation) -> Profile:
    """The engine's view of one organisation (prefetch with ``profile_queryset``)."""
    codes = list(organisation.industry_codes.all())
    participations = getattr(organisation, "titled_participations", None)
    if participations is None:
        participations = list(
            organisation.participations.select_related("project")
            .exclude(project__title="")
            .exclude(project__source=ProjectSource.PLATFORM)
        )
    projects = "\n".join(
        f"{p.project.acronym}: {p.project.title}" if p.project.acronym else p.project.title
        for p in participations[:MAX_PROJECT_TITLES]
    )
    memberships = getattr(organisation, "active_memberships", None)
    if memberships is None:
        memberships = list(organisation.memberships.filter(status=MembershipStatus.ACTIVE))
    every_membership = getattr(organisation, "all_memberships", None)
    if every_membership is None:
        every_membership = list(organisation.memberships.all())
    roles = getattr(organisation, "all_roles", None)
    if roles is None:
        roles = list(organisation.network_roles.all())
    point = None
    if organisation.latitude is not None and organisation.longitude is not None:
        point = Point(lat=organisation.latitude, lon=organisation.longitude)
    fields = (
        *indexed_texts(organisation),
        ("wz_titles", "\n".join(code.title_de for code in codes)),
        ("projects", projects),
    )
    return Profile(
        id=organisation.pk,
        name=organisation.name,
        kind=organisation.kind,
        point=point,
        district=organisation.district_id or "",
        networks=frozenset(m.network_id for m in memberships),
        size_band=organisation.size_band,
        wz_sections=frozenset(code.section for code in codes),
        fields=tuple((name, text) for name, text in fields if text),
        visibility=str(organisation.visibility),
        # as Organisation.objects.in_networks and members_texts_readable count them
        reach=frozenset(m.network_id for m in every_membership)
        | frozenset(r.network_id for r in roles),
        # history_only_condition, from the prefetched rows
        history_only=organisation.source == DataSource.CORDIS and not memberships and not roles,
    )


# Profile texts with one of these visibilities of their own are indexed.
INDEXED_VISIBILITIES = frozenset({Visibility.PUBLIC, Visibility.MEMBERS})


def indexed_texts(organisation: Organisation) -> list[tuple[str, str]]:
    """The profile texts (field, text) that go into the shared index: none for managers only."""
    return [
        (field, getattr(organisation, field))
        for field in PROFILE_TEXT_FIELDS
        if getattr(organisation, f"{field}_visibility") in INDEXED_VISIBILITIES
    ]


def public_variant_id(pk: int) -> int:
    """The profile id of an organisation's public variant (see the module's docstring)."""
    return -pk


def organisation_pk(profile_id: int) -> int:
    """The organisation behind a profile id, its own or its public variant's."""
    return abs(profile_id)


def members_only_fields(organisation: Organisation) -> frozenset[str]:
    """Indexed texts of a public organisation that only members may read (non-empty)."""
    if organisation.visibility != Visibility.PUBLIC:
        return frozenset()  # only readers of all its texts find it at all
    return frozenset(
        field
        for field in PROFILE_TEXT_FIELDS
        if getattr(organisation, f"{field}_visibility") == Visibility.MEMBERS
        and getattr(organisation, field)
    )


def organisation_profiles(organisation: Organisation) -> list[Profile]:
    """The organisation's profile, and its public variant when it has members-only texts."""
    full = organisation_profile(organisation)
    hidden = members_only_fields(organisation)
    if not hidden:
        return [full]
    public = replace(
        full,
        id=public_variant_id(organisation.pk),
        fields=tuple((name, text) for name, text in full.fields if name not in hidden),
        variant_of=organisation.pk,
    )
    return [replace(full, has_variant=True), public]


def iter_profiles(ids: Iterable[int] | None = None, chunk_size: int = 2000) -> Iterator[Profile]:
    """Every profile of the index (of the given organisations), public variants included."""
    queryset = profile_queryset(ids).order_by("pk")
    for organisation in queryset.iterator(chunk_size=chunk_size):
        yield from organisation_profiles(organisation)
