"""Who may see and do what with a need: the single place for the brokering rules.

- The network's manager (and the site administrator) sees every need of the network, the
  asking organisation included, and triages, routes and closes.
- Users of the asking organisation see and follow their needs, and decide whether an
  anonymous need reveals who they are.
- Users of an organisation the need was routed to see the need (anonymous: without the
  asker), answer, and write in their own thread with the asker.
- Members of the network see needs posted to the network, everyone sees open needs,
  once the manager has accepted them. Anonymous needs are seen by nobody else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from nahwerk.accounts.permissions import is_site_admin, managed_network_ids, member_network_ids
from nahwerk.brokering.models import Need, NeedStatus, Posting, Referral

# Statuses in which an accepted need is published to the network or the public.
PUBLISHED = (
    NeedStatus.ACCEPTED,
    NeedStatus.ROUTED,
    NeedStatus.IN_CONTACT,
    NeedStatus.COOPERATION,
    NeedStatus.CLOSED,
)
# Statuses in which the need can still be routed and answered.
OPEN = (NeedStatus.NEW, NeedStatus.ACCEPTED, NeedStatus.ROUTED, NeedStatus.IN_CONTACT)


def visible_needs(user: Any) -> QuerySet[Need]:
    """Needs whose page the user may open."""
    if is_site_admin(user):
        return Need.objects.all()
    condition = Q(posting=Posting.OPEN, status__in=PUBLISHED)
    if user.is_authenticated and user.is_active:
        managed = managed_network_ids(user)
        if managed:
            condition |= Q(network__in=managed)
        member = member_network_ids(user)
        if member:
            condition |= Q(posting=Posting.NETWORK, status__in=PUBLISHED, network__in=member)
        if user.organisation_id:
            condition |= Q(organisation=user.organisation_id)
            condition |= Q(
                pk__in=Referral.objects.filter(organisation=user.organisation_id).values("need")
            )
    return Need.objects.filter(condition)


@dataclass(frozen=True)
class NeedAccess:
    """One user's rights on one need."""

    need: Need
    user: Any
    is_manager: bool
    is_asker: bool
    referral: Referral | None

    @classmethod
    def of(
        cls,
        need: Need,
        user: Any,
        *,
        managed: set[int] | None = None,
        with_referral: bool = True,
    ) -> NeedAccess:
        """``managed``: the user's managed network ids, when already read (lists).

        ``with_referral=False`` skips reading the user's referral: enough for naming the
        asker, not for answering or the threads.
        """
        authenticated = bool(user.is_authenticated and user.is_active)
        if managed is None:
            managed = managed_network_ids(user) if authenticated else set()
        is_manager = is_site_admin(user) or (authenticated and need.network_id in managed)
        org_id = user.organisation_id if authenticated else None
        referral = (
            need.referrals.filter(organisation=org_id).select_related("organisation").first()
            if org_id and with_referral
            else None
        )
        return cls(
            need=need,
            user=user,
            is_manager=is_manager,
            is_asker=bool(org_id and org_id == need.organisation_id),
            referral=referral,
        )

    @property
    def sees_asker(self) -> bool:
        """Whether the asking organisation may be named to this user."""
        return self.is_manager or self.is_asker or not self.need.is_anonymous

    @property
    def sees_matches(self) -> bool:
        return self.is_manager or self.is_asker

    @property
    def sees_all_referrals(self) -> bool:
        """The manager and the asker see every routed organisation and its answer."""
        return self.is_manager or self.is_asker

    @property
    def can_edit(self) -> bool:
        if self.need.status not in OPEN:
            return False
        return self.is_manager or (self.is_asker and self.need.status == NeedStatus.NEW)

    @property
    def can_triage(self) -> bool:
        return self.is_manager and self.need.status == NeedStatus.NEW

    @property
    def can_route(self) -> bool:
        return self.is_manager and self.need.status in OPEN

    @property
    def can_answer(self) -> bool:
        return self.referral is not None and self.need.status in OPEN

    @property
    def can_reveal(self) -> bool:
        return self.is_asker and self.need.is_anonymous

    @property
    def can_set_outcome(self) -> bool:
        """Mark "cooperation started" or close with a reason."""
        return (self.is_manager or self.is_asker) and self.need.status in (
            *OPEN,
            NeedStatus.COOPERATION,
        )

    def threads(self) -> QuerySet[Referral]:
        """The referrals whose thread this user may read and write in."""
        referrals = self.need.referrals.select_related("organisation")
        if self.sees_all_referrals:
            return referrals
        if self.referral is not None:
            return referrals.filter(pk=self.referral.pk)
        return referrals.none()

    def may_write_in(self, referral: Referral) -> bool:
        return referral.need_id == self.need.pk and (
            self.sees_all_referrals or (self.referral is not None and referral == self.referral)
        )
