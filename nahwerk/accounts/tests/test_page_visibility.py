"""Public pages show each persona exactly what it may see."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ORG_PAGES = ["north_public", "north_private", "south_public", "south_private"]

# persona -> organisations whose page it may open
MAY_SEE = {
    None: {"north_public", "south_public"},
    "carla": {"north_public", "north_private", "south_public"},  # member of North
    "alice": {"north_public", "north_private", "south_public"},  # manages North
    "bob": {"north_public", "south_public", "south_private"},  # manages South
    "root": set(ORG_PAGES),
}


@pytest.mark.parametrize("persona", list(MAY_SEE))
@pytest.mark.parametrize("org", ORG_PAGES)
def test_organisation_page_permission_matrix(world, client, as_user, persona, org) -> None:
    if persona:
        client = as_user(getattr(world, persona))
    organisation = getattr(world, org)
    response = client.get(organisation.get_absolute_url())
    expected = 200 if org in MAY_SEE[persona] else 404
    assert response.status_code == expected


@pytest.mark.parametrize("persona", list(MAY_SEE))
def test_network_page_lists_only_visible_members(world, client, as_user, persona) -> None:
    if persona:
        client = as_user(getattr(world, persona))
    html = client.get(reverse("networks:detail", args=["sued"])).content.decode()
    assert ("Süd Metall GmbH" in html) is ("south_public" in MAY_SEE[persona])
    assert ("Süd Geheim GmbH" in html) is ("south_private" in MAY_SEE[persona])


@pytest.mark.parametrize("persona", list(MAY_SEE))
def test_network_geojson_lists_only_visible_members(world, client, as_user, persona) -> None:
    if persona:
        client = as_user(getattr(world, persona))
    data = client.get(reverse("networks:geojson", args=["nord"])).json()
    names = {
        f["properties"]["name"] for f in data["features"] if f["properties"]["kind"] == "member"
    }
    assert ("Nord Geheim GmbH" in names) is ("north_private" in MAY_SEE[persona])
    districts = [f for f in data["features"] if f["properties"]["kind"] == "district"]
    assert [d["properties"]["ags"] for d in districts] == ["07143"]


@pytest.mark.parametrize(
    ("persona", "sees_email"), [(None, False), ("carla", False), ("alice", False), ("bob", True)]
)
def test_contact_email_only_for_managers_of_the_organisations_network(
    world, client, as_user, persona, sees_email
) -> None:
    if persona:
        client = as_user(getattr(world, persona))
    html = client.get(world.south_public.get_absolute_url()).content.decode()
    assert "Sven" in html  # name and function are public
    assert ("sven@sued.example" in html) is sees_email


def test_members_only_contact_hidden_from_public(world, client, as_user) -> None:
    # north_private is visible to carla (member of North) and its contact too
    html = as_user(world.carla).get(world.north_private.get_absolute_url()).content.decode()
    assert "Nora" in html
    assert "nora@nord.example" not in html  # e-mail is for managers only


def test_contact_visibility_costs_the_same_queries_for_many_contacts(world, as_user) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from nahwerk.directory.tests.factories import PersonFactory

    client = as_user(world.alice)
    url = world.north_private.get_absolute_url()

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    for _ in range(10):
        PersonFactory(organisation=world.north_private)
    assert count() == few
