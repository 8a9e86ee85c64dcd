"""Every project page and endpoint against every persona: exactly what each may.

carla's company leads a North project, ina's institute is invited, otto's institute is a
North member outside it; alice manages North, bob South (a manager of another network),
sven works for a South company, ``anon`` is the public.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from nahwerk.brokering.tests.conftest import brokering  # noqa: F401
from nahwerk.projects import services
from nahwerk.projects.choices import ParticipantRole
from nahwerk.projects.models import FieldOfAction, Project
from nahwerk.projects.services import PartnerInput, ProjectInput

pytestmark = pytest.mark.django_db

PERSONAS = ("alice", "bob", "carla", "ina", "otto", "sven", "anon")
LOGIN = 302


@pytest.fixture
def scene(brokering) -> dict[str, Any]:  # noqa: F811
    project = services.create_project(
        user=brokering.carla,
        data=ProjectInput(
            title="Hochtemperaturfilter aus Keramik",
            networks=(brokering.world.north,),
            partners=(
                PartnerInput(brokering.world.north_public, ParticipantRole.COORDINATOR),
                PartnerInput(brokering.institute, ParticipantRole.PARTNER),
            ),
        ),
    )
    FieldOfAction.objects.create(network=brokering.world.north, title="Wasserstoff")
    return {"b": brokering, "project": project}


def client_for(scene: dict[str, Any], persona: str) -> Client:
    client = Client()
    if persona != "anon":
        client.force_login(getattr(scene["b"], persona))
    return client


def url(scene: dict[str, Any], name: str) -> str:
    project: Project = scene["project"]
    return {
        "detail": reverse("projects:detail", args=[project.pk]),
        "edit": reverse("projects:edit", args=[project.pk]),
        "mine": reverse("projects:mine"),
        "create": reverse("projects:create"),
        "overview": reverse("projects:overview"),
        "export": reverse("projects:overview") + "?export=xlsx",
        "fields": reverse("projects:fields", args=[scene["b"].world.north.slug]),
        "notifications": reverse("projects:notifications"),
        "api_detail": reverse("api:project-detail", args=[project.pk]),
        "network_page": scene["b"].world.north.get_absolute_url(),
    }[name]


#                alice bob  carla ina  otto sven anon
MATRIX = {
    "detail": (200, 404, 200, 200, 404, 404, 404),
    "edit": (200, 404, 200, 403, 404, 404, LOGIN),
    "mine": (200, 200, 200, 200, 200, 200, LOGIN),
    "create": (200, 200, 200, 200, 200, 200, LOGIN),
    "overview": (200, 200, 403, 403, 403, 403, LOGIN),
    "export": (200, 200, 403, 403, 403, 403, LOGIN),
    "fields": (200, 403, 403, 403, 403, 403, LOGIN),
    "notifications": (200, 200, 200, 200, 200, 200, LOGIN),
    "api_detail": (200, 404, 200, 200, 404, 404, 404),
    "network_page": (200, 200, 200, 200, 200, 200, 200),
}


@pytest.mark.parametrize("page", MATRIX)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_exactly_what_it_may(scene, page, persona) -> None:
    expected = MATRIX[page][PERSONAS.index(persona)]
    response = client_for(scene, persona).get(url(scene, page))
    assert response.status_code == expected, (page, persona)


# Who finds the project in the API's list, in "my projects" and in the overview.
SEES_PROJECT = (True, False, True, True, False, False, False)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_project_is_listed_for_exactly_those_who_may_see_it(scene, persona) -> None:
    expected = SEES_PROJECT[PERSONAS.index(persona)]
    client = client_for(scene, persona)
    listed = client.get(reverse("api:project-list")).json()
    assert any(p["title"] == "Hochtemperaturfilter aus Keramik" for p in listed["results"]) is (
        expected
    )
    if persona in ("alice", "bob"):
        export = client.get(reverse("projects:overview") + "?export=csv").content.decode()
        assert ("Hochtemperaturfilter aus Keramik" in export) is expected


STEPS = {
    # who may take which step on the project's page (POST), by persona
    "accept": (403, 404, 403, 302, 404, 404, 404),
    "status": (302, 404, 302, 403, 404, 404, 404),
    "fields": (302, 404, 403, 403, 404, 404, 404),
}


def step_data(scene: dict[str, Any], step: str) -> dict[str, Any]:
    field = FieldOfAction.objects.get()
    return {
        "accept": {"action": "accept"},
        "status": {"action": "status", "status-status": "forming"},
        "fields": {"action": "fields", "fields-fields_of_action": [field.pk]},
    }[step]


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_may_take_exactly_its_steps(scene, step, persona) -> None:
    expected = STEPS[step][PERSONAS.index(persona)]
    response = client_for(scene, persona).post(url(scene, "detail"), step_data(scene, step))
    assert response.status_code == expected, (step, persona)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_networks_manager_edits_its_fields_of_action(scene, persona) -> None:
    expected = (302, 403, 403, 403, 403, 403, LOGIN)[PERSONAS.index(persona)]
    response = client_for(scene, persona).post(
        url(scene, "fields"),
        {"action": "field", "field-title": "Fachkräfte", "field-order": 2},
    )
    assert response.status_code == expected
    assert FieldOfAction.objects.filter(title="Fachkräfte").exists() is (persona == "alice")
