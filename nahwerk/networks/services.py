"""Read models for the network pages: members, roles and map features a user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q
from django.utils import timezone

from nahwerk.accounts.permissions import Viewer, visible_organisations
from nahwerk.directory.models import Organisation
from nahwerk.networks.models import FocusIndustry, Membership, Network
from nahwerk.reference.models import District


@dataclass(frozen=True)
class RoleView:
    kind: str
    person_name: str
    person_function: str
    organisation: Organisation | None
    note: str
    term_from: dt.date | None = None
    term_to: dt.date | None = None


def visible_members(network: Network, user: Any) -> list[Membership]:
    """Current memberships of the network whose organisation the user may see."""
    visible = visible_organisations(user).values("pk")
    return list(
        network.memberships.current()
        .filter(organisation__in=visible)
        .select_related("organisation", "organisation__district")
        .defer("organisation__district__boundary")  # the map draws the network's districts
        .order_by("organisation__name")
    )


def visible_roles(network: Network, user: Any) -> list[RoleView]:
    """Board, partners and other roles, naming people only where their visibility allows.

    Only offices the network made public and whose term of office includes today.
    """
    today = timezone.localdate()
    network_roles = list(
        network.roles.filter(is_public=True)
        .filter(Q(term_from__isnull=True) | Q(term_from__lte=today))
        .filter(Q(term_to__isnull=True) | Q(term_to__gte=today))
        .select_related("organisation", "person", "person__organisation")
    )
    holder_ids = [role.organisation_id for role in network_roles if role.organisation_id]
    visible_ids = set(
        visible_organisations(user).filter(pk__in=holder_ids).values_list("pk", flat=True)
    )
    viewer = Viewer(user)
    roles = []
    for role in network_roles:
        organisation = role.organisation if role.organisation_id in visible_ids else None
        person = role.person
        show_person = person is not None and viewer.sees(person.visibility, person.organisation)
        if organisation is None and not show_person:
            continue
        roles.append(
            RoleView(
                kind=role.get_kind_display(),
                person_name=person.full_name if show_person and person else "",
                person_function=person.function if show_person and person else "",
                organisation=organisation,
                note=role.note,
                term_from=role.term_from,
                term_to=role.term_to,
            )
        )
    return roles


def focus_industries(network: Network) -> list[FocusIndustry]:
    return list(
        network.focus_industries.prefetch_related(Prefetch("industry_codes", to_attr="codes"))
    )


def network_feature_collection(network: Network, user: Any) -> dict[str, Any]:
    """GeoJSON of the network's districts and of the visible members with coordinates."""
    features: list[dict[str, Any]] = [
        {
            "type": "Feature",
            "geometry": district.boundary,
            "properties": {"kind": "district", "ags": district.ags, "name": district.name},
        }
        for district in network.districts.all()
    ]
    for membership in visible_members(network, user):
        org = membership.organisation
        if org.latitude is None or org.longitude is None:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [org.longitude, org.latitude]},
                "properties": {
                    "kind": "member",
                    "name": org.name,
                    "url": org.get_absolute_url(),
                    "fictitious": org.is_fictitious,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


# Colour-blind-safe hues (after Okabe-Ito), darkened so that each outline stands out from
# the light ground by at least 3:1 (WCAG 1.4.11).
NETWORK_COLOURS = ["#0072B2", "#D55E00", "#007A5A", "#A8458E", "#8F6400", "#5E4FA2"]


def network_colours(*, boundaries: bool = False) -> list[tuple[Network, str]]:
    """Each network with its colour on the overview map, in the map's (name) order.

    ``boundaries``: with its districts' GeoJSON (for the map itself, not its legend).
    """
    districts = District.objects.all() if boundaries else District.objects.defer("boundary")
    networks = Network.objects.prefetch_related(Prefetch("districts", queryset=districts)).order_by(
        "name"
    )
    return [
        (network, NETWORK_COLOURS[index % len(NETWORK_COLOURS)])
        for index, network in enumerate(networks)
    ]


def overview_feature_collection() -> dict[str, Any]:
    """GeoJSON of every network's districts, coloured per network (public data only)."""
    features = []
    for network, colour in network_colours(boundaries=True):
        for district in network.districts.all():
            features.append(
                {
                    "type": "Feature",
                    "geometry": district.boundary,
                    "properties": {
                        "kind": "district",
                        "ags": district.ags,
                        "name": district.name,
                        "network": str(network),
                        "url": network.get_absolute_url(),
                        "color": colour,
                    },
                }
            )
    return {"type": "FeatureCollection", "features": features}
