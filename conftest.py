"""Shared fixtures: reference data once per test database, and the personas.

The personas make permission tests read like sentences: ``alice`` manages the North
network, ``bob`` manages the South network, ``carla`` works for a North member, ``root`` is
the site administrator, and ``client`` without login is the anonymous public.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import translation

from nahwerk.accounts.models import User
from nahwerk.accounts.tests.factories import UserFactory
from nahwerk.directory.choices import LawfulBasis, Visibility
from nahwerk.directory.models import Organisation, Person
from nahwerk.directory.tests.factories import OrganisationFactory, PersonFactory
from nahwerk.networks.models import Network
from nahwerk.networks.tests.factories import MembershipFactory, NetworkFactory
from nahwerk.reference.loading import load_reference_data
from nahwerk.reference.models import District


def ensure_reference_data() -> None:
    if not District.objects.exists():
        load_reference_data()


def _uses_database(item: Any) -> bool:
    """Whether a collected test has a test database: the ``django_db`` mark, or a fixture
    that needs one (``db``, ``transactional_db``, ``live_server`` go through
    ``_django_db_helper``). Only for such tests does pytest-django create the databases."""
    return item.get_closest_marker("django_db") is not None or "_django_db_helper" in getattr(
        item, "fixturenames", ()
    )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any, request: Any) -> Iterator[bool]:
    """The test databases with reference data; False where none was created because no
    collected test needs one (then the settings still name the real database)."""
    if not any(_uses_database(item) for item in request.session.items):
        yield False
        return
    with django_db_blocker.unblock():
        ensure_reference_data()
    yield True
    with django_db_blocker.unblock():
        _end_stray_sessions()


def _end_stray_sessions() -> None:
    """End the PostgreSQL sessions that threads of the tests left open on the test
    database, before pytest-django drops it ("is being accessed by other users"); what
    they were is written to var/stray-test-sessions.txt so that the test leaving them can
    be found."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, application_name, state, left(query, 200), backend_start "
            "FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        stray = cursor.fetchall()
        for pid, *_rest in stray:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    connection.close()
    if stray:
        report = Path(__file__).resolve().parent / "var" / "stray-test-sessions.txt"
        report.parent.mkdir(exist_ok=True)
        with report.open("a") as out:
            for row in stray:
                out.write(" | ".join(str(value) for value in row) + "\n")


@pytest.fixture(autouse=True)
def _reference_data_present(django_db_setup: bool, django_db_blocker: Any) -> None:
    """Reference data back in place after a transactional test emptied the database.

    Serially, pytest-django runs the transactional tests (browser, live server) last; on
    two cores (``pytest -n 2``) a worker may run one before a test that needs the
    districts and postcodes. The check runs outside the test's transaction, so a reload
    stays for the tests after it. A run of tests without a database (the engine's alone)
    is left alone.
    """
    if django_db_setup:
        with django_db_blocker.unblock():
            ensure_reference_data()


@pytest.fixture(scope="session", autouse=True)
def _embeddings_computed_once() -> Iterator[None]:
    """The real embedder, with each text's vector kept in ``var/test-embeddings``.

    The vectors of a text never change for one model version, and E5 needs about 0.1 s
    per profile; tests that index the demo would otherwise spend minutes on it in every
    run (and twice in ``make test``: SQLite, then PostgreSQL).
    """
    from nahwerk.matching import services
    from nahwerk_engine.benchmarks.embedding_cache import CachedEmbedder
    from nahwerk_engine.matching import default_embedder

    cached = CachedEmbedder(default_embedder(), Path("var/test-embeddings"))
    previous = services._embedder
    services._embedder = cached  # type: ignore[assignment]
    yield
    services._embedder = previous
    cached.save()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # PBKDF2's deliberate slowness is for attackers, not for the test suite.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _site_language() -> Iterator[None]:
    # Each test starts in the site's language; a request in English must not leave it
    # active for the tests after it.
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@dataclass
class World:
    north: Network
    south: Network
    north_public: Organisation
    north_private: Organisation
    south_public: Organisation
    south_private: Organisation
    north_contact: Person
    south_contact: Person
    alice: User
    bob: User
    carla: User
    root: User


@pytest.fixture
def world(db: Any) -> World:
    north = NetworkFactory(name="Netzwerk Nord", slug="nord")
    south = NetworkFactory(name="Netzwerk Süd", slug="sued")
    north.districts.add("07143")
    south.districts.add("07132")
    north_public = OrganisationFactory(name="Nord Keramik GmbH", slug="nord-keramik")
    north_private = OrganisationFactory(
        name="Nord Geheim GmbH", slug="nord-geheim", visibility=Visibility.MEMBERS
    )
    south_public = OrganisationFactory(name="Süd Metall GmbH", slug="sued-metall", postcode="57610")
    south_private = OrganisationFactory(
        name="Süd Geheim GmbH",
        slug="sued-geheim",
        postcode="57610",
        visibility=Visibility.MANAGERS,
    )
    for org in (north_public, north_private):
        MembershipFactory(organisation=org, network=north)
    for org in (south_public, south_private):
        MembershipFactory(organisation=org, network=south)
    north_contact = PersonFactory(
        organisation=north_private,
        first_name="Nora",
        last_name="Nord",
        email="nora@nord.example",
        lawful_basis=LawfulBasis.CONTRACT,
        visibility=Visibility.MEMBERS,
        email_visibility=Visibility.MANAGERS,
    )
    south_contact = PersonFactory(
        organisation=south_public,
        first_name="Sven",
        last_name="Süd",
        email="sven@sued.example",
        visibility=Visibility.PUBLIC,
        email_visibility=Visibility.MANAGERS,
    )
    alice = UserFactory(username="alice", is_staff=True)
    alice.managed_networks.add(north)
    bob = UserFactory(username="bob", is_staff=True)
    bob.managed_networks.add(south)
    carla = UserFactory(username="carla", organisation=north_public)
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    return World(
        north,
        south,
        north_public,
        north_private,
        south_public,
        south_private,
        north_contact,
        south_contact,
        alice,
        bob,
        carla,
        root,
    )


def login(client: Client, user: User) -> Client:
    # force_login: the login form and its throttling (django-axes) have their own tests
    client.force_login(user)
    return client


@pytest.fixture
def matching_index(tmp_path: Path) -> Iterator[Path]:
    """No partner index of another test loaded in this process (the index itself lives in
    the test's database)."""
    from nahwerk.matching import services

    services.index_cache.clear()
    yield tmp_path
    services.index_cache.clear()


@pytest.fixture
def as_user(client: Client) -> Any:
    """``as_user(world.alice)`` returns the test client logged in as that persona."""
    return lambda user: login(client, user)
