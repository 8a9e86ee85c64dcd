"""Read models for organisation pages and the profile-editing workflow."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.permissions import Viewer, manageable_organisations
from directory.choices import Visibility
from directory.models import PROFILE_TEXT_FIELDS, Organisation
from networks.choices import MembershipStatus

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


def project_history(organisation: Organisation) -> list[Any]:
    """The organisation's project participations, newest first, with partner counts."""
    return list(
        organisation.participations.select_related("project")
        .annotate(partner_count=Count("project__participations"))
        .order_by("-project__start_date")
    )
