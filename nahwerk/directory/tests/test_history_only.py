"""Organisations known only from EU project history: the definition, their pages, the admin."""

from __future__ import annotations

import datetime as dt

import pytest

from nahwerk.directory.models import Organisation
from nahwerk.directory.tests.factories import CordisOrganisationFactory, OrganisationFactory
from nahwerk.networks.choices import MembershipStatus, RoleKind
from nahwerk.networks.models import NetworkRole
from nahwerk.networks.tests.factories import MembershipFactory
from nahwerk.projects.models import Participation, Project

pytestmark = pytest.mark.django_db


def history_only_names() -> set[str]:
    return set(Organisation.objects.history_only().values_list("name", flat=True))


def listed_names() -> set[str]:
    return set(Organisation.objects.listed().values_list("name", flat=True))


def test_a_cordis_organisation_without_a_network_is_history_only(world) -> None:
    cordis = CordisOrganisationFactory(name="UNIVERSITA DI BOLOGNA")
    assert cordis.is_history_only
    assert history_only_names() == {"UNIVERSITA DI BOLOGNA"}
    assert "UNIVERSITA DI BOLOGNA" not in listed_names()
    # the members stay listed, whatever their source
    assert {"Nord Keramik GmbH", "Süd Metall GmbH"} <= listed_names()


def test_an_organisation_entered_by_hand_is_listed_even_without_a_network(world) -> None:
    loner = OrganisationFactory(name="Ohne Netzwerk GmbH")
    assert not loner.is_history_only
    assert "Ohne Netzwerk GmbH" in listed_names()


def test_joining_a_network_ends_the_history_status_at_once(world) -> None:
    cordis = CordisOrganisationFactory(name="FRAUNHOFER TEST")
    assert "FRAUNHOFER TEST" in history_only_names()
    MembershipFactory(organisation=cordis, network=world.north)
    assert "FRAUNHOFER TEST" in listed_names()
    assert not Organisation.objects.get(pk=cordis.pk).is_history_only


def test_a_role_in_a_network_is_enough_to_be_listed(world) -> None:
    cordis = CordisOrganisationFactory(name="HOCHSCHULE KOBLENZ TEST")
    NetworkRole.objects.create(
        network=world.north, organisation=cordis, kind=RoleKind.PARTNER_INSTITUTION
    )
    assert "HOCHSCHULE KOBLENZ TEST" in listed_names()


@pytest.mark.parametrize("status", [MembershipStatus.ENDED, MembershipStatus.APPLIED])
def test_a_membership_that_is_not_current_does_not_count(world, status) -> None:
    cordis = CordisOrganisationFactory(name="EHEMALS MITGLIED")
    MembershipFactory(organisation=cordis, network=world.north, status=status)
    assert "EHEMALS MITGLIED" in history_only_names()


def test_the_flag_read_in_one_query_agrees_with_the_property(world, django_assert_num_queries):
    CordisOrganisationFactory(name="A CORDIS")
    member = CordisOrganisationFactory(name="B CORDIS MEMBER")
    MembershipFactory(organisation=member, network=world.south)
    with django_assert_num_queries(1):
        flags = {o.name: o.is_history_only for o in Organisation.objects.with_history_flag()}
    assert flags["A CORDIS"] is True
    assert flags["B CORDIS MEMBER"] is False
    assert flags["Nord Keramik GmbH"] is False
    for org in Organisation.objects.all():
        assert org.is_history_only == flags[org.name]


# --- Their pages and the pages of their earlier partners ------------------------------------


