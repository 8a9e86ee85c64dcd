"""Fixtures of the API tests: token clients for the personas and needs in known states.

Besides the shared personas, ``dora`` works for North's members-only organisation (the
need is routed to it) and ``sven`` for South's public one (another network).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from nahwerk.accounts.models import User
from nahwerk.accounts.tests.factories import UserFactory
from nahwerk.brokering import services
from nahwerk.brokering.models import Need, Posting
from nahwerk.matching import services as matching_services

PERSONAS = ("anonymous", "carla", "dora", "sven", "alice", "bob", "root")


@pytest.fixture(autouse=True)
def _english_and_index_in_tmp(settings: Any, matching_index: Path) -> None:
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def people(world: Any) -> dict[str, User | None]:
    dora = UserFactory(username="dora", organisation=world.north_private)
    sven = UserFactory(username="sven", organisation=world.south_public)
    return {
        "anonymous": None,
        "carla": world.carla,
        "dora": dora,
        "sven": sven,
        "alice": world.alice,
        "bob": world.bob,
        "root": world.root,
    }


def token_client(user: User | None) -> APIClient:
    """A client that authenticates the way API users do: with the user's token."""
    client = APIClient()
    if user is not None:
        token, _created = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def api(people: dict[str, User | None]) -> Any:
    """``api("carla")`` is a token client for that persona, ``api("anonymous")`` has none."""
    return lambda name: token_client(people[name])


def post(world: Any, posting: str = Posting.NETWORK, **kwargs: Any) -> Need:
    data = {
        "title": "Partner für keramische Hochtemperaturfilter gesucht",
        "description": "Wir suchen einen Partner für keramische Hochtemperaturfilter.",
        "posting": posting,
        **kwargs,
    }
    return services.post_need(world.carla, world.north.pk, services.NeedInput(**data))


@dataclass
class Needs:
    new: Need  # posted to the network, not yet triaged
    published: Need  # posted to the network, accepted
    anonymous: Need  # posted anonymously, routed to North's members-only organisation


@pytest.fixture
def needs(world: Any, people: dict[str, Any]) -> Needs:
    new = post(world, title="Neuer Bedarf")
    published = post(world, title="Veröffentlichter Bedarf")
    services.accept_need(world.alice, published)
    anonymous = post(world, Posting.ANONYMOUS, title="Anonymer Bedarf")
    services.accept_need(world.alice, anonymous)
    services.route_need(world.alice, anonymous, [world.north_private.pk], "Bitte ansehen")
    for need in (new, published, anonymous):
        need.refresh_from_db()
    return Needs(new=new, published=published, anonymous=anonymous)


@pytest.fixture
def profiles(world: Any) -> None:
    """Ceramics profiles for the personas' organisations, and the partner index built."""
    texts = {
        world.north_public: "Keramische Filter für Hochtemperaturanwendungen und Heißgas.",
        world.north_private: "Wir entwickeln keramische Hochtemperaturfilter für Kraftwerke.",
        world.south_public: "Metallische Filter und keramische Beschichtungen bis 900 °C.",
        world.south_private: "Keramische Heißgasfilter und Filterkerzen für hohe Temperaturen.",
    }
    for organisation, text in texts.items():
        organisation.description = text
        organisation.save()
    matching_services.rebuild_index()
