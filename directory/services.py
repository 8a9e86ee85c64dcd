"""Read models for organisation pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from accounts.permissions import Viewer
from directory.models import Organisation
from networks.choices import MembershipStatus


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


def project_history(organisation: Organisation) -> list[Any]:
    """The organisation's project participations, newest first, with partner counts."""
    return list(
        organisation.participations.select_related("project")
        .annotate(partner_count=Count("project__participations"))
        .order_by("-project__start_date")
    )
