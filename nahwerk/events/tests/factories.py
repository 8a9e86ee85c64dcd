"""factory_boy factories for events."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from nahwerk.events.choices import EventKind
from nahwerk.events.models import Event
from nahwerk.networks.tests.factories import NetworkFactory


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    kind = EventKind.INDUSTRY_MEETING
    title = factory.Sequence(lambda n: f"Branchentreffen {n}")
    slug = factory.Sequence(lambda n: f"branchentreffen-{n}")
    organiser = factory.SubFactory(NetworkFactory)
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + dt.timedelta(days=30)).replace(
            hour=8, minute=0, second=0, microsecond=0
        )
    )
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + dt.timedelta(hours=8))
    venue = "Keramikmuseum Westerwald"
    postcode = "56203"
    price = Decimal("80.00")
    member_price = Decimal("40.00")
    published = True

    @factory.post_generation
    def networks(obj: Event, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.networks.add(obj.organiser, *(extracted or []))  # type: ignore[misc]
