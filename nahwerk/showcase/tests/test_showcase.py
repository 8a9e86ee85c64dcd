"""The competence map of a network: what it shows, its filters, exports and embed."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from nahwerk.showcase import services
from nahwerk.showcase.models import EmbedSettings
from nahwerk.showcase.tests.conftest import Scene, assert_nothing_hidden

pytestmark = pytest.mark.django_db


def get(client: Client, name: str, scene: Scene, query: str = "", **headers: Any) -> Any:
    url = reverse(f"showcase:{name}", args=[scene.world.north.slug])
    return client.get(url + query, **headers)


def test_the_map_lists_the_public_organisations_with_their_public_texts_only(
    client: Client, scene: Scene
) -> None:
    response = get(client, "map", scene)
    html = response.content.decode()
    assert response.status_code == 200
    for org in (scene.ceramics, scene.metal, scene.institute):
        assert org.name in html
    assert "Laserschneiden und Schweißen" in html
    assert "Rasterelektronenmikroskop" in html
    assert "23.44" in html
    assert_nothing_hidden(html, scene)


def test_the_list_is_rendered_without_javascript(client: Client, scene: Scene) -> None:
    html = get(client, "map", scene).content.decode()
    assert html.count('class="showcase-entry"') == 3
    assert 'data-geojson-url="/kompetenzen/nord/karte.geojson"' in html


def test_the_map_data_is_compact_geojson_cached_per_data_version(
    client: Client, scene: Scene, django_assert_max_num_queries: Any
) -> None:
    first = get(client, "map_data", scene)
    data = json.loads(first.content)
    assert {f["properties"]["name"] for f in data["features"]} == {
        scene.ceramics.name,
        scene.metal.name,
        scene.institute.name,
    }
    assert set(data["features"][0]["properties"]) == {"name", "slug", "kind", "place"}
    assert_nothing_hidden(first.content.decode(), scene)
    etag = first["ETag"]
    assert get(client, "map_data", scene, HTTP_IF_NONE_MATCH=etag).status_code == 304
    # served from the cache: the version's few queries, not the entries'
    with django_assert_max_num_queries(4):
        assert get(client, "map_data", scene).content == first.content
    # a change of a profile is a new version with the new data
    scene.institute.name = "Institut für Werkstoffprüfung und Sensorik"
    scene.institute.save()
    second = get(client, "map_data", scene)
    assert second["ETag"] != etag
    assert b"Sensorik" in second.content


def test_an_organisation_that_stops_being_public_leaves_the_map_and_the_exports(
    client: Client, scene: Scene
) -> None:
    assert scene.metal.name in get(client, "export_csv", scene).content.decode()
    scene.metal.visibility = "members"
    scene.metal.save()
    for name in ("map", "map_data", "export_csv", "export_geojson"):
        assert scene.metal.name not in get(client, name, scene).content.decode()


def test_the_exports_carry_the_licence_and_only_public_fields(client: Client, scene: Scene) -> None:
    response = get(client, "export_csv", scene)
    text = response.content.decode("utf-8-sig")
    assert "attachment" in response["Content-Disposition"]
    assert text.startswith("# ")
    assert "CC BY 4.0" in text.splitlines()[0]
    rows = list(csv.DictReader(io.StringIO("\n".join(text.splitlines()[1:]))))
    assert {row["name"] for row in rows} == {
        scene.ceramics.name,
        scene.metal.name,
        scene.institute.name,
    }
    metal = next(row for row in rows if row["name"] == scene.metal.name)
    assert metal["equipment"] == "" and metal["offers"] == ""
    assert metal["competences"].startswith("Laserschneiden")
    assert_nothing_hidden(text, scene)

    geojson = json.loads(get(client, "export_geojson", scene).content)
    assert geojson["license"] == "CC BY 4.0"
    assert scene.world.north.name in geojson["attribution"]
    assert len(geojson["features"]) == 3
    assert_nothing_hidden(json.dumps(geojson, ensure_ascii=False), scene)


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("?kind=research_institute", {"institute"}),
        ("?wz=23.44", {"ceramics"}),
        ("?wz=C", {"ceramics", "metal"}),
        ("?wz=25", {"metal"}),
        ("?district=07132", {"institute"}),
        ("?kind=sme&district=07143", {"ceramics", "metal"}),
        ("?kind=university", set()),
    ],
)
def test_the_filters_narrow_the_list_and_the_map(
    client: Client, scene: Scene, query: str, shown: set[str]
) -> None:
    expected = {getattr(scene, name).name for name in shown}
    html = get(client, "map", scene, query).content.decode()
    listed = {
        org.name for org in (scene.ceramics, scene.metal, scene.institute) if org.name in html
    }
    assert listed == expected
    data = json.loads(get(client, "map_data", scene, query).content)
    assert {f["properties"]["name"] for f in data["features"]} == expected


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?wz=99.99", "„99.99“ ist kein WZ-2008-Code."),
        ("?wz=" + "9" * 20, "ist kein WZ-2008-Code."),
        ("?district=09162", "„09162“ ist keine der Auswahlmöglichkeiten."),
        ("?kind=bank", "„bank“ ist keine der Auswahlmöglichkeiten."),
        ("?q=" + "Keramik " * 40, "höchstens 200 Zeichen"),
        ("?page=x", "page"),
    ],
)
def test_bad_filters_are_named_not_a_server_error(
    client: Client, scene: Scene, query: str, message: str
) -> None:
    response = get(client, "map", scene, query)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert scene.ceramics.name not in html  # nothing listed under a wrong filter
    if not query.startswith("?page"):
        data_response = get(client, "map_data", scene, query)
        assert data_response.status_code == 400
        assert "errors" in json.loads(data_response.content)


def test_the_embed_may_be_framed_by_other_websites_but_the_map_page_not(
    client: Client, scene: Scene
) -> None:
    page = get(client, "map", scene)
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    embed = get(client, "embed", scene)
    assert "X-Frame-Options" not in embed
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    assert "script-src 'self'" in embed["Content-Security-Policy"]
    EmbedSettings.objects.create(
        network=scene.world.north, frame_origins="https://www.westerwaldkreis.de"
    )
    embed = get(client, "embed", scene)
    assert "frame-ancestors https://www.westerwaldkreis.de" in embed["Content-Security-Policy"]


def test_the_embed_script_frames_the_embed_page(client: Client, scene: Scene) -> None:
    response = get(client, "embed_script", scene)
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    assert '"http://testserver/kompetenzen/nord/einbetten/"' in body
    assert 'createElement("iframe")' in body


def test_the_network_colours_come_as_a_stylesheet(client: Client, scene: Scene) -> None:
    assert "#1f5fa8" in get(client, "colours", scene).content.decode()
    EmbedSettings.objects.create(network=scene.world.north, primary_colour="#8a3b12")
    css = get(client, "colours", scene).content.decode()
    assert "--showcase-primary: #8a3b12" in css


def test_the_manager_sets_the_colours_and_gets_the_code(
    client: Client, scene: Scene, as_user: Any
) -> None:
    manager = as_user(scene.world.alice)
    page = get(manager, "settings", scene)
    assert "einbetten.js" in page.content.decode()
    assert "&lt;iframe" in page.content.decode()
    url = reverse("showcase:settings", args=["nord"])
    bad = manager.post(url, {"primary_colour": "rot", "accent_colour": "#000000"})
    assert bad.status_code == 400
    assert not EmbedSettings.objects.exists()
    bad = manager.post(
        url,
        {"primary_colour": "#112233", "accent_colour": "#000000", "frame_origins": "javascript:x"},
    )
    assert "„javascript:x“" in bad.content.decode()
    assert not EmbedSettings.objects.exists()
    manager.post(
        url,
        {
            "primary_colour": "#112233",
            "accent_colour": "#445566",
            "frame_origins": "https://www.Neuwied.de/\n\nhttps://www.westerwaldkreis.de",
        },
    )
    saved = EmbedSettings.objects.get()
    assert saved.primary_colour == "#112233"
    assert saved.origins == ["https://www.neuwied.de", "https://www.westerwaldkreis.de"]


def test_organisation_pages_carry_schema_org_markup_of_public_texts(
    client: Client, scene: Scene
) -> None:
    html = client.get(scene.metal.get_absolute_url()).content.decode()
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    data = json.loads(html[start : html.index("</script>", start)])
    assert data["@type"] == "Organization"
    assert data["name"] == scene.metal.name
    assert data["knowsAbout"] == ["Laserschneiden und Schweißen von Edelstahl"]
    assert "Interne" not in json.dumps(data)


def test_the_markup_cannot_close_its_script_element(scene: Scene) -> None:
    from django.template import Context, Template

    scene.ceramics.competences = "</script><script>alert(1)</script>"
    scene.ceramics.save()
    html = Template("{% load showcase %}{% organisation_jsonld org %}").render(
        Context({"org": scene.ceramics})
    )
    assert html.count("</script>") == 1
    assert "\\u003C/script\\u003E" in html


def test_the_sitemap_names_public_pages_only(client: Client, scene: Scene) -> None:
    xml = client.get("/sitemap.xml").content.decode()
    assert "/kompetenzen/nord/" in xml
    assert scene.ceramics.get_absolute_url() in xml
    assert scene.world.north.get_absolute_url() in xml
    assert scene.hidden.get_absolute_url() not in xml
    assert scene.world.south_private.get_absolute_url() not in xml


def test_every_entry_is_checked_against_the_database(scene: Scene) -> None:
    # the same rule the browser test applies to the page: public records, public fields
    for entry in services.entries(services.public_organisations(scene.world.north)):
        org = type(scene.ceramics).objects.get(pk=entry.pk)
        assert org.visibility == "public"
        for field in services.SHOWN_TEXTS:
            if org.field_visibility(field) != "public":
                assert getattr(entry, field) == ""


def test_a_former_member_is_not_shown_as_the_regions(client: Client, scene: Scene) -> None:
    membership = scene.metal.memberships.get()
    membership.status = "ended"
    membership.save()
    for name in ("map", "map_data", "export_csv"):
        assert scene.metal.name not in get(client, name, scene).content.decode()


def test_a_transaction_of_many_changes_bumps_the_version_once(scene: Scene) -> None:
    from django.db import connection

    def bumps() -> int:
        return sum(1 for entry in connection.run_on_commit if entry[1] is services.bump_version)

    for org in (scene.ceramics, scene.metal, scene.institute):
        org.save()
    scene.metal.industry_codes.clear()
    # the test runs in one transaction, as an import does
    assert bumps() == 1


def test_competences_entered_one_per_line_stay_apart_in_the_list(
    client: Client, scene: Scene
) -> None:
    scene.metal.competences = "Laserschneiden\nAbkanten bis 4 m\n\nPulverbeschichten"
    scene.metal.save()
    html = get(client, "map", scene).content.decode()
    assert "Laserschneiden · Abkanten bis 4 m · Pulverbeschichten" in html
