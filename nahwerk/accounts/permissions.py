"""Who may see and change what: the single place where roles become querysets.

Roles: the site administrator (``is_superuser``) sees everything; a network manager sees
and changes the organisations, people and memberships of the networks they manage; a
member user acts for one organisation and sees what is shared with the members of that
organisation's networks; the anonymous public sees what is public.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from nahwerk.accounts.models import Invitation
from nahwerk.directory.choices import Visibility
from nahwerk.directory.models import Organisation, OrganisationQuerySet, Person
from nahwerk.networks.choices import AFFILIATED_STATUSES, MembershipStatus
from nahwerk.networks.models import Membership, Network


def is_site_admin(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def managed_network_ids(user: Any) -> set[int]:
    """Networks this user manages (all of them for a site administrator).

    Kept on the user object, as Django keeps a user's permissions (``_perm_cache``): a page
    asks this many times, and each request loads its user afresh.
    """
    if not (user.is_authenticated and user.is_active):
        return set()
    cached = getattr(user, "_managed_network_ids", None)
    if cached is None:
        if user.is_superuser:
            cached = frozenset(Network.objects.values_list("pk", flat=True))
        else:
            cached = frozenset(user.managed_networks.values_list("pk", flat=True))
        user._managed_network_ids = cached
    return set(cached)


def is_manager(user: Any) -> bool:
    """Site administrators and users who manage at least one network."""
    return is_site_admin(user) or bool(
        user.is_authenticated and user.is_active and user.is_staff and managed_network_ids(user)
    )


def member_network_ids(user: Any) -> set[int]:
    """Networks in which the user's organisation is an active member."""
    if not (user.is_authenticated and user.is_active and user.organisation_id):
        return set()
    cached = getattr(user, "_member_network_ids", None)
    if cached is None or cached[0] != user.organisation_id:
        ids = frozenset(
            Membership.objects.filter(
                organisation_id=user.organisation_id, status=MembershipStatus.ACTIVE
            ).values_list("network_id", flat=True)
        )
        cached = (user.organisation_id, ids)
        user._member_network_ids = cached
    return set(cached[1])


def manageable_organisations(user: Any) -> OrganisationQuerySet:
    """Organisations whose data this user may change as a manager."""
    if is_site_admin(user):
        return Organisation.objects.all()
    return Organisation.objects.in_networks(managed_network_ids(user))


def visible_organisations(user: Any) -> OrganisationQuerySet:
    """Organisations whose pages this user may see."""
    if is_site_admin(user):
        return Organisation.objects.all()
    condition = Q(visibility=Visibility.PUBLIC)
    managed = managed_network_ids(user)
    if managed:
        condition |= Q(pk__in=Organisation.objects.in_networks(managed).values("pk"))
    shared = member_network_ids(user)
    if shared:
        condition |= Q(
            visibility=Visibility.MEMBERS,
            pk__in=Organisation.objects.in_networks(shared).values("pk"),
        )
    if user.is_authenticated and user.organisation_id:
        condition |= Q(pk=user.organisation_id)
    return Organisation.objects.filter(condition)


class Viewer:
    """One user's view, for checking many fields on one page without repeating queries.

    The user's managed and member networks are read once; the networks of each
    organisation asked about are read once per organisation.
    """

    def __init__(self, user: Any):
        self.user = user
        self.is_admin = is_site_admin(user)
        self.managed = managed_network_ids(user)
        self.member = member_network_ids(user)
        self._networks_of: dict[int, set[int]] = {}

    def networks_of(self, organisation: Organisation) -> set[int]:
        if organisation.pk not in self._networks_of:
            self._networks_of[organisation.pk] = set(
                Network.objects.filter(
                    Q(
                        memberships__organisation=organisation,
                        memberships__status__in=AFFILIATED_STATUSES,
                    )
                    | Q(roles__organisation=organisation)
                ).values_list("pk", flat=True)
            )
        return self._networks_of[organisation.pk]

    def sees(self, visibility: str, organisation: Organisation | None) -> bool:
        """Whether a field with this visibility, belonging to that organisation, may be shown."""
        if visibility == Visibility.PUBLIC or self.is_admin:
            return True
        if organisation is None or not self.user.is_authenticated:
            return False
        if self.user.organisation_id == organisation.pk:
            return True
        org_networks = self.networks_of(organisation)
        if org_networks & self.managed:
            return True
        return visibility == Visibility.MEMBERS and bool(org_networks & self.member)


def members_texts_readable(user: Any) -> frozenset[int] | None:
    """Organisations whose members-only texts the user may read; None: all (site admin).

    The set form of ``Viewer.sees(Visibility.MEMBERS, organisation)``, for many
    organisations at once (the partner search needs it per query).
    """
    if is_site_admin(user):
        return None
    if not (user.is_authenticated and user.is_active):
        return frozenset()
    networks = managed_network_ids(user) | member_network_ids(user)
    readable = set(
        Organisation.objects.filter(
            Q(
                memberships__network_id__in=networks,
                memberships__status__in=AFFILIATED_STATUSES,
            )
            | Q(network_roles__network_id__in=networks)
        ).values_list("pk", flat=True)
        if networks
        else ()
    )
    if user.organisation_id:
        readable.add(user.organisation_id)
    return frozenset(readable)


def field_visible(user: Any, visibility: str, organisation: Organisation | None) -> bool:
    """One-off check; use a Viewer when checking many fields."""
    return Viewer(user).sees(visibility, organisation)


def manageable_people(user: Any) -> QuerySet[Person]:
    if is_site_admin(user):
        return Person.objects.all()
    return Person.objects.filter(organisation__in=manageable_organisations(user).values("pk"))


def manageable_memberships(user: Any) -> QuerySet[Membership]:
    if is_site_admin(user):
        return Membership.objects.all()
    return Membership.objects.filter(network__in=managed_network_ids(user))


def manageable_invitations(user: Any) -> QuerySet[Invitation]:
    """Invitations to the organisations this user manages, whoever of the managers sent them."""
    if is_site_admin(user):
        return Invitation.objects.all()
    return Invitation.objects.filter(organisation__in=manageable_organisations(user).values("pk"))
