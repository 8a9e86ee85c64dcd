"""factory_boy factories for networks."""

from __future__ import annotations

import factory

from nahwerk.directory.tests.factories import OrganisationFactory
from nahwerk.networks.choices import MembershipStatus, NetworkKind
from nahwerk.networks.models import Membership, Network


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Testnetzwerk {n}")
    slug = factory.Sequence(lambda n: f"testnetzwerk-{n}")
    kind = NetworkKind.REGISTERED_ASSOCIATION


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    network = factory.SubFactory(NetworkFactory)
    status = MembershipStatus.ACTIVE
