"""The consortium builder on the platform: service, page and API, with their permissions."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from nahwerk.directory.tests.factories import OrganisationFactory
from nahwerk.funding.consortium import (
    ConsortiumError,
    build_consortium,
    history_themes,
    lead_choices,
    parse_competences,
)
from nahwerk.funding.tests.consortium_fixtures import FILTERS, SENSORS, make_setting
from nahwerk.matching import services

pytestmark = pytest.mark.django_db

URL = "/foerderung/konsortium/"


@pytest.fixture
def setting(world: Any, matching_index: Path) -> dict[str, Any]:
    return make_setting(world)


def names(proposal: Any) -> set[str]:
    return {p.name for p in proposal.team.partners}


# --- Service ---------------------------------------------------------------------------------


def test_a_manager_gets_a_team_covering_the_competences_and_the_rules(world, setting) -> None:
    proposal = build_consortium(
        user=world.alice,
        lead=setting["lead"],
        call=setting["call"],
        competences=parse_competences(f"{SENSORS}\n{FILTERS}"),
    )
    team = proposal.team
    assert team.uncovered == ()
    # the sensor competence goes to the network member near the lead, not to the French one
    assert team.roles[0].member.name == "Nord Sensorik GmbH"
    assert team.roles[0].member.in_network
    # three countries: the rule brings the French sensor company in
    assert team.rules_met, team.checks
    assert set(team.countries) == {"DE", "FR", "IT"}
    assert {"CAPTEURS INDUSTRIELS SA", "UNIVERSITA DELLA CERAMICA"} <= names(proposal)
    assert proposal.network == world.north
    # no filler: the metal company of the other network fits neither competence
    assert "Süd Metall GmbH" not in names(proposal)


def test_an_unmet_rule_is_reported(world, setting) -> None:
    setting["french"].delete()
    setting["italian"].delete()
    services.rebuild_index()
    proposal = build_consortium(
        user=world.alice,
        lead=setting["lead"],
        call=setting["call"],
        competences=parse_competences(SENSORS),
    )
    assert not proposal.team.rules_met
    countries = next(c for c in proposal.team.checks if c.rule == "min_countries")
    assert countries.achieved == 1 and countries.required == 3


def test_a_manager_of_another_network_cannot_build_with_our_member_as_lead(world, setting) -> None:
    assert not lead_choices(world.bob).filter(pk=setting["lead"].pk).exists()
    with pytest.raises(PermissionDenied):
        build_consortium(user=world.bob, lead=setting["lead"], idea=SENSORS)


def test_a_member_user_leads_only_with_their_own_organisation(world, setting) -> None:
    assert list(lead_choices(world.carla)) == [setting["lead"]]
    build_consortium(user=world.carla, lead=setting["lead"], idea=SENSORS)
    with pytest.raises(PermissionDenied):
        build_consortium(user=world.carla, lead=setting["sensor"], idea=SENSORS)


def test_without_call_and_idea_the_idea_field_is_named(world, setting) -> None:
    with pytest.raises(ConsortiumError) as caught:
        build_consortium(user=world.alice, lead=setting["lead"])
    assert caught.value.field == "idea"


def test_competences_are_proposed_from_the_call_when_none_are_named(world, setting) -> None:
    proposal = build_consortium(user=world.alice, lead=setting["lead"], call=setting["call"])
    assert proposal.competences and all(c.proposed for c in proposal.competences)


def test_a_call_prepared_by_the_worker_is_built_without_embedding_anything(
    world, setting, monkeypatch
) -> None:
    from nahwerk.funding.consortium import prepare_call_consortia

    model = services.get_embedder()  # the tests' model (vectors kept on disk)
    embedded: list[str] = []

    class Recording:
        name, dim = model.name, model.dim
        parts = getattr(model, "parts", None)
        passage_embedder = getattr(model, "passage_embedder", None)

        def embed(self, texts):
            embedded.extend(texts)
            return model.embed(texts)

    def new_process() -> None:
        """A process of its own: empty memory, the same database (the shared cache)."""
        monkeypatch.setattr(services, "default_embedder", lambda: Recording())
        monkeypatch.setattr(services, "_embedder", None)
        services.index_cache.clear()

    new_process()  # the worker, after the import
    assert prepare_call_consortia([setting["call"]]) >= 1
    worker = list(embedded)
    assert worker

    new_process()  # a web process
    embedded.clear()
    proposal = build_consortium(user=world.alice, lead=setting["lead"], call=setting["call"])
    assert proposal.competences
    assert not any(c.search_text in embedded for c in proposal.competences)


def test_horizon_europe_clusters_map_to_the_history_programme_parts(setting) -> None:
    assert history_themes(setting["call"]) == ("LEIT",)


@pytest.mark.parametrize("text", ["\n".join(f"Kompetenz {i}" for i in range(7)), "!!!", "x" * 301])
def test_bad_competence_lists_are_refused_naming_the_field(text: str) -> None:
    with pytest.raises(ConsortiumError) as caught:
        parse_competences(text)
    assert caught.value.field == "competences"


# --- Page ------------------------------------------------------------------------------------


def params(setting: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "call": setting["call"].pk,
        "lead": setting["lead"].pk,
        "competences": f"{SENSORS}\n{FILTERS}",
        **extra,
    }


def test_anonymous_visitors_are_sent_to_the_login(client, setting) -> None:
    response = client.get(URL, params(setting))
    assert response.status_code == 302
    assert "/konto/" in response["Location"]


def test_a_user_without_network_or_organisation_is_refused(client, setting) -> None:
    from nahwerk.accounts.tests.factories import UserFactory

    client.force_login(UserFactory(username="nobody"))
    assert client.get(URL).status_code == 403


def test_the_page_shows_the_team_explained_and_the_save_form(as_user, world, setting) -> None:
    response = as_user(world.alice).get(URL, params(setting))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nord Sensorik GmbH" in html and "CAPTEURS INDUSTRIELS SA" in html
    assert "Süd Metall GmbH" not in html
    assert 'action="/projekte/neu/aus-konsortium/"' in html
    assert f'name="lead" value="{setting["lead"].pk}"' in html
    assert f'name="network" value="{world.north.pk}"' in html
    assert f'name="partner" value="{setting["sensor"].pk}"' in html
    assert f'name="role_{setting["sensor"].pk}" value="{SENSORS}"' in html


@pytest.fixture
def second_sensor(setting: dict[str, Any]) -> Any:
    """Another sensor company outside the team: an alternative for the sensor role."""
    org = OrganisationFactory(
        name="Westerwald Messtechnik GmbH",
        postcode="56203",
        description="Sensoren und Messtechnik zur Überwachung von Industrieöfen.",
    )
    services.rebuild_index()
    return org


def test_swapping_a_partner_follows_a_plain_link(as_user, world, setting, second_sensor) -> None:
    client = as_user(world.alice)
    html = client.get(URL, params(setting)).content.decode()
    swap = re.search(r'href="([^"]*use=1%3A(\d+)[^"]*)"', html)
    assert swap, "the sensor role has an alternative to swap in"
    alternative = int(swap.group(2))
    after = client.get(swap.group(1).replace("&amp;", "&"))
    assert after.status_code == 200
    team = after.context["proposal"].team
    assert team.roles[0].member.organisation_id == alternative
    assert team.roles[0].chosen_by_user


def test_a_manager_of_another_network_gets_a_form_error_for_our_lead(
    as_user, world, setting
) -> None:
    response = as_user(world.bob).get(URL, params(setting))
    assert response.status_code == 400
    assert "lead" in response.context["form"].errors
    assert "Nord Sensorik GmbH" not in response.content.decode()


def test_a_swap_to_an_organisation_that_does_not_fit_is_refused(as_user, world, setting) -> None:
    response = as_user(world.alice).get(URL, params(setting, use=f"1:{world.south_public.pk}"))
    assert response.status_code == 400
    assert "swap" not in response.context["form"].fields
    assert response.context["form"].non_field_errors()


def test_save_form_posts_to_projects_create_from_consortium(as_user, world, setting) -> None:
    """The save form posts to the projects app's view that creates the project."""
    target = reverse("projects:create_from_consortium")
    html = as_user(world.alice).get(URL, params(setting)).content.decode()
    assert f'action="{target}"' in html


