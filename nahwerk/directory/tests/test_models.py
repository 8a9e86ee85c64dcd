"""Organisation and person rules that hold whatever the entry point."""

from __future__ import annotations

import pytest
from django.db import IntegrityError
from django.utils import timezone

from nahwerk.directory.choices import LawfulBasis, SizeBand
from nahwerk.directory.models import Organisation, Person
from nahwerk.directory.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_postcode_derives_district_coordinates_and_city() -> None:
    org = Organisation.objects.create(name="Keramik am Rhein GmbH", kind="sme", postcode="56203")
    assert org.district_id == "07143"
    assert org.city == "Höhr-Grenzhausen"
    assert org.latitude == pytest.approx(50.43, abs=0.05)


def test_changing_the_postcode_moves_the_organisation() -> None:
    org = OrganisationFactory(postcode="56203")
    org.postcode = "09456"
    org.save()
    assert org.district_id == "14521"


def test_foreign_organisation_keeps_its_own_coordinates() -> None:
    org = Organisation.objects.create(
        name="Infineon Austria",
        kind="company",
        country="AT",
        postcode="9500",
        latitude=46.6,
        longitude=13.85,
    )
    assert org.district is None and org.latitude == 46.6


@pytest.mark.parametrize(
    ("employees", "band"),
    [(3, SizeBand.MICRO), (49, SizeBand.SMALL), (50, SizeBand.MEDIUM), (250, SizeBand.LARGE)],
)
def test_size_band_follows_employees(employees: int, band: SizeBand) -> None:
    assert OrganisationFactory(employees=employees).size_band == band


def test_slugs_are_unique() -> None:
    a = Organisation.objects.create(name="Muster GmbH", kind="sme")
    b = Organisation.objects.create(name="Muster GmbH", kind="sme")
    assert a.slug == "muster-gmbh" and b.slug == "muster-gmbh-2"


def test_pic_is_unique() -> None:
    OrganisationFactory(pic="999999999")
    with pytest.raises(IntegrityError, match="pic"):
        OrganisationFactory(pic="999999999")


def test_consent_requires_date_and_purpose() -> None:
    org = OrganisationFactory()
    with pytest.raises(IntegrityError, match="consent_has_date_and_purpose"):
        Person.objects.create(
            organisation=org, first_name="A", last_name="B", lawful_basis=LawfulBasis.CONSENT
        )


def test_consent_with_date_and_purpose_is_stored() -> None:
    person = Person.objects.create(
        organisation=OrganisationFactory(),
        first_name="A",
        last_name="B",
        lawful_basis=LawfulBasis.CONSENT,
        consent_given_at=timezone.now(),
        consent_purpose="Kontakt zu Kooperationsanfragen",
    )
    assert person.full_name == "A B"


def test_unknown_postcode_is_rejected_by_validation_and_clears_district() -> None:
    from django.core.exceptions import ValidationError

    org = OrganisationFactory(postcode="56203")
    org.postcode = "00000"
    with pytest.raises(ValidationError, match="00000"):
        org.full_clean()
    org.save()
    assert org.district is None
