"""In Chromium: an organisation applies for membership, the manager approves it, the dues of
the year are created and marked paid.

sven (Süd Metall, a South company) applies to North on North's page; alice (manager of
North) adds a fee category, approves the application with it, creates the year's dues for
all members and books sven's payment; sven then sees the membership and the paid fee.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from conftest import ensure_reference_data
from nahwerk.accounts.tests.factories import UserFactory
from nahwerk.networks import association
from nahwerk.networks.choices import DuesStatus, MembershipStatus
from nahwerk.networks.models import Dues, Membership
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scene(transactional_db: Any, request: Any) -> Any:
    ensure_reference_data()  # transactional tests empty the tables after each test
    world = request.getfixturevalue("world")
    UserFactory(username="sven", organisation=world.south_public, email="sven@sued.example")
    sme = association.save_fee_category(
        manager=world.alice, network=world.north, name="KMU bis 50 Beschäftigte", yearly_amount=250
    )
    for org in (world.north_public, world.north_private):
        association.assign_category(
            manager=world.alice,
            membership=Membership.objects.get(network=world.north, organisation=org),
            category=sme,
        )
    return world


def test_an_organisation_becomes_a_member_and_pays_its_dues(scene: Any, browse: Any) -> None:
    year = timezone.localdate().year
    sven = browse("sven")
    sven.goto("/netzwerke/nord/")
    sven.get_by_role("link", name="Mitglied werden").click()
    sven.get_by_label("Nachricht an das Netzwerk (optional)").fill(
        "Wir gießen Aluminium und suchen Partner für keramische Kerne."
    )
    sven.get_by_role("button", name="Mitgliedschaft beantragen").click()
    assert sven.get_by_text("Ihr Antrag ist beim Netzwerk eingegangen.").is_visible()
    assert "Beantragt" in sven.get_by_test_id("membership-state").inner_text()

    alice = browse("alice")
    alice.goto("/netzwerke/nord/")
    alice.get_by_role("link", name="Verein: Anträge, Beiträge, Vorstand").click()
    # a negative fee is refused with the field named, and nothing is saved
    alice.get_by_label("Name").fill("Großunternehmen")
    alice.get_by_label("Jahresbeitrag (EUR)").fill("-600")
    alice.get_by_role("button", name="Beitragskategorie hinzufügen").click()
    assert alice.get_by_text("Ein Beitrag kann nicht negativ sein (-600).").is_visible()
    assert "Großunternehmen" not in alice.get_by_test_id("fee-categories").inner_text()
    alice.get_by_label("Jahresbeitrag (EUR)").fill("600")
    alice.get_by_role("button", name="Beitragskategorie hinzufügen").click()
    assert "Großunternehmen" in alice.get_by_test_id("fee-categories").inner_text()

    card = alice.get_by_test_id("application-sued-metall")
    assert "keramische Kerne" in card.inner_text()
    card.get_by_label("Beitragskategorie").select_option(label="Großunternehmen (600,00 €)")
    card.get_by_role("button", name="Aufnehmen").click()
    assert alice.get_by_text("Süd Metall GmbH ist jetzt Mitglied.").is_visible()
    assert "Süd Metall GmbH" in alice.get_by_test_id("association-members").inner_text()

    alice.get_by_role("link", name=f"Beiträge {year}").click()
    alice.get_by_role("button", name=f"Beiträge für {year} anlegen").click()
    # the two North members get theirs now; Süd Metall's were created on approval
    assert alice.get_by_text(f"2 Beiträge für {year} angelegt.").is_visible()
    alice.get_by_role("button", name=f"Beiträge für {year} anlegen").click()
    assert alice.get_by_text(f"0 Beiträge für {year} angelegt.").is_visible()
    row = alice.get_by_test_id("dues-sued-metall")
    assert "600,00" in row.inner_text() and "Offen" in row.inner_text()
    row.get_by_role("button", name="Als bezahlt verbuchen").click()
    booked = "Der Beitrag von Süd Metall GmbH ist als bezahlt verbucht."
    assert alice.get_by_text(booked).is_visible()
    assert "Bezahlt" in alice.get_by_test_id("dues-sued-metall").inner_text()
    screenshot(alice, "association-dues")

    membership = Membership.objects.get(network=scene.north, organisation=scene.south_public)
    assert membership.status == MembershipStatus.ACTIVE
    dues = Dues.objects.get(membership=membership, year=year)
    assert (dues.amount, dues.status, dues.paid_on) == (
        Decimal("600.00"),
        DuesStatus.PAID,
        timezone.localdate(),
    )
    assert Dues.objects.filter(membership__network=scene.north, year=year).count() == 3

    sven.goto("/netzwerke/nord/mitgliedschaft/")
    assert "Aktiv" in sven.get_by_test_id("membership-state").inner_text()
    assert "Bezahlt" in sven.locator("table").inner_text()
    screenshot(sven, "association-membership")
