"""Who may see and change what of start-ups, funds, mentor offers and the pipeline.

A start-up decides per field who sees it (``Release``): the public, the members of its
networks, investors (users of an organisation that runs an investor profile), or nobody
but itself. The network's managers see the profile as members do, plus what is released
to investors (they bring start-ups and investors together), never what is kept to itself.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from nahwerk.accounts.permissions import (
    Viewer,
    is_site_admin,
    managed_network_ids,
    member_network_ids,
    visible_organisations,
)
from nahwerk.directory.models import Organisation
from nahwerk.startups.choices import Release
from nahwerk.startups.models import InvestorProfile, MentorOffer, StartupProfile


def is_investor(user: Any) -> bool:
    """Whether the user acts for an organisation that runs a fund or an angel network."""
    if not (user.is_authenticated and user.is_active and user.organisation_id):
        return False
    cached = getattr(user, "_is_investor", None)
    if cached is None or cached[0] != user.organisation_id:
        found = InvestorProfile.objects.filter(organisation_id=user.organisation_id).exists()
        cached = (user.organisation_id, found)
        user._is_investor = cached
    return bool(cached[1])


class StartupViewer:
    """One user's view of start-up profiles: which released fields they may read."""

    def __init__(self, user: Any):
        self.user = user
        self.viewer = Viewer(user)
        self.investor = is_investor(user)

    def is_own(self, profile: StartupProfile) -> bool:
        return bool(
            self.user.is_authenticated and self.user.organisation_id == profile.organisation_id
        )

    def manages(self, profile: StartupProfile) -> bool:
        return self.viewer.is_admin or bool(
            self.viewer.networks_of(profile.organisation) & self.viewer.managed
        )

    def sees(self, profile: StartupProfile, field: str) -> bool:
        release = profile.release_of(field)
        if self.is_own(profile) or self.viewer.is_admin:
            return True
        if release == Release.PUBLIC:
            return True
        if release == Release.NOBODY or not self.user.is_authenticated:
            return False
        if release == Release.INVESTORS:
            return self.investor or self.manages(profile)
        # members of the start-up's networks, and their managers
        networks = self.viewer.networks_of(profile.organisation)
        return bool(networks & (self.viewer.member | self.viewer.managed))

    def released(self, profile: StartupProfile) -> dict[str, Any]:
        """The releasable fields this viewer may read: name -> value (absent when not)."""
        return {
            f: getattr(profile, f)
            for f in ("pitch", "figures", "team", "capital_sought")
            if self.sees(profile, f)
        }


def visible_startups(user: Any) -> QuerySet[StartupProfile]:
    """Profiles whose page the user may open: the organisation is visible to them, or the
    start-up wants investors to find it and the user is one."""
    if is_site_admin(user):
        return StartupProfile.objects.all()
    condition = Q(organisation__in=visible_organisations(user).values("pk"))
    if is_investor(user):
        condition |= Q(listed_for_investors=True)
    return StartupProfile.objects.filter(condition)


def may_edit_startup(user: Any, organisation: Organisation) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if is_site_admin(user) or user.organisation_id == organisation.pk:
        return True
    return bool(Viewer(user).networks_of(organisation) & managed_network_ids(user))


def visible_funds(user: Any) -> QuerySet[InvestorProfile]:
    """Public funds for everyone; a members' fund for its networks' people; one's own."""
    if is_site_admin(user):
        return InvestorProfile.objects.all()
    condition = Q(is_public=True)
    networks = managed_network_ids(user) | member_network_ids(user)
    if networks:
        condition |= Q(networks__in=networks)
    if user.is_authenticated and user.organisation_id:
        condition |= Q(organisation_id=user.organisation_id)
    return InvestorProfile.objects.filter(condition).distinct()


def may_edit_fund(user: Any, fund: InvestorProfile) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return is_site_admin(user) or user.organisation_id == fund.organisation_id


def may_edit_mentor_offer(user: Any, offer: MentorOffer) -> bool:
    """Only the offering organisation's users (and the site admins) change or withdraw it."""
    if not (user.is_authenticated and user.is_active):
        return False
    return is_site_admin(user) or user.organisation_id == offer.organisation_id


def visible_mentor_offers(user: Any) -> QuerySet[MentorOffer]:
    """Mentor offers are for the network's people: its members, managers and start-ups."""
    if is_site_admin(user):
        return MentorOffer.objects.all()
    networks = managed_network_ids(user) | member_network_ids(user)
    condition = Q(network__in=networks)
    if user.is_authenticated and user.organisation_id:
        condition |= Q(organisation_id=user.organisation_id)
    return MentorOffer.objects.filter(condition)