def test_the_saved_team_becomes_a_forming_project_with_invited_partners(
    as_user, world, setting
) -> None:
    """The builder's save form, posted as the browser would, creates the project."""
    from nahwerk.projects.choices import ProjectStatus
    from nahwerk.projects.models import Project

    client = as_user(world.alice)
    html = client.get(URL, params(setting)).content.decode()
    form = html[html.index('action="/projekte/neu/aus-konsortium/"') :]
    form = form[: form.index("</form>")]
    fields: list[tuple[str, str]] = re.findall(
        r'<input type="(?:hidden|text)"[^>]*name="([^"]+)" value="([^"]*)"', form
    )
    data: dict[str, Any] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    response = client.post(reverse("projects:create_from_consortium"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    project = Project.objects.get(title=data["title"][0])
    assert project.status == ProjectStatus.CONSORTIUM_FORMING
    partners = set(project.participations.values_list("organisation_id", flat=True))
    assert {setting["lead"].pk, setting["sensor"].pk} <= partners


# --- API -------------------------------------------------------------------------------------


def api_body(setting: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "call": setting["call"].pk,
        "lead": setting["lead"].pk,
        "competences": [SENSORS, FILTERS],
        **extra,
    }


def test_the_api_returns_the_team(as_user, world, setting) -> None:
    response = as_user(world.alice).post(
        "/api/consortium/", api_body(setting), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["rules_met"] is True
    assert data["roles"][0]["member"]["name"] == "Nord Sensorik GmbH"
    assert data["roles"][0]["member"]["in_network"] is True
    assert setting["french"].pk in data["partners"]


def test_the_api_swaps_a_role(as_user, world, setting, second_sensor) -> None:
    client = as_user(world.alice)
    first = client.post("/api/consortium/", api_body(setting), content_type="application/json")
    alternative = first.json()["roles"][0]["alternatives"][0]["organisation"]
    swapped = client.post(
        "/api/consortium/",
        api_body(setting, swaps={"1": alternative}),
        content_type="application/json",
    )
    assert swapped.json()["roles"][0]["member"]["organisation"] == alternative


def test_the_api_needs_a_login(client, setting) -> None:
    response = client.post("/api/consortium/", api_body(setting), content_type="application/json")
    assert response.status_code in (401, 403)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"lead": None}, "lead"),
        ({"call": None, "idea": ""}, "idea"),
        ({"call": 999999}, "call"),
        ({"competences": [f"K {i}" for i in range(7)]}, "competences"),
        ({"swaps": {"x": 3}}, "swaps"),
    ],
)
def test_bad_api_input_is_a_400_naming_the_field(as_user, world, setting, change, field) -> None:
    body = {k: v for k, v in {**api_body(setting), **change}.items() if v is not None}
    response = as_user(world.alice).post("/api/consortium/", body, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()


def test_the_api_refuses_a_lead_of_another_network(as_user, world, setting) -> None:
    response = as_user(world.bob).post(
        "/api/consortium/", api_body(setting), content_type="application/json"
    )
    assert response.status_code == 400
    assert "lead" in response.json()


def test_wording_that_recurs_across_the_catalogue_is_never_a_competence(setting) -> None:
    from nahwerk.funding.consortium import call_keywords, common_sentences, proposed_competences

    standard = (
        "Particular efforts should be made to ensure that the data produced in the "
        "context of this topic is findable and re-usable."
    )
    call = setting["call"]
    for n, variant in enumerate(("brick", "stone", "timber")):
        type(call).objects.create(
            programme=call.programme,
            topic_id=f"HORIZON-TEST-{n}",
            title=f"Topic {n}",
            description=f"Projects develop new coatings for {variant} facades. {standard}",
            deadline=call.deadline,
            source_url="https://example.org/",
            checked_on=call.checked_on,
        )
    common_sentences.clear()
    text = f"{call.description} {standard}"
    assert standard not in [c.query for c in proposed_competences(text)]
    assert call_keywords(type(call)(keywords="Circular economy, Ecodesign, , Ecodesign")) == (
        "Circular economy",
        "Ecodesign",
    )
