"""Every page of issues 4, 10, 11 (privacy), 12 (funding, consortium, projects, with
their API endpoints), 13 (regional statistics, comparison, cooperation network, key
figures) and 14 (the association) against every persona.

Personas (two networks): alice manages North, bob manages South; carla works for the
North SME that asks; ina works for a North institute the need was routed to; otto works
for a North institute it was not routed to; sven works for a South company (an outsider
to North); ``anon`` is the public without login. The issue-12 part at the end adds
``root``, the site administrator. The API has its matrix in
api/tests/test_permissions.py; the pages' finer rules have their own tests next to them.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from nahwerk.accounts import services as account_services
from nahwerk.brokering import services
from nahwerk.brokering.models import Need, NeedStatus, Posting, ReferralResponse
from nahwerk.brokering.tests.conftest import brokering  # noqa: F401
from nahwerk.directory.tests.factories import CordisOrganisationFactory, PersonFactory
from nahwerk.regional.models import Introduction
from nahwerk.regional.tests.conftest import _employment_once, employment  # noqa: F401

pytestmark = pytest.mark.django_db

PERSONAS = ("alice", "bob", "carla", "ina", "otto", "sven", "anon")
ASKER = "Nord Keramik GmbH"
LOGIN = 302  # anonymous visitors are sent to the login page


@pytest.fixture
def scene(brokering) -> dict[str, Any]:  # noqa: F811 (the imported fixture)
    need = brokering.post(Posting.ANONYMOUS)
    services.accept_need(brokering.alice, need)
    services.route_need(brokering.alice, need, [brokering.institute.pk])
    need.refresh_from_db()
    return {"b": brokering, "need": need}


def client_for(scene: dict[str, Any], persona: str) -> Client:
    client = Client()
    if persona != "anon":
        client.force_login(getattr(scene["b"], persona))
    return client


def url(scene: dict[str, Any], name: str) -> str:
    need: Need = scene["need"]
    b = scene["b"]
    special = {
        "search": reverse("matching:search") + "?q=Keramikfilter",
        "invite": reverse("accounts:invite"),
        "password_reset": reverse("accounts:password_reset"),
        "password_change": reverse("accounts:password_change"),
        "sme_profile": b.world.north_public.get_absolute_url(),
        "sme_profile_edit": reverse("directory:edit", kwargs={"slug": b.world.north_public.slug}),
        "institute_profile_edit": reverse("directory:edit", kwargs={"slug": b.institute.slug}),
        "export": reverse("brokering:overview") + "?export=csv",
        "directory": reverse("directory:list"),
        "start": reverse("dashboard:start"),
        "my_data": reverse("privacy:my_data"),
        "my_data_export": reverse("privacy:my_data_export"),
        "data_requests": reverse("privacy:requests"),
        "person_request": reverse("privacy:person_request", args=[b.world.north_contact.pk]),
        "person_export": reverse("privacy:person_export", args=[b.world.north_contact.pk]),
        "audit_log": reverse("privacy:audit_log"),
        "processing": reverse("privacy:processing"),
        "network_processing": reverse("privacy:network_processing", args=[b.world.north.slug]),
        "consortium": reverse("consortium:builder"),
        "membership": reverse("networks:membership", args=[b.world.north.slug]),
        "association": reverse("networks:association", args=[b.world.north.slug]),
        "dues": reverse("networks:dues", args=[b.world.north.slug]) + "?jahr=2026",
        "member_list_pdf": reverse("networks:member_list_pdf", args=[b.world.north.slug]),
        "member_list_xlsx": reverse("networks:member_list_xlsx", args=[b.world.north.slug]),
        "network_page": b.world.north.get_absolute_url(),
        "keyfigures": reverse("reports:dashboard", args=[b.world.north.slug]),
        "keyfigures_pdf": reverse("reports:report_pdf", args=[b.world.north.slug]),
        "keyfigures_xlsx": reverse("reports:report_xlsx", args=[b.world.north.slug]),
        "consortium_north_lead": reverse("consortium:builder")
        + f"?lead={b.world.north_public.pk}&idea=Keramikfilter",
        "cooperation": reverse("regional:cooperation", args=[b.world.north.slug]),
        "cooperation_api": reverse("api:regional_cooperation", args=[b.world.north.slug]),
    }
    if name in special:
        return special[name]
    if name in ("need", "edit"):
        return reverse(f"brokering:{name}", kwargs={"pk": need.pk})
    return reverse(f"brokering:{name}")


#                     alice bob  carla ina  otto sven anon
MATRIX = {
    "search": (200, 200, 200, 200, 200, 200, 200),
    "directory": (200, 200, 200, 200, 200, 200, 200),
    "sme_profile": (200, 200, 200, 200, 200, 200, 200),
    "sme_profile_edit": (200, 403, 200, 403, 403, 403, LOGIN),
    "institute_profile_edit": (200, 403, 403, 200, 403, 403, LOGIN),
    "invite": (200, 200, 403, 403, 403, 403, LOGIN),
    "password_reset": (200, 200, 200, 200, 200, 200, 200),
    "password_change": (200, 200, 200, 200, 200, 200, LOGIN),
    "list": (200, 200, 200, 200, 200, 200, 200),
    "create": (403, 403, 200, 200, 200, 200, LOGIN),
    "need": (200, 404, 200, 200, 404, 404, 404),
    "edit": (200, 404, 403, 403, 404, 404, LOGIN),
    "inbox": (200, 200, 403, 403, 403, 403, LOGIN),
    "overview": (200, 200, 403, 403, 403, 403, LOGIN),
    "export": (200, 200, 403, 403, 403, 403, LOGIN),
    "notifications": (200, 200, 200, 200, 200, 200, LOGIN),
    "start": (200, 200, 200, 200, 200, 200, LOGIN),
    "my_data": (200, 200, 200, 200, 200, 200, LOGIN),
    "my_data_export": (200, 200, 200, 200, 200, 200, LOGIN),
    "data_requests": (200, 200, 403, 403, 403, 403, LOGIN),
    "person_request": (200, 404, 403, 403, 403, 403, LOGIN),
    "person_export": (200, 404, 403, 403, 403, 403, LOGIN),
    "audit_log": (200, 200, 403, 403, 403, 403, LOGIN),
    "processing": (200, 200, 200, 200, 200, 200, 200),
    "network_processing": (200, 200, 200, 200, 200, 200, 200),
    # the consortium builder: a manager leads with any member, a member user only as itself
    "consortium": (200, 200, 200, 200, 200, 200, LOGIN),
    "consortium_north_lead": (200, 400, 200, 400, 400, 400, LOGIN),
    # the association of North: an organisation's own membership page (managers without an
    # organisation have none); the rest for North's managers only
    "membership": (403, 403, 200, 200, 200, 200, LOGIN),
    "association": (200, 403, 403, 403, 403, 403, LOGIN),
    "dues": (200, 403, 403, 403, 403, 403, LOGIN),
    "member_list_pdf": (200, 403, 403, 403, 403, 403, LOGIN),
    "member_list_xlsx": (200, 403, 403, 403, 403, 403, LOGIN),
    # key figures: the public sees the aggregate figures on the network page; the dashboard
    # and the funder report only the network's managers (issue 13, point 5)
    "network_page": (200, 200, 200, 200, 200, 200, 200),
    "keyfigures": (200, 403, 403, 403, 403, 403, LOGIN),
    "keyfigures_pdf": (200, 403, 403, 403, 403, 403, LOGIN),
    "keyfigures_xlsx": (200, 403, 403, 403, 403, 403, LOGIN),
    # North's cooperation network names who works with whom: North's managers only (the
    # API answers an anonymous caller 401, as every API endpoint that needs a user)
    "cooperation": (200, 403, 403, 403, 403, 403, LOGIN),
    "cooperation_api": (200, 403, 403, 403, 403, 403, 401),
}


@pytest.mark.parametrize("page", MATRIX)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_exactly_what_it_may(scene, page, persona) -> None:
    expected = MATRIX[page][PERSONAS.index(persona)]
    response = client_for(scene, persona).get(url(scene, page))
    assert response.status_code == expected, (page, persona)


# Which of the restricted organisations each persona finds in the directory (/organisationen/);
# every public member is listed for all, an organisation known only from EU project history
# for nobody.
#                  alice  bob    carla  ina    otto   sven   anon
DIRECTORY = {
    "Nord Geheim GmbH": (True, False, True, True, True, False, False),  # North, members only
    "Süd Geheim GmbH": (False, True, False, False, False, False, False),  # South, managers only
    "UNIVERSITA DI BOLOGNA": (False, False, False, False, False, False, False),  # CORDIS only
}
PUBLIC_MEMBERS = {"Nord Keramik GmbH", "Süd Metall GmbH", "Institut für Hochtemperaturkeramik"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_finds_exactly_its_organisations_in_the_directory(scene, persona) -> None:
    CordisOrganisationFactory(name="UNIVERSITA DI BOLOGNA")
    response = client_for(scene, persona).get(url(scene, "directory"))
    listed = {entry.organisation.name for entry in response.context["entries"]}
    assert listed >= PUBLIC_MEMBERS, persona
    for name, sees in DIRECTORY.items():
        assert (name in listed) == sees[PERSONAS.index(persona)], (name, persona)


# Which steps each persona may take on the routed anonymous need (POST on its page).
#                 alice bob  carla ina  otto sven anon
STEPS = {
    "accept": (403, 404, 403, 403, 404, 404, 404),  # accepted already: no second triage
    "route": (302, 404, 403, 403, 404, 404, 404),
    "answer": (403, 404, 403, 302, 404, 404, 404),
    "reveal": (403, 404, 302, 403, 404, 404, 404),
    "outcome": (302, 404, 302, 403, 404, 404, 404),
}


def step_data(scene: dict[str, Any], step: str) -> dict[str, Any]:
    b = scene["b"]
    return {
        "accept": {},
        "route": {"route-organisations": [b.second_institute.pk]},
        "answer": {"answer-response": "interested"},
        "reveal": {},
        "outcome": {"outcome-status": "cooperation"},
    }[step] | {"action": step}


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_may_take_exactly_its_steps(scene, step, persona) -> None:
    expected = STEPS[step][PERSONAS.index(persona)]
    need: Need = scene["need"]
    before = list(need.events.values_list("pk", flat=True))
    response = client_for(scene, persona).post(need.get_absolute_url(), step_data(scene, step))
    assert response.status_code == expected, (step, persona)
    after = list(need.events.values_list("pk", flat=True))
    assert (after != before) == (expected == 302)  # a refused step leaves no trace


# Who may withdraw an open invitation alice sent to a contact of carla's organisation (POST).
#          alice bob  carla ina  otto sven anon
WITHDRAW = (302, 404, 403, 403, 403, 403, LOGIN)


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_may_withdraw_exactly_its_invitations(scene, persona) -> None:
    expected = WITHDRAW[PERSONAS.index(persona)]
    b = scene["b"]
    invitation, _, _ = account_services.invite_contact(
        organisation=b.world.north_public, email="nina@nord.example", invited_by=b.alice
    )
    response = client_for(scene, persona).post(
        reverse("accounts:withdraw_invitation", kwargs={"pk": invitation.pk})
    )
    assert response.status_code == expected, persona
    invitation.refresh_from_db()
    assert invitation.is_withdrawn == (persona == "alice")  # a refusal leaves no trace


def test_the_anonymous_asker_is_named_to_nobody_but_the_manager_until_it_agrees(
    scene, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    b, need = scene["b"], scene["need"]
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_referral(b.ina, need, "question", "Welche Temperatur?")
        services.write_message(
            b.carla, need, need.referrals.get(), "Bis 900 °C, wir melden uns gern."
        )
    pages = [url(scene, p) for p in ("list", "need", "notifications", "start")]
    for persona in PERSONAS:
        client = client_for(scene, persona)
        for page in pages:
            body = client.get(page).content.decode()
            if ASKER in body:
                assert persona in ("alice", "carla"), (persona, page)
    assert ASKER in client_for(scene, "alice").get(url(scene, "need")).content.decode()
    for mail in mailoutbox:
        if b.ina.email in mail.to or b.otto.email in mail.to:
            assert ASKER not in mail.subject + mail.body
    services.reveal_asker(b.carla, need)
    body = client_for(scene, "ina").get(url(scene, "need")).content.decode()
    assert ASKER in body
    # still hidden from those the need was not routed to
    for persona in ("bob", "otto", "sven", "anon"):
        assert client_for(scene, persona).get(url(scene, "need")).status_code == 404


# Whose start page shows the routed anonymous need: its network's manager, the asker and
# the institute it was routed to; not bob (South), otto (a North institute it was not
# routed to) or sven. Only the manager and the asker may learn who asks.
#                 alice  bob    carla  ina    otto   sven
SHOWS_NEED = (True, False, True, True, False, False)
MAY_NAME_ASKER = (True, False, True, False, False, False)


@pytest.mark.parametrize("persona", PERSONAS[:-1])
def test_each_start_page_shows_only_the_personas_own_things(scene, persona) -> None:
    from nahwerk.brokering.tests.conftest import NEED_TITLE

    b, need = scene["b"], scene["need"]
    services.answer_referral(b.ina, need, "question", "Welche Temperatur?")
    body = client_for(scene, persona).get(url(scene, "start")).content.decode()
    index = PERSONAS.index(persona)
    assert (NEED_TITLE in body) == SHOWS_NEED[index], persona
    assert MAY_NAME_ASKER[index] or ASKER not in body, persona
    # the institute sees the need as asked anonymously
    if persona == "ina":
        assert "die anfragende Organisation (anonym)" in body


# Who may send an introduction of two North members from the cooperation network (POST).
#            alice bob  carla ina  otto sven anon
INTRODUCE = (302, 403, 403, 403, 403, 403, LOGIN)


@pytest.mark.parametrize("persona", [*PERSONAS, "root"])
def test_each_persona_may_introduce_exactly_its_members(
    scene, persona, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    b = scene["b"]
    PersonFactory(organisation=b.world.north_public, email="kim@nord-keramik.example")
    pair = {"a": b.world.north_public.pk, "b": b.world.north_private.pk}
    client = Client()
    if persona == "root":  # the site administrator manages every network
        client.force_login(b.world.root)
        expected = 302
    else:
        client = client_for(scene, persona)
        expected = INTRODUCE[PERSONAS.index(persona)]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("regional:introduce", args=[b.world.north.slug]), pair)
    assert response.status_code == expected, persona
    sent = persona in ("alice", "root")
    assert Introduction.objects.exists() == sent  # a refusal leaves no trace
    assert len(mailoutbox) == (2 if sent else 0)


@pytest.mark.parametrize("page", ["cooperation", "cooperation_api"])
def test_the_site_administrator_sees_every_cooperation_network(scene, page) -> None:
    client = Client()
    client.force_login(scene["b"].world.root)
    assert client.get(url(scene, page)).status_code == 200


# --- Issue 13: the regional statistics (/regionen/…, /api/regional/…) ---------------------
# The official figures and every aggregate are public; a network's member-level figures
# (members by WZ division, EU projects per district) and its white spots are its managers'
# and the site administrator's (root). North's region is Westerwaldkreis (07143).
REGIONAL_PERSONAS = (*PERSONAS, "root")
COMPARE_NORTH_SOUTH = "?netzwerk=nord&netzwerk=sued"


def regional_url(name: str) -> str:
    return {
        "regional_index": reverse("regional:index"),
        "regional_network": reverse("regional:network", args=["nord"]),
        "regional_district": reverse("regional:district", args=["07143"]),
        "regional_white_spots": reverse("regional:white_spots", args=["nord"]),
        "regional_comparison_choice": reverse("regional:comparison"),
        "regional_comparison": reverse("regional:comparison") + COMPARE_NORTH_SOUTH,
        "regional_comparison_district": reverse("regional:comparison")
        + "?netzwerk=nord&kreis=07132",
        "api_regional_network": reverse("api:regional_network", args=["nord"]),
        "api_regional_district": reverse("api:regional_district", args=["07143"]),
    }[name]


#                              alice bob  carla ina  otto sven anon   root
REGIONAL = {
    "regional_index": (200, 200, 200, 200, 200, 200, 200, 200),
    "regional_network": (200, 200, 200, 200, 200, 200, 200, 200),
    "regional_district": (200, 200, 200, 200, 200, 200, 200, 200),
    "regional_white_spots": (200, 403, 403, 403, 403, 403, LOGIN, 200),
    "regional_comparison_choice": (200, 200, 200, 200, 200, 200, 200, 200),
    "regional_comparison": (200, 200, 200, 200, 200, 200, 200, 200),
    "regional_comparison_district": (200, 200, 200, 200, 200, 200, 200, 200),
    "api_regional_network": (200, 200, 200, 200, 200, 200, 200, 200),
    "api_regional_district": (200, 200, 200, 200, 200, 200, 200, 200),
}
# Who sees North's member-level figures on its region page: its manager and root.
SEES_MEMBER_FIGURES = (True, False, False, False, False, False, False, True)


def regional_client(scene: dict[str, Any], persona: str) -> Client:
    if persona == "root":
        client = Client()
        client.force_login(scene["b"].world.root)
        return client
    return client_for(scene, persona)


@pytest.mark.usefixtures("employment")
@pytest.mark.parametrize("page", REGIONAL)
@pytest.mark.parametrize("persona", REGIONAL_PERSONAS)
def test_each_persona_gets_exactly_its_regional_pages(scene, page, persona) -> None:
    expected = REGIONAL[page][REGIONAL_PERSONAS.index(persona)]
    response = regional_client(scene, persona).get(regional_url(page))
    assert response.status_code == expected, (page, persona)


@pytest.mark.usefixtures("employment")
@pytest.mark.parametrize("persona", REGIONAL_PERSONAS)
def test_only_the_networks_managers_see_its_member_level_figures(scene, persona) -> None:
    sees = SEES_MEMBER_FIGURES[REGIONAL_PERSONAS.index(persona)]
    client = regional_client(scene, persona)
    body = client.get(regional_url("regional_network")).content.decode()
    assert ('id="divisions-table"' in body) == sees, persona
    assert ("/regionen/netzwerke/nord/weisse-flecken/" in body) == sees, persona
    # the comparison is aggregates only: counts, never a member's name
    body = client.get(regional_url("regional_comparison")).content.decode()
    assert 'id="members-table"' in body
    assert "Nord Geheim GmbH" not in body and "Süd Geheim GmbH" not in body, persona


# --- Funding, consortium and projects (issue 12) ------------------------------------------
#
# The same personas plus ``root``, the site administrator. North has its own programme (a
# state programme its manager curates) with a call, beside the EU's public programme and
# call; carla's company leads a North project into which ina's institute is invited; a
# North member and a South member each took part in an EU project from CORDIS.

FUNDING_PERSONAS = ("alice", "bob", "carla", "ina", "otto", "sven", "root", "anon")
NORTH_PROJECT = "Hochtemperaturfilter aus Keramik"
NORTH_CORDIS = "NORTHFILT"
SOUTH_CORDIS = "SOUTHMETAL"


@pytest.fixture
def funding(scene) -> dict[str, Any]:
    import datetime as dt
    from decimal import Decimal

    from nahwerk.funding.choices import FundingLevel
    from nahwerk.funding.models import Call, CallImportJob, Programme
    from nahwerk.projects import services as project_services
    from nahwerk.projects.choices import ParticipantRole
    from nahwerk.projects.models import FieldOfAction, Participation, Project

    b = scene["b"]
    # the routed need has become a cooperation: a project can be made from it
    services.answer_referral(b.ina, scene["need"], ReferralResponse.INTERESTED, "Gern!")
    services.set_outcome(b.alice, scene["need"], NeedStatus.COOPERATION)
    today = dt.date(2026, 12, 3)
    eu = Programme.objects.create(
        name="Horizon Europe",
        funder="European Commission",
        level=FundingLevel.EU,
        source_url="https://ec.europa.eu/",
        checked_on=today,
    )
    north_programme = Programme.objects.create(
        name="Innovationsgutschein Nord",
        funder="Land",
        level=FundingLevel.STATE,
        source_url="https://example.org/gutschein",
        checked_on=today,
        created_by=b.alice,
    )
    north_programme.networks.add(b.world.north)

    def call(programme: Programme, topic: str) -> Call:
        return Call.objects.create(
            programme=programme,
            topic_id=topic,
            title=f"Keramikfilter {topic}",
            description="Keramische Filter für die Heißgasreinigung.",
            deadline=dt.date(2099, 1, 1),
            source_url="https://example.org/" + topic.lower(),
            checked_on=today,
        )

    eu_call = call(eu, "HORIZON-TEST-01")
    north_call = call(north_programme, "NORD-GUTSCHEIN-01")
    job = CallImportJob.objects.create(
        content=b"{}", filename="aufrufe.jsonl", created_by=b.alice, report={}
    )
    project = project_services.create_project(
        user=b.carla,
        data=project_services.ProjectInput(
            title=NORTH_PROJECT,
            networks=(b.world.north,),
            partners=(
                project_services.PartnerInput(b.world.north_public, ParticipantRole.COORDINATOR),
                project_services.PartnerInput(b.institute, ParticipantRole.PARTNER),
            ),
            call=north_call,
        ),
    )
    FieldOfAction.objects.create(network=b.world.north, title="Wasserstoff")
    for acronym, rcn, organisation in (
        (NORTH_CORDIS, 801, b.world.north_public),
        (SOUTH_CORDIS, 802, b.world.south_public),
    ):
        cordis = Project.objects.create(
            source="cordis",
            cordis_rcn=rcn,
            cordis_id=rcn,
            acronym=acronym,
            title=f"{acronym} project",
            start_date=dt.date(2020, 1, 1),
        )
        Participation.objects.create(
            project=cordis,
            pic=f"99900{rcn}",
            organisation=organisation,
            role="participant",
            eu_contribution=Decimal(250000),
        )
    return {
        **scene,
        "eu": eu,
        "north_programme": north_programme,
        "eu_call": eu_call,
        "north_call": north_call,
        "job": job,
        "project": project,
    }


def funding_client(funding: dict[str, Any], persona: str) -> Client:
    client = Client()
    if persona != "anon":
        client.force_login(getattr(funding["b"], persona))
    return client


def funding_url(f: dict[str, Any], name: str) -> str:
    b = f["b"]
    north_programme, north_call, project = f["north_programme"], f["north_call"], f["project"]
    return {
        # the funding catalogue
        "calls": reverse("funding:search"),
        "calls_fit": reverse("funding:search") + "?q=Keramische+Filter+f%C3%BCr+Hei%C3%9Fgas",
        "eu_call": reverse("funding:call", args=[f["eu_call"].pk]),
        "north_call": reverse("funding:call", args=[north_call.pk]),
        "followed": reverse("funding:followed"),
        "deadlines_ics": reverse("funding:deadlines_ics"),
        "calls_for_sme": reverse("funding:organisation_calls", args=[b.world.north_public.slug]),
        "programmes": reverse("funding:programmes"),
        "programme_new": reverse("funding:programme_new"),
        "eu_programme": reverse("funding:programme", args=[f["eu"].pk]),
        "north_programme": reverse("funding:programme", args=[north_programme.pk]),
        "eu_programme_edit": reverse("funding:programme_edit", args=[f["eu"].pk]),
        "north_programme_edit": reverse("funding:programme_edit", args=[north_programme.pk]),
        "north_call_new": reverse("funding:call_new", args=[north_programme.pk]),
        "north_call_edit": reverse("funding:call_edit", args=[north_programme.pk, north_call.pk]),
        "import": reverse("funding:import"),
        "import_preview": reverse("funding:import_preview", args=[f["job"].pk]),
        # the consortium builder
        "consortium": reverse("consortium:builder"),
        "consortium_north_lead": reverse("consortium:builder")
        + f"?lead={b.world.north_public.pk}&idea=Keramikfilter",
        "consortium_north_call": reverse("consortium:builder") + f"?call={north_call.pk}",
        # platform projects
        "projects_overview": reverse("projects:overview"),
        "projects_export_csv": reverse("projects:overview") + "?export=csv",
        "projects_export_xlsx": reverse("projects:overview") + "?export=xlsx",
        "my_projects": reverse("projects:mine"),
        "project_new": reverse("projects:create"),
        "project": reverse("projects:detail", args=[project.pk]),
        "project_edit": reverse("projects:edit", args=[project.pk]),
        "project_notifications": reverse("projects:notifications"),
        "fields_of_action": reverse("projects:fields", args=[b.world.north.slug]),
        # the API
        "api_calls": "/api/funding/calls/",
        "api_eu_call": f"/api/funding/calls/{f['eu_call'].pk}/",
        "api_north_call": f"/api/funding/calls/{north_call.pk}/",
        "api_fit": "/api/funding/fit/?q=Keramische+Filter",
        "api_projects": "/api/projects/",
        "api_project": f"/api/projects/{project.pk}/",
    }[name]


#                          alice bob  carla ina  otto sven root anon
FUNDING_MATRIX = {
    "calls": (200, 200, 200, 200, 200, 200, 200, 200),
    "calls_fit": (200, 200, 200, 200, 200, 200, 200, 200),
    "eu_call": (200, 200, 200, 200, 200, 200, 200, 200),
    # a network's own programme and its calls: for that network's people only
    "north_call": (200, 404, 200, 200, 200, 404, 200, 404),
    # the deadlines an organisation follows: only users who act for an organisation
    "followed": (404, 404, 200, 200, 200, 200, 404, LOGIN),
    "deadlines_ics": (404, 404, 200, 200, 200, 200, 404, LOGIN),
    # "calls for us": the organisation's own people and its network's management
    "calls_for_sme": (200, 404, 200, 404, 404, 404, 200, 404),
    "programmes": (200, 200, 200, 200, 200, 200, 200, 200),
    "programme_new": (200, 200, 403, 403, 403, 403, 200, LOGIN),
    "eu_programme": (200, 200, 200, 200, 200, 200, 200, 200),
    "north_programme": (200, 404, 200, 200, 200, 404, 200, 404),
    # the EU's programme is the site administrator's to change, a network's its manager's
    "eu_programme_edit": (403, 403, 403, 403, 403, 403, 200, LOGIN),
    "north_programme_edit": (200, 404, 403, 403, 403, 403, 200, LOGIN),
    "north_call_new": (200, 404, 403, 403, 403, 404, 200, LOGIN),
    "north_call_edit": (200, 404, 403, 403, 403, 404, 200, LOGIN),
    "import": (200, 200, 403, 403, 403, 403, 200, LOGIN),
    # an upload is seen by the manager who made it (and the site administrator)
    "import_preview": (200, 404, 403, 403, 403, 403, 200, LOGIN),
    # a manager leads with any member, a member user only as itself
    "consortium": (200, 200, 200, 200, 200, 200, 200, LOGIN),
    "consortium_north_lead": (200, 400, 200, 400, 400, 400, 200, LOGIN),
    # North's own call asked for by id: no choice for those who may not see it (see below)
    "consortium_north_call": (200, 200, 200, 200, 200, 200, 200, LOGIN),
    "projects_overview": (200, 200, 403, 403, 403, 403, 200, LOGIN),
    "projects_export_csv": (200, 200, 403, 403, 403, 403, 200, LOGIN),
    "projects_export_xlsx": (200, 200, 403, 403, 403, 403, 200, LOGIN),
    "my_projects": (200, 200, 200, 200, 200, 200, 200, LOGIN),
    "project_new": (200, 200, 200, 200, 200, 200, 200, LOGIN),
    "project": (200, 404, 200, 200, 404, 404, 200, 404),
    "project_edit": (200, 404, 200, 403, 404, 404, 200, LOGIN),
    "project_notifications": (200, 200, 200, 200, 200, 200, 200, LOGIN),
    "fields_of_action": (200, 403, 403, 403, 403, 403, 200, LOGIN),
    "api_calls": (200, 200, 200, 200, 200, 200, 200, 200),
    "api_eu_call": (200, 200, 200, 200, 200, 200, 200, 200),
    "api_north_call": (200, 404, 200, 200, 200, 404, 200, 404),
    "api_fit": (200, 200, 200, 200, 200, 200, 200, 200),
    "api_projects": (200, 200, 200, 200, 200, 200, 200, 200),
    "api_project": (200, 404, 200, 200, 404, 404, 200, 404),
}


@pytest.mark.parametrize("page", FUNDING_MATRIX)
@pytest.mark.parametrize("persona", FUNDING_PERSONAS)
def test_each_persona_gets_exactly_its_funding_and_project_pages(funding, page, persona) -> None:
    expected = FUNDING_MATRIX[page][FUNDING_PERSONAS.index(persona)]
    response = funding_client(funding, persona).get(funding_url(funding, page))
    assert response.status_code == expected, (page, persona)


# Who finds North's own call and North's project where lists are shown: the call search,
# the funding API's list, the consortium builder's and the project form's choice of calls,
# the projects API's list.
#                        alice  bob    carla  ina    otto   sven   root   anon
SEES_NORTH_CALL = (True, False, True, True, True, False, True, False)
SEES_NORTH_PROJECT = (True, False, True, True, False, False, True, False)


@pytest.mark.parametrize("persona", FUNDING_PERSONAS)
def test_a_networks_own_call_and_project_are_listed_only_for_its_people(funding, persona) -> None:
    index = FUNDING_PERSONAS.index(persona)
    client = funding_client(funding, persona)
    title = funding["north_call"].title
    assert (title in client.get(funding_url(funding, "calls")).content.decode()) is (
        SEES_NORTH_CALL[index]
    )
    listed = client.get(funding_url(funding, "api_calls")).json()["results"]
    assert any(c["topic_id"] == "NORD-GUTSCHEIN-01" for c in listed) is SEES_NORTH_CALL[index]
    projects = client.get(funding_url(funding, "api_projects")).json()["results"]
    assert any(p["title"] == NORTH_PROJECT for p in projects) is SEES_NORTH_PROJECT[index]
    if persona == "anon":
        return
    for page in ("consortium", "consortium_north_call", "project_new"):
        body = client.get(funding_url(funding, page)).content.decode()
        assert (title in body) is SEES_NORTH_CALL[index], page


# The manager's overview and its exports: North's platform project and the CORDIS project
# of a North member for North's manager, the South member's CORDIS project for South's;
# a manager of another network sees none of the other's.
#                 platform  north CORDIS  south CORDIS
OVERVIEW = {
    "alice": (True, True, False),
    "bob": (False, False, True),
    "root": (True, True, True),
}


@pytest.mark.parametrize("persona", OVERVIEW)
@pytest.mark.parametrize("page", ["projects_overview", "projects_export_csv"])
def test_a_manager_sees_only_the_projects_of_the_networks_they_manage(
    funding, persona, page
) -> None:
    body = funding_client(funding, persona).get(funding_url(funding, page)).content.decode()
    for name, expected in zip(
        (NORTH_PROJECT, NORTH_CORDIS, SOUTH_CORDIS), OVERVIEW[persona], strict=True
    ):
        assert (name in body) is expected, (persona, page, name)


@pytest.mark.parametrize("persona", OVERVIEW)
def test_the_excel_export_holds_the_same_projects(funding, persona) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    content = funding_client(funding, persona).get(funding_url(funding, "projects_export_xlsx"))
    sheet = load_workbook(BytesIO(content.content)).active
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    for name, expected in zip(
        (NORTH_PROJECT, NORTH_CORDIS, SOUTH_CORDIS), OVERVIEW[persona], strict=True
    ):
        assert (name in cells) is expected, (persona, name)


# Steps by POST: follow a call (for one's organisation), send a call to the fitting members
# (managers), save a consortium as a project (with North's lead and North's call), create a
# project from the routed need (its network's manager), build a consortium by the API.
#                      alice bob  carla ina  otto sven root anon
FUNDING_STEPS = {
    "follow": (403, 404, 302, 302, 302, 404, 403, LOGIN),
    "send": (302, 404, 403, 403, 403, 404, 302, LOGIN),
    # each persona with the lead it would choose; North's call is unknown to bob and sven
    "save_consortium": (302, 400, 302, 302, 302, 400, 302, LOGIN),
    # a member user leads only as its own organisation (the service refuses the rest)
    "save_consortium_led_by_carla": (302, 400, 302, 400, 400, 400, 302, LOGIN),
    "project_from_need": (302, 404, 302, 403, 404, 404, 302, LOGIN),
    "api_consortium": (200, 400, 200, 200, 200, 400, 200, 401),
}


def own_lead(f: dict[str, Any], persona: str) -> int:
    """The lead a persona would choose: its own organisation, or a member of its network."""
    b = f["b"]
    user = getattr(b, persona, None)
    if user is not None and user.organisation_id:
        return int(user.organisation_id)
    return int((b.world.south_public if persona == "bob" else b.world.north_public).pk)


def funding_step(f: dict[str, Any], step: str, persona: str) -> tuple[str, dict[str, Any], bool]:
    """(path, data, as JSON)"""
    b = f["b"]
    north_call = f["north_call"]
    consortium = {
        "title": "Konsortium Heißgasfilter",
        "network": b.world.north.pk,
        "call": north_call.pk,
        "lead": own_lead(f, persona),
        "partner": [b.institute.pk, b.world.north_public.pk],
    }
    return {
        "follow": (reverse("funding:follow", args=[north_call.pk]), {}, False),
        "send": (
            reverse("funding:send", args=[north_call.pk]),
            {"organisations": [b.institute.pk]},
            False,
        ),
        "save_consortium": (reverse("projects:create_from_consortium"), consortium, False),
        "save_consortium_led_by_carla": (
            reverse("projects:create_from_consortium"),
            {**consortium, "lead": b.world.north_public.pk},
            False,
        ),
        "project_from_need": (
            reverse("projects:create_from_need", args=[f["need"].pk]),
            {"partner": b.institute.pk},
            False,
        ),
        "api_consortium": (
            "/api/consortium/",
            {"lead": own_lead(f, persona), "call": north_call.pk},
            True,
        ),
    }[step]


@pytest.mark.parametrize("step", FUNDING_STEPS)
@pytest.mark.parametrize("persona", FUNDING_PERSONAS)
def test_each_persona_may_take_exactly_its_funding_and_project_steps(
    funding, step, persona
) -> None:
    from nahwerk.funding.models import CallFollow, FundingNotification
    from nahwerk.projects.models import Project

    expected = FUNDING_STEPS[step][FUNDING_PERSONAS.index(persona)]
    path, data, as_json = funding_step(funding, step, persona)
    before = (
        CallFollow.objects.count(),
        FundingNotification.objects.count(),
        Project.objects.count(),
    )
    client = funding_client(funding, persona)
    response = (
        client.post(path, data, content_type="application/json")
        if as_json
        else client.post(path, data)
    )
    assert response.status_code == expected, (step, persona, response.content[:300])
    after = (
        CallFollow.objects.count(),
        FundingNotification.objects.count(),
        Project.objects.count(),
    )
    done = expected in (200, 302) and persona != "anon"  # 302 sends the public to log in
    if not done or step == "api_consortium":
        assert after == before, (step, persona)  # a refusal (or a proposal) writes nothing
    else:
        assert after != before, (step, persona)


def test_the_site_administrator_opens_every_association_page(scene) -> None:
    client = Client()
    client.force_login(scene["b"].root)
    for page in ("association", "dues", "member_list_pdf", "member_list_xlsx"):
        assert client.get(url(scene, page)).status_code == 200, page
    # the membership page is an organisation's own; the administrator has none
    assert client.get(url(scene, "membership")).status_code == 403


# The association's steps (POST), and whether each left a trace.
#                      alice bob  carla ina  otto sven anon
ASSOCIATION_STEPS = {
    "apply": (403, 403, 400, 400, 400, 302, LOGIN),  # carla, ina, otto: members already
    "give_notice": (403, 403, 302, 302, 302, 400, LOGIN),  # sven: no membership to end
    "fee_category": (302, 403, 403, 403, 403, 403, LOGIN),
    "create_dues": (302, 403, 403, 403, 403, 403, LOGIN),
    "mark_paid": (302, 403, 403, 403, 403, 403, LOGIN),
    "notice_by_manager": (302, 403, 403, 403, 403, 403, LOGIN),
    "approve": (302, 403, 403, 403, 403, 403, LOGIN),
}


def _association_state() -> list[Any]:
    from nahwerk.networks.models import Dues, DuesCategory, Membership

    return [
        sorted(Membership.objects.values_list("pk", "status", "until", "dues_category")),
        sorted(DuesCategory.objects.values_list("pk", "name")),
        sorted(Dues.objects.values_list("pk", "status", "paid_on")),
    ]


@pytest.mark.parametrize("step", ASSOCIATION_STEPS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_may_take_exactly_its_association_steps(scene, step, persona) -> None:
    from nahwerk.accounts.tests.factories import UserFactory
    from nahwerk.directory.tests.factories import OrganisationFactory
    from nahwerk.networks import association
    from nahwerk.networks.models import Dues, Membership

    b = scene["b"]
    north = b.world.north
    rate = association.save_fee_category(
        manager=b.alice, network=north, name="KMU", yearly_amount=200
    )
    member = Membership.objects.get(network=north, organisation=b.world.north_public)
    association.assign_category(manager=b.alice, membership=member, category=rate)
    association.create_dues_for_year(manager=b.alice, network=north, year=2026)
    dues = Dues.objects.get(membership=member, year=2026)
    applicant = UserFactory(organisation=OrganisationFactory(name="Neu GmbH"))
    application = association.apply_for_membership(user=applicant, network=north)
    # the other members get the category only now: creating the dues has something to add
    Membership.objects.filter(network=north).exclude(pk__in=[member.pk, application.pk]).update(
        dues_category=rate
    )
    page = {
        "apply": url(scene, "membership"),
        "give_notice": url(scene, "membership"),
        "fee_category": url(scene, "association"),
        "create_dues": url(scene, "dues"),
        "mark_paid": url(scene, "dues"),
        "notice_by_manager": url(scene, "association"),
        "approve": url(scene, "association"),
    }[step]
    data = {
        "apply": {"action": "apply", "note": "Wir möchten beitreten."},
        "give_notice": {"action": "notice"},
        "fee_category": {
            "action": "category",
            "category-name": "Hochschule",
            "category-yearly_amount": "0",
        },
        "create_dues": {"action": "create", "year": "2026"},
        "mark_paid": {"action": "paid", "dues": dues.pk, "paid_on": "2026-02-01"},
        "notice_by_manager": {"action": "notice", "membership": member.pk},
        "approve": {"action": "approve", "membership": application.pk, "category": rate.pk},
    }[step]
    before = _association_state()
    response = client_for(scene, persona).post(page, data)
    expected = ASSOCIATION_STEPS[step][PERSONAS.index(persona)]
    assert response.status_code == expected, (step, persona)
    changed = expected == 302 and persona != "anon"  # the public is sent to the login
    assert (_association_state() != before) == changed, (step, persona)
