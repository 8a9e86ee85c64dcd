"""The busiest pages read a bounded number of rows, and no district boundaries for lists.

A district's boundary is a GeoJSON document of 2-9 kB. The load benchmark
(``python -m nahwerk.benchmarks.load``) found the directory, the API list and the search
form reading and decoding one per listed organisation and one per district choice, on
every request; only the maps of the districts themselves need them.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nahwerk.directory.tests.factories import OrganisationFactory
from nahwerk.matching import services as matching_services
from nahwerk.networks.tests.factories import MembershipFactory
from nahwerk.projects.choices import ProjectSource, ProjectStatus
from nahwerk.projects.models import NotificationKind, Project, ProjectNotification

pytestmark = pytest.mark.django_db

BOUNDARY = '"reference_district"."boundary"'


@pytest.fixture
def crowded(world):
    """North with 40 more members in four districts, so that lists span pages."""
    for i, postcode in enumerate(["56203", "56410", "57610", "56068"] * 10):
        MembershipFactory(
            organisation=OrganisationFactory(
                name=f"Mitglied {i:02d} GmbH", slug=f"mitglied-{i:02d}", postcode=postcode
            ),
            network=world.north,
        )
    return world


def reads(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200, url
    return [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize(
    "url",
    [
        "/organisationen/",
        "/organisationen/?page=2",
        "/organisationen/mitglied-00/",
        "/netzwerke/nord/",
        "/api/organisations/",
        "/partner-finden/",
        "/",
    ],
)
def test_lists_and_forms_read_no_district_boundary(crowded, client, as_user, url) -> None:
    for visitor in (client, as_user(crowded.alice)):
        assert not [sql for sql in reads(visitor, url) if BOUNDARY in sql]


def test_a_network_map_still_draws_its_districts(crowded, client) -> None:
    response = client.get(reverse("networks:geojson", args=["nord"]))
    assert response.json()["features"][0]["geometry"]["type"] in {"Polygon", "MultiPolygon"}


@pytest.mark.parametrize(
    "url", ["/organisationen/", "/api/organisations/", "/netzwerke/nord/", "/"]
)
def test_a_list_reads_as_often_however_many_members(crowded, as_user, url) -> None:
    client = as_user(crowded.alice)
    reads(client, url)  # sessions and caches settled
    before = len(reads(client, url))
    for i in range(20):
        MembershipFactory(
            organisation=OrganisationFactory(name=f"Neu {i:02d} GmbH", postcode="56203"),
            network=crowded.north,
        )
    assert len(reads(client, url)) <= before


def test_the_search_results_read_no_district_boundary(crowded, client, matching_index) -> None:
    crowded.north_public.description = "Wir brennen technische Keramik für Hochtemperaturfilter."
    crowded.north_public.save()
    matching_services.rebuild_index()
    queries = reads(client, "/partner-finden/?q=Keramische+Hochtemperaturfilter")
    assert any('"directory_organisation"' in sql for sql in queries)
    assert not [sql for sql in queries if BOUNDARY in sql]


NOTIFICATION_TABLES = (
    '"brokering_notification"',
    '"funding_fundingnotification"',
    '"projects_projectnotification"',
)


def test_the_navigation_counts_unread_notifications_once_per_page(world, as_user) -> None:
    # the bell names the count three times (whether, how many, the label): one query each
    project = Project.objects.create(
        source=ProjectSource.PLATFORM, status=ProjectStatus.IDEA, title="Filterprüfstand"
    )
    ProjectNotification.objects.create(
        user=world.alice, project=project, kind=NotificationKind.INVITED
    )
    queries = reads(as_user(world.alice), "/bedarfe/")
    for table in NOTIFICATION_TABLES:
        assert len([sql for sql in queries if f"FROM {table}" in sql]) == 1, table
