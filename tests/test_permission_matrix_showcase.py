"""Every page and endpoint of the public competence map (issue 14 part 4) against every
persona of tests/test_permission_matrix.py (alice manages North, bob South; carla, ina and
otto work for North organisations, sven for a South one; ``anon`` has no login).

The map, its data, exports, embed and the sitemap are public for all, and each persona gets
the same content there: what the public may see, never more (a manager's or a member's
login widens nothing). The colours and embed code of North are for North's managers.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from nahwerk.brokering.tests.conftest import brokering  # noqa: F401
from tests.test_permission_matrix import PERSONAS, client_for, scene  # noqa: F401

pytestmark = pytest.mark.django_db

LOGIN = 302


def url(scene: dict[str, Any], name: str) -> str:  # noqa: F811 (the imported fixture's name)
    slug = scene["b"].world.north.slug
    if name == "index":
        return reverse("showcase:index")
    if name == "sitemap":
        return reverse("sitemap")
    if name == "map_filtered":
        return reverse("showcase:map", args=[slug]) + "?kind=sme&wz=C"
    return reverse(f"showcase:{name}", args=[slug])


#                   alice bob  carla ina  otto sven anon
MATRIX = {
    "index": (200, 200, 200, 200, 200, 200, 200),
    "map": (200, 200, 200, 200, 200, 200, 200),
    "map_filtered": (200, 200, 200, 200, 200, 200, 200),
    "map_data": (200, 200, 200, 200, 200, 200, 200),
    "export_geojson": (200, 200, 200, 200, 200, 200, 200),
    "export_csv": (200, 200, 200, 200, 200, 200, 200),
    "embed": (200, 200, 200, 200, 200, 200, 200),
    "embed_script": (200, 200, 200, 200, 200, 200, 200),
    "colours": (200, 200, 200, 200, 200, 200, 200),
    "sitemap": (200, 200, 200, 200, 200, 200, 200),
    "settings": (200, 403, 403, 403, 403, 403, LOGIN),
}

PUBLIC = ("map", "map_data", "export_geojson", "export_csv", "embed")


@pytest.mark.parametrize("page", MATRIX)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_exactly_what_it_may(scene, page, persona) -> None:  # noqa: F811
    expected = MATRIX[page][PERSONAS.index(persona)]
    response = client_for(scene, persona).get(url(scene, page))
    assert response.status_code == expected, (page, persona)


@pytest.mark.parametrize("page", PUBLIC)
@pytest.mark.parametrize("persona", PERSONAS)
def test_a_login_shows_nothing_more_than_the_public_sees(scene, page, persona) -> None:  # noqa: F811
    world = scene["b"].world
    body = client_for(scene, persona).get(url(scene, page)).content.decode("utf-8-sig")
    assert world.north_public.name in body
    # North's members-only organisation, and South's organisations (other network)
    for hidden in (world.north_private, world.south_public, world.south_private):
        assert hidden.name not in body, (page, persona, hidden.name)


def test_the_settings_change_only_for_north_managers(scene) -> None:  # noqa: F811
    from nahwerk.showcase.models import EmbedSettings

    data = {"primary_colour": "#112233", "accent_colour": "#445566", "frame_origins": ""}
    for persona in ("bob", "carla", "sven"):
        response = client_for(scene, persona).post(url(scene, "settings"), data)
        assert response.status_code == 403
    assert client_for(scene, "anon").post(url(scene, "settings"), data).status_code == LOGIN
    assert not EmbedSettings.objects.exists()
    assert client_for(scene, "alice").post(url(scene, "settings"), data).status_code == 302
    assert EmbedSettings.objects.get().primary_colour == "#112233"