@pytest.fixture
def graphene(world):
    """A titled CORDIS project of North's SME with an Italian university and a hidden firm."""
    italian = CordisOrganisationFactory(name="UNIVERSITA DI PADOVA", city="PADOVA")
    project = Project.objects.create(
        source="cordis",
        cordis_rcn=216122,
        cordis_id=785219,
        acronym="GrapheneCore2",
        title="Graphene Flagship Core Project 2",
        programme="H2020",
        programme_part="FET",
        start_date=dt.date(2018, 4, 1),
        end_date=dt.date(2020, 3, 31),
    )
    untitled = Project.objects.create(
        source="h2020_network",
        cordis_rcn=229323,
        programme="H2020",
        programme_part="SC3",
        start_date=dt.date(2016, 5, 1),
        end_date=dt.date(2019, 4, 30),
    )
    for n, (org, pic) in enumerate(
        [
            (world.north_public, "900000001"),
            (italian, italian.pic),
            (world.south_private, "900000003"),
            (None, "900000004"),
        ]
    ):
        Participation.objects.create(
            project=project,
            pic=pic,
            organisation=org,
            role="coordinator" if n == 0 else "participant",
        )
    Participation.objects.create(
        project=untitled, pic="900000001", organisation=world.north_public, role="participant"
    )
    return {"italian": italian, "project": project, "untitled": untitled}


def test_a_member_keeps_its_project_history_with_titles_years_and_earlier_partners(
    world, graphene, client
) -> None:
    html = client.get(world.north_public.get_absolute_url()).content.decode()
    assert "GrapheneCore2: Graphene Flagship Core Project 2" in html
    assert "2018–2020" in html  # noqa: RUF001
    assert "https://cordis.europa.eu/project/id/785219" in html
    # the untitled project is described in words, never by its RCN
    assert "Gesellschaftliche Herausforderung 3: Sichere, saubere und effiziente Energie" in html
    assert "2016–2019" in html  # noqa: RUF001
    assert "229323" not in html and "RCN" not in html
    # the Italian university is named and linked as an earlier partner ...
    assert graphene["italian"].get_absolute_url() in html
    # ... the managers-only firm is not, and the partner without an entry only counted
    assert "Süd Geheim" not in html
    assert "4 Beteiligte" in html


def test_the_page_of_a_history_only_organisation_says_what_it_is(world, graphene, client):
    response = client.get(graphene["italian"].get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "aus der EU-Projekthistorie (CORDIS) bekannt" in html
    assert "in keinem Netzwerk" in html
    # its projects and its partner of the region
    assert "GrapheneCore2" in html
    assert world.north_public.get_absolute_url() in html


def test_a_members_page_says_nothing_of_the_sort(world, graphene, client) -> None:
    html = client.get(world.north_public.get_absolute_url())
    assert "EU-Projekthistorie (CORDIS) bekannt" not in html.content.decode()


# --- The admin's organisation list ----------------------------------------------------------


def admin_names(client, query: str = "") -> list[str]:
    response = client.get("/admin/directory/organisation/" + query)
    assert response.status_code == 200
    return [org.name for org in response.context["cl"].result_list]


def test_the_admin_list_shows_the_members_by_default(world, as_user) -> None:
    CordisOrganisationFactory(name="UNIVERSITA DI BOLOGNA")
    client = as_user(world.root)
    names = admin_names(client)
    assert "UNIVERSITA DI BOLOGNA" not in names
    assert "Nord Keramik GmbH" in names
    html = client.get("/admin/directory/organisation/").content.decode()
    assert "Mitglieder / EU-Projekthistorie" in html or "members / EU project history" in html


def test_the_admin_list_shows_the_history_on_request(world, as_user) -> None:
    CordisOrganisationFactory(name="UNIVERSITA DI BOLOGNA")
    client = as_user(world.root)
    assert admin_names(client, "?history=history") == ["UNIVERSITA DI BOLOGNA"]
    both = admin_names(client, "?history=all")
    assert "UNIVERSITA DI BOLOGNA" in both and "Nord Keramik GmbH" in both


def test_the_admin_can_still_open_a_history_only_organisation(world, as_user) -> None:
    cordis = CordisOrganisationFactory(name="UNIVERSITA DI BOLOGNA")
    response = as_user(world.root).get(f"/admin/directory/organisation/{cordis.pk}/change/")
    assert response.status_code == 200
