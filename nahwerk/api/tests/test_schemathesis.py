"""Schemathesis over the OpenAPI schema: no server error and no answer outside the schema.

A bounded, seeded run (a few examples per operation, about a minute in all) against the
WSGI application in the test's database, once anonymously and once as a member with a
token, so that the endpoints behind a login are exercised too. It runs in both passes of
``make test`` (SQLite and PostgreSQL).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from nahwerk.directory.tests.factories import OrganisationFactory
from nahwerk.networks.tests.factories import MembershipFactory

# Django's application, not nahwerk.wsgi's: importing that starts the matching warm-up in
# a thread, whose database connection outlived the tests and kept the test database from
# being dropped at the end ("is being accessed by other users")
application = get_wsgi_application()

pytestmark = pytest.mark.api_fuzz

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


# loaded while the tests are collected, outside any database: the rate limit (which
# counts in the database) is off for this one request
with override_settings(RATELIMIT_ENABLE=False):
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture(autouse=True)
def _connection_kept_open() -> Iterator[None]:
    # Django's WSGI handler closes the database connection around each request when it is
    # not in autocommit, which the test's transaction never is; its test client does not
    # (SQLite's in-memory test database is never closed, PostgreSQL's would be)
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _records_to_find(world: Any, needs: Any, settings: Any) -> None:
    # also the empty values: an organisation without district (abroad) in the member
    # network, needs without field
    abroad = OrganisationFactory(
        name="Filtri Bologna Srl", slug="filtri", postcode="", country="IT"
    )
    MembershipFactory(organisation=abroad, network=world.north)
    # the API's rate limits have their own tests; here they would only stop the run
    settings.NAHWERK_API_RATE_ANONYMOUS = "100000/minute"
    settings.NAHWERK_API_RATE_USER = "100000/minute"


def index_for(case: Any, request: Any) -> None:
    """The partner index (profiles embedded), only for the operations that search it."""
    if case.operation.path.endswith(("/partners/", "/matches/")):
        request.getfixturevalue("profiles")


def headers_of(user: Any) -> dict[str, str]:
    if user is None:
        return {}
    token, _created = Token.objects.get_or_create(user=user)
    return {"Authorization": f"Token {token.key}"}


SETTINGS = settings(
    # 8 in `make test`; NAHWERK_FUZZ_EXAMPLES=200 for a deeper run by hand
    max_examples=int(os.environ.get("NAHWERK_FUZZ_EXAMPLES", "8")),
    derandomize=True,  # the same examples in every run
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


# One test per operation, named by it ("GET /api/needs/"): the report says which operation
# failed, and pytest-xdist (make test) can tell the operations apart.
OPERATIONS = [result.ok() for result in schema.get_all_operations()]


def fuzz(operation: Any, request: Any, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy())
    @SETTINGS
    def each_example(case: Any) -> None:
        index_for(case, request)
        case.call_and_validate(headers=headers, checks=CHECKS)

    each_example()


@pytest.mark.django_db
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_the_api_keeps_to_its_schema_for_the_public(operation: Any, request: Any) -> None:
    fuzz(operation, request, headers={})


@pytest.mark.django_db
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_the_api_keeps_to_its_schema_for_a_member(
    operation: Any, people: Any, request: Any
) -> None:
    fuzz(operation, request, headers=headers_of(people["carla"]))
