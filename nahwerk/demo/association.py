"""The demo's association: IMKK e.V.'s fee categories, dues, one application, one notice.

IMKK is a registered association (founded 5 May 2014); its real fees are not public, so
the categories carry example amounts and say so ("Beispielbetrag"). The fictitious
members get the category of their imported fee category, dues for last year (paid, a few
waived) and this year (most paid, the rest open, some reminded), one member has given
notice for the end of the year, and a young company of the region has applied and waits
for the manager's decision. Loaded idempotently: a second run writes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from auditlog.context import disable_auditlog
from django.db import transaction
from django.utils import timezone

from nahwerk.demo.fictitious import FICTITIOUS_SOURCE_NOTE, NAME_MARKER
from nahwerk.directory.choices import DataSource, OrganisationKind, SizeBand, Visibility
from nahwerk.directory.models import Organisation, unique_slug
from nahwerk.networks.choices import DuesStatus, FeeCategory, MembershipStatus
from nahwerk.networks.models import Dues, DuesCategory, Membership, Network

NETWORK = "imkk"
EXAMPLE = "Beispielbetrag"
# the imported fee category -> (name of the network's category, yearly amount in EUR)
CATEGORIES = {
    FeeCategory.REGULAR: ("Unternehmen ab 250 Beschäftigte", Decimal("900")),
    FeeCategory.SME: ("Unternehmen bis 249 Beschäftigte (KMU)", Decimal("360")),
    FeeCategory.STARTUP: ("Gründungen in den ersten drei Jahren", Decimal("120")),
    FeeCategory.SCIENCE: ("Hochschulen und Forschungseinrichtungen", Decimal("240")),
    FeeCategory.PUBLIC: ("Kommunen und öffentliche Einrichtungen", Decimal("240")),
    FeeCategory.SUPPORTING: ("Fördermitglieder", Decimal("150")),
    FeeCategory.EXEMPT: ("Beitragsfrei (Ehrenmitglieder)", Decimal("0")),
}
APPLICANT: dict[str, object] = {
    "external_id": "demo:imkk-antrag:01",
    "name": f"Keramik Additiv Westerwald UG {NAME_MARKER}",
    "legal_form": "UG (haftungsbeschränkt)",
    "kind": OrganisationKind.STARTUP,
    "employees": 6,
    "size_band": SizeBand.MICRO,
    "postcode": "56203",
    "country": "DE",
    "description": (
        "Junges Unternehmen aus Höhr-Grenzhausen, das Bauteile aus technischer Keramik im "
        "3D-Druck fertigt, vom Prototyp bis zur Kleinserie. Dieses Profil ist ein fiktives "
        "Beispiel für die Demo."
    ),
    "competences": "Additive Fertigung von Oxidkeramik, Entbindern und Sintern, Bauteilprüfung",
    "equipment": "Zwei Keramik-3D-Drucker (Stereolithografie), Entbinderungs- und Sinterofen",
    "references": "Prototypen für Medizintechnik und Dentallabore der Region",
    "visibility": Visibility.PUBLIC,
}
APPLICATION_NOTE = (
    "Wir möchten uns mit den Unternehmen und Instituten der Region vernetzen und an den "
    "Branchentreffen teilnehmen (Beispiel)."
)


def _share(key: str) -> float:
    """A stable number in [0, 1) for ``key``: the same member gets the same fate every load."""
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) / 0x1_0000_0000


def load_demo_association(today: dt.date | None = None) -> int:
    """Create IMKK's categories, dues, application and notice if missing; returns how many."""
    network = Network.objects.filter(slug=NETWORK).first()
    if network is None:
        return 0
    today = today or timezone.localdate()
    created = 0
    with transaction.atomic(), disable_auditlog():
        categories: dict[str, DuesCategory] = {}
        for fee, (name, amount) in CATEGORIES.items():
            category, new = DuesCategory.objects.get_or_create(
                network=network, name=name, defaults={"yearly_amount": amount}
            )
            categories[fee] = category
            created += int(new)
        members = list(
            network.memberships.filter(
                status=MembershipStatus.ACTIVE, organisation__is_fictitious=True
            ).select_related("organisation")
        )
        for membership in members:
            category = categories.get(membership.fee_category) or categories[FeeCategory.SME]
            if membership.dues_category_id is None:
                membership.dues_category = category
                membership.save(update_fields=["dues_category", "updated_at"])
            created += _dues(membership, category, today)
        created += _notice(members, today)
        created += _application(network)
    return created


def _dues(membership: Membership, category: DuesCategory, today: dt.date) -> int:
    created = 0
    joined = membership.since or dt.date(today.year - 1, 1, 1)
    for year in (today.year - 1, today.year):
        if joined.year > year or membership.dues.filter(year=year).exists():
            continue
        share = _share(f"{membership.organisation.external_id}-{year}")
        values: dict[str, object] = {"amount": category.yearly_amount, "note": EXAMPLE}
        if category.yearly_amount == 0 or (year < today.year and share < 0.03):
            values.update(
                status=DuesStatus.WAIVED, note=f"{EXAMPLE}; erlassen (Vorstandsbeschluss)"
            )
        elif year < today.year or share < 0.7:
            # paid in the first quarter of the year (this year: never after today)
            day = dt.date(year, 1, 15) + dt.timedelta(days=int(share * 75))
            values.update(status=DuesStatus.PAID, paid_on=min(day, today))
        elif share < 0.85 and today >= dt.date(today.year, 4, 1):
            values.update(reminded_on=dt.date(today.year, 4, 1))
        Dues.objects.create(membership=membership, year=year, **values)
        created += 1
    return created


def _notice(members: list[Membership], today: dt.date) -> int:
    """The member with the lowest share of this year gives notice for 31 December."""
    if not members or any(m.notice_given_on for m in members):
        return 0
    leaving = min(members, key=lambda m: _share(f"notice-{m.organisation.external_id}"))
    leaving.notice_given_on = min(today, dt.date(today.year, 9, 30))
    leaving.until = dt.date(today.year, 12, 31)
    leaving.save(update_fields=["notice_given_on", "until", "updated_at"])
    return 1


def _application(network: Network) -> int:
    """A young ceramics company of the region, not yet a member, has applied."""
    if network.memberships.filter(status=MembershipStatus.APPLIED).exists():
        return 0
    applicant = Organisation.objects.filter(
        source=DataSource.FICTITIOUS, external_id=APPLICANT["external_id"]
    ).first()
    if applicant is None:
        applicant = Organisation(
            **APPLICANT,
            source=DataSource.FICTITIOUS,
            slug=unique_slug(str(APPLICANT["name"])),
            source_note=FICTITIOUS_SOURCE_NOTE,
            is_fictitious=True,
        )
        applicant.derive_location()
        applicant.full_clean()
        applicant.save()
    Membership.objects.create(
        organisation=applicant,
        network=network,
        status=MembershipStatus.APPLIED,
        application_note=APPLICATION_NOTE,
    )
    return 1
