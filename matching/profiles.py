"""Adapt organisations from the database to the engine's competence profiles."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import Prefetch, QuerySet

from directory.models import Organisation
from nahwerk_engine.geo import Point
from nahwerk_engine.matching import Profile
from networks.choices import MembershipStatus
from networks.models import Membership
from projects.models import Participation

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
        Prefetch(
            "participations",
            queryset=Participation.objects.select_related("project")
            .exclude(project__title="")
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
            organisation.participations.select_related("project").exclude(project__title="")
        )
    projects = "\n".join(
        f"{p.project.acronym}: {p.project.title}" if p.project.acronym else p.project.title
        for p in participations[:MAX_PROJECT_TITLES]
    )
    memberships = getattr(organisation, "active_memberships", None)
    if memberships is None:
        memberships = list(organisation.memberships.filter(status=MembershipStatus.ACTIVE))
    point = None
    if organisation.latitude is not None and organisation.longitude is not None:
        point = Point(lat=organisation.latitude, lon=organisation.longitude)
    fields = (
        ("description", organisation.description),
        ("competences", organisation.competences),
        ("equipment", organisation.equipment),
        ("references", organisation.references),
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
    )


def iter_profiles(ids: Iterable[int] | None = None, chunk_size: int = 2000) -> Iterator[Profile]:
    queryset = profile_queryset(ids).order_by("pk")
    for organisation in queryset.iterator(chunk_size=chunk_size):
        yield organisation_profile(organisation)
