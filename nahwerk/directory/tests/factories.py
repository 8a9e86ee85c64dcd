"""factory_boy factories for the directory."""

from __future__ import annotations

import factory

from nahwerk.directory.choices import DataSource, LawfulBasis, OrganisationKind, Visibility
from nahwerk.directory.models import Organisation, Person


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Testfirma {n} GmbH")
    slug = factory.Sequence(lambda n: f"testfirma-{n}")
    kind = OrganisationKind.SME
    postcode = "56203"
    visibility = Visibility.PUBLIC


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    first_name = "Erika"
    last_name = factory.Sequence(lambda n: f"Muster{n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    lawful_basis = LawfulBasis.CONTRACT


class CordisOrganisationFactory(OrganisationFactory):
    """An organisation as the CORDIS import creates it: known by PIC, no network."""

    name = factory.Sequence(lambda n: f"UNIVERSITA DEGLI STUDI {n}")
    slug = factory.Sequence(lambda n: f"universita-{n}")
    kind = OrganisationKind.UNIVERSITY
    source = DataSource.CORDIS
    pic = factory.Sequence(lambda n: f"9{n:08d}")
    external_id = factory.SelfAttribute("pic")
    country = "IT"
    postcode = "40126"
    city = "BOLOGNA"
