"""A need's matches and routing it to organisations of its network."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from nahwerk.accounts.models import User
from nahwerk.accounts.permissions import visible_organisations
from nahwerk.brokering.access import NeedAccess
from nahwerk.brokering.models import EventKind, Need, NeedStatus, PartnerKind, Referral
from nahwerk.brokering.services.common import BrokeringError, _require
from nahwerk.brokering.services.notifications import _step, organisation_users
from nahwerk.directory.choices import OrganisationKind
from nahwerk.directory.models import Organisation
from nahwerk.matching.services import MatchingError, PartnerFilters, PartnerMatch, find_partners
from nahwerk.networks.choices import MembershipStatus
from nahwerk.validators import reject_markup
from nahwerk_engine.matching import FitLevel

# How many of the top matches the routing form proposes.
DEFAULT_ROUTING = 3

PARTNER_KINDS: dict[str, frozenset[str] | None] = {
    PartnerKind.ANY: None,
    PartnerKind.RESEARCH_INSTITUTE: frozenset({OrganisationKind.RESEARCH_INSTITUTE}),
    PartnerKind.UNIVERSITY: frozenset({OrganisationKind.UNIVERSITY}),
    PartnerKind.COMPANY: frozenset(
        {OrganisationKind.COMPANY, OrganisationKind.SME, OrganisationKind.STARTUP}
    ),
}


def need_filters(need: Need, *, network_only: bool) -> PartnerFilters:
    return PartnerFilters(
        kinds=PARTNER_KINDS.get(need.partner_kind),
        network_ids=frozenset({need.network_id}) if network_only else None,
        max_distance_km=float(need.max_distance_km) if need.max_distance_km else None,
    )


def matches_for(
    need: Need, user: User, *, network_only: bool = False, limit: int = 10
) -> list[PartnerMatch]:
    """The ranked, explained matches of a need, as the user may see them."""
    asker = need.organisation
    filters = need_filters(need, network_only=network_only)
    if filters.max_distance_km is not None and asker.latitude is None:
        filters = PartnerFilters(kinds=filters.kinds, network_ids=filters.network_ids)
    return find_partners(need.search_text, filters=filters, user=user, asker=asker, limit=limit)


# Needs still being worked on: their pages are the ones opened again and again.
ACTIVE_STATUSES = (NeedStatus.NEW, NeedStatus.ACCEPTED, NeedStatus.ROUTED, NeedStatus.IN_CONTACT)


def warm_need_vectors(limit: int = 200) -> int:
    """Embed the texts of the most recently changed active needs before their pages ask.

    gunicorn's master runs this after loading the index (deploy/gunicorn.conf.py): the
    vectors land in the process's query-vector cache that the forked workers inherit and
    in the cache that all processes share, so a need page does not wait for the model.
    What the shared cache already holds is read, not embedded again. Returns the count.
    """
    from nahwerk.matching.services import index_cache

    index = index_cache.get()
    needs = (
        Need.objects.filter(status__in=ACTIVE_STATUSES)
        .only("title", "description")
        .order_by("-updated_at", "-pk")[:limit]
    )
    count = 0
    for need in needs:
        text = need.search_text.strip()  # as find_partners reads it
        if text:
            index.query_vector(text)
            count += 1
    return count


def routable_organisations(need: Need) -> QuerySet[Organisation]:
    """Active members and role holders of the need's network, other than the asker.

    Applicants and former members are not routed to.
    """
    return (
        Organisation.objects.filter(
            Q(memberships__network=need.network_id, memberships__status=MembershipStatus.ACTIVE)
            | Q(network_roles__network=need.network_id)
        )
        .distinct()
        .exclude(pk=need.organisation_id)
        .order_by("name")
    )


def suggested_routing(need: Need, user: User) -> list[PartnerMatch]:
    """The best matches within the need's network that fit well, not yet routed to.

    Partial fits are listed among the matches but not preselected: the manager routes
    them on purpose, if at all.
    """
    try:
        matches = matches_for(need, user, network_only=True, limit=DEFAULT_ROUTING * 3)
    except MatchingError:
        return []
    routed = set(need.referrals.values_list("organisation_id", flat=True))
    return [
        m
        for m in matches
        if m.organisation.pk not in routed and m.fit in (FitLevel.STRONG, FitLevel.GOOD)
    ][:DEFAULT_ROUTING]


def route_need(
    user: User, need: Need, organisation_ids: Sequence[int], note: str = ""
) -> list[Referral]:
    """The manager passes the need to chosen organisations of the network."""
    access = NeedAccess.of(need, user)
    _require(access.can_route)
    ids = list(dict.fromkeys(int(i) for i in organisation_ids))
    if not ids:
        raise BrokeringError(
            {"organisations": _("Choose at least one organisation.")}, code="required"
        )
    note = (note or "").strip()
    if len(note) > 2000:
        raise BrokeringError(
            {"note": _("The note may have at most 2,000 characters.")}, code="max_length"
        )
    reject_markup(note)
    allowed = dict(routable_organisations(need).filter(pk__in=ids).values_list("pk", "name"))
    outside = [i for i in ids if i not in allowed]
    if outside:
        # name only the organisations the manager may see; the others by their number
        named = dict(visible_organisations(user).filter(pk__in=outside).values_list("pk", "name"))
        names = ", ".join(named.get(i, f"#{i}") for i in outside)
        raise BrokeringError(
            {
                "organisations": _(
                    "A need can only be routed to organisations of its network "
                    "(%(network)s), not to: %(names)s."
                )
                % {"network": need.network.name, "names": names}
            },
            code="other_network",
        )
    with transaction.atomic():
        need = Need.objects.select_for_update().get(pk=need.pk)
        # checked under the lock, so that two managers routing at once cannot both pass
        already = set(
            Referral.objects.filter(need=need, organisation__in=ids).values_list(
                "organisation", flat=True
            )
        )
        if already:
            raise BrokeringError(
                {
                    "organisations": _("The need was already routed to: %(names)s.")
                    % {"names": ", ".join(allowed[i] for i in ids if i in already)}
                },
                code="duplicate",
            )
        referrals = [
            Referral.objects.create(need=need, organisation_id=i, routed_by=user, note=note)
            for i in ids
        ]
        if need.status in (NeedStatus.NEW, NeedStatus.ACCEPTED):
            need.status = NeedStatus.ROUTED
            need.save(update_fields=["status", "updated_at"])
        for referral in referrals:
            _step(
                need,
                EventKind.ROUTED,
                user,
                role="manager",
                organisation=referral.organisation,
                note=note,
                notify=[
                    *organisation_users(referral.organisation_id),
                    *organisation_users(need.organisation_id),
                ],
            )
    return referrals
