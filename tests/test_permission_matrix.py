"""Every page of issues 4, 10, 11 (privacy), 12 (consortium) and 13 (cooperation network)
against every persona.

Personas (two networks): alice manages North, bob manages South; carla works for the
North SME that asks; ina works for a North institute the need was routed to; otto works
for a North institute it was not routed to; sven works for a South company (an outsider
to North); ``anon`` is the public without login. The API has its matrix in
api/tests/test_permissions.py; the pages' finer rules have their own tests next to them.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from nahwerk.accounts import services as account_services
from nahwerk.brokering import services
from nahwerk.brokering.models import Need, Posting
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
