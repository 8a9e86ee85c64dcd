"""An anonymous need's asker is named only to the manager and the asker until it agrees.

The raw text of every response is searched, so the name cannot slip out through a field
nobody thought of: the timeline, the authors of messages, the referrals, a step's answer.
"""

from __future__ import annotations

from typing import Any

import pytest

from nahwerk.brokering import services

pytestmark = pytest.mark.django_db

NEED_PATHS = ("", "referrals/", "timeline/", "messages/", "matches/")


def traces(world: Any) -> list[str]:
    """What would give the asker away: its name and slug, the name of the user who posted."""
    carla = world.carla
    return [
        world.north_public.name,
        world.north_public.slug,
        carla.username,
        carla.email,
    ]


def responses(api: Any, who: str, need: Any) -> list[Any]:
    client = api(who)
    found = [client.get(f"/api/needs/{need.pk}/{path}") for path in NEED_PATHS]
    # the list, narrowed to the anonymous need (carla's other needs name her, rightly)
    found.append(client.get("/api/needs/", {"status": "routed"}))
    return found


@pytest.fixture
def lively(world: Any, needs: Any, people: dict[str, Any]) -> Any:
    """The anonymous need after the asker edited it, answers, messages both ways."""
    need = needs.anonymous
    referral = need.referrals.get()
    services.edit_need(world.alice, need, {"description": "Etwas genauer beschrieben."})
    services.answer_referral(people["dora"], need, "question", "Welche Temperatur?")
    services.write_message(world.carla, need, referral, "Bis 900 °C, Grüße aus dem Norden")
    services.write_message(world.alice, need, referral, "Ich vermittle gern.")
    need.refresh_from_db()
    return need


def test_routed_and_other_organisations_never_see_the_asker(
    api: Any, world: Any, lively: Any
) -> None:
    for who in ("anonymous", "dora", "sven", "bob"):
        for response in responses(api, who, lively):
            text = response.content.decode()
            for trace in traces(world):
                assert trace not in text, (who, response.wsgi_request.path, trace)

    shown = api("dora").get(f"/api/needs/{lively.pk}/").json()
    assert shown["asker"] is None
    assert shown["anonymous"] is True
    thread = api("dora").get(f"/api/needs/{lively.pk}/messages/").json()[0]
    authors = [m["author"] for m in thread["messages"]]
    assert authors == [
        "Nord Geheim GmbH",
        "the asking organisation (anonymous)",
        "network management",
    ]
    actors = {e["actor"] for e in api("dora").get(f"/api/needs/{lively.pk}/timeline/").json()}
    assert "the asking organisation (anonymous)" in actors


def test_the_answers_to_steps_do_not_name_the_asker_either(
    api: Any, world: Any, needs: Any
) -> None:
    need = needs.anonymous
    referral = need.referrals.get()
    dora = api("dora")
    for response in (
        dora.post(f"/api/needs/{need.pk}/answer/", {"response": "interested"}, format="json"),
        dora.post(
            f"/api/needs/{need.pk}/messages/",
            {"referral": referral.pk, "body": "Wir können helfen."},
            format="json",
        ),
    ):
        assert response.status_code in (200, 201), response.content
        for trace in traces(world):
            assert trace not in response.content.decode()


def test_the_manager_and_the_asker_see_it(api: Any, world: Any, lively: Any) -> None:
    for who in ("alice", "root", "carla"):
        shown = api(who).get(f"/api/needs/{lively.pk}/").json()
        assert shown["asker"]["name"] == world.north_public.name
        assert shown["anonymous"] is True  # still hidden from the others


def test_after_the_reveal_the_routed_organisation_sees_it(
    api: Any, world: Any, lively: Any
) -> None:
    forbidden = api("dora").post(f"/api/needs/{lively.pk}/reveal/")
    assert forbidden.status_code == 403
    assert api("dora").get(f"/api/needs/{lively.pk}/").json()["asker"] is None

    revealed = api("carla").post(f"/api/needs/{lively.pk}/reveal/")
    assert revealed.status_code == 200
    assert revealed.json()["anonymous"] is False

    shown = api("dora").get(f"/api/needs/{lively.pk}/").json()
    assert shown["asker"] == {
        "id": world.north_public.pk,
        "slug": world.north_public.slug,
        "name": world.north_public.name,
    }
    timeline = api("dora").get(f"/api/needs/{lively.pk}/timeline/").json()
    assert timeline[-1]["kind"] == "revealed"
    assert world.north_public.name in timeline[-1]["text"]
    # people outside the need still do not see it at all
    for who in ("sven", "bob", "anonymous"):
        assert api(who).get(f"/api/needs/{lively.pk}/").status_code == 404


def test_editing_the_posting_does_not_reveal_the_asker(api: Any, needs: Any) -> None:
    pk = needs.anonymous.pk
    response = api("alice").patch(f"/api/needs/{pk}/", {"posting": "network"}, format="json")
    assert response.status_code == 400
    assert "posting" in response.json()
    assert api("dora").get(f"/api/needs/{pk}/").json()["asker"] is None
