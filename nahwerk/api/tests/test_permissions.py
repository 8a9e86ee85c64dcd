"""Every endpoint for every persona: each gets exactly what the pages would give it.

``carla`` asks (North's public organisation), ``dora`` works for the organisation the
anonymous need was routed to, ``sven`` for a South member, ``alice`` manages North,
``bob`` manages South, ``root`` administers the site. 404: the record is hidden from the
persona; 403: visible, but the step is not theirs; 401: no user.
"""

from __future__ import annotations

from typing import Any

import pytest

from nahwerk.api.tests.conftest import post
from nahwerk.brokering import services
from nahwerk.brokering.models import Message, Need, NeedStatus, Posting, Referral, ReferralResponse

pytestmark = pytest.mark.django_db

WHO = ("anonymous", "carla", "dora", "sven", "alice", "bob", "root")


def row(*codes: int) -> dict[str, int]:
    assert len(codes) == len(WHO)
    return dict(zip(WHO, codes, strict=True))


# (method, path with {new}/{published}/{anonymous}/{north_private}/…, body, expected codes)
MATRIX: list[tuple[str, str, Any, dict[str, int]]] = [
    # reading needs
    ("get", "/api/needs/{new}/", None, row(404, 200, 404, 404, 200, 404, 200)),
    ("get", "/api/needs/{published}/", None, row(404, 200, 200, 404, 200, 404, 200)),
    ("get", "/api/needs/{anonymous}/", None, row(404, 200, 200, 404, 200, 404, 200)),
    ("get", "/api/needs/{anonymous}/referrals/", None, row(404, 200, 200, 404, 200, 404, 200)),
    ("get", "/api/needs/{anonymous}/timeline/", None, row(404, 200, 200, 404, 200, 404, 200)),
    ("get", "/api/needs/{anonymous}/messages/", None, row(404, 200, 200, 404, 200, 404, 200)),
    ("get", "/api/needs/{published}/messages/", None, row(404, 200, 200, 404, 200, 404, 200)),
    # posting and editing
    (
        "post",
        "/api/needs/",
        {"network": "{north}", "title": "Prüfstand gesucht", "description": "Für Filter."},
        # managers and the administrator act for no organisation; Sven's is not in North
        row(401, 201, 201, 400, 403, 403, 403),
    ),
    ("patch", "/api/needs/{new}/", {"title": "Neu"}, row(401, 200, 404, 404, 200, 404, 200)),
    (
        "patch",
        "/api/needs/{published}/",  # accepted: the asker may no longer edit
        {"title": "Neu"},
        row(401, 403, 403, 404, 200, 404, 200),
    ),
    # triage and routing
    ("post", "/api/needs/{new}/accept/", None, row(401, 403, 404, 404, 200, 404, 200)),
    (
        "post",
        "/api/needs/{new}/reject/",
        {"reason": "Kein Bedarf"},
        row(401, 403, 404, 404, 200, 404, 200),
    ),
    (
        "post",
        "/api/needs/{new}/route/",
        {"organisations": ["{north_private}"]},
        row(401, 403, 404, 404, 200, 404, 200),
    ),
    # the routed organisation's steps
    (
        "post",
        "/api/needs/{anonymous}/answer/",
        {"response": "interested"},
        row(401, 403, 200, 404, 403, 404, 403),
    ),
    (
        "post",
        "/api/needs/{anonymous}/messages/",
        {"referral": "{referral}", "body": "Guten Tag"},
        row(401, 201, 201, 404, 201, 404, 201),
    ),
    (
        "post",
        "/api/needs/{published}/messages/",  # routed nowhere: no thread to write in
        {"referral": "{referral}", "body": "Guten Tag"},
        row(401, 403, 403, 404, 403, 404, 403),
    ),
    # the asker's steps
    ("post", "/api/needs/{anonymous}/reveal/", None, row(401, 200, 403, 404, 403, 404, 403)),
    (
        "post",
        "/api/needs/{anonymous}/outcome/",
        {"status": "cooperation"},
        row(401, 200, 403, 404, 200, 404, 200),
    ),
    # organisations: North's is members-only, South's other one for managers only
    ("get", "/api/organisations/{north_public}/", None, row(200, 200, 200, 200, 200, 200, 200)),
    ("get", "/api/organisations/{north_private}/", None, row(404, 200, 200, 404, 200, 404, 200)),
    ("get", "/api/organisations/{south_private}/", None, row(404, 404, 404, 404, 404, 200, 200)),
    # read-only: no writes at all
    ("post", "/api/organisations/", {"name": "X"}, row(405, 405, 405, 405, 405, 405, 405)),
    # North's cooperation network (who works with whom): North's managers and the admin
    (
        "get",
        "/api/regional/networks/nord/cooperation/",
        None,
        row(401, 403, 403, 403, 200, 403, 200),
    ),
    (
        "post",
        "/api/regional/networks/nord/cooperation/",
        None,
        row(405, 405, 405, 405, 405, 405, 405),
    ),
    ("delete", "/api/needs/{new}/", None, row(401, 405, 405, 405, 405, 405, 405)),
]


def fill(value: Any, ids: dict[str, int]) -> Any:
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return ids[value[1:-1]]
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, list):
        return [fill(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, ids) for k, v in value.items()}
    return value


@pytest.fixture
def ids(world: Any, needs: Any) -> dict[str, int]:
    return {
        "new": needs.new.pk,
        "published": needs.published.pk,
        "anonymous": needs.anonymous.pk,
        "referral": needs.anonymous.referrals.get().pk,
        "north": world.north.pk,
        "north_public": world.north_public.pk,
        "north_private": world.north_private.pk,
        "south_private": world.south_private.pk,
    }


@pytest.mark.parametrize(
    ("method", "path", "body", "expected"),
    MATRIX,
    ids=[f"{m} {p}" for m, p, _b, _e in MATRIX],
)
def test_each_persona_gets_exactly_what_it_may(
    api: Any, ids: dict[str, int], method: str, path: str, body: Any, expected: dict[str, int]
) -> None:
    got = {}
    for who in WHO:
        client = api(who)
        url = fill(path, ids)
        response = getattr(client, method)(url, fill(body, ids), format="json")
        got[who] = response.status_code
        if response.status_code != 405:
            assert response["Content-Type"] == "application/json", (who, response.content)
        if response.status_code in (401, 403, 404):
            assert response.json()["detail"], (who, response.content)
        # a successful step changes the need: undo it so the next persona meets the same state
        if response.status_code in (200, 201) and method != "get":
            reset_needs(ids)
    assert got == expected


def reset_needs(ids: dict[str, int]) -> None:
    """Put the fixture needs back into the states the matrix expects."""
    Need.objects.filter(pk=ids["new"]).update(status=NeedStatus.NEW, title="Neuer Bedarf")
    Need.objects.filter(pk=ids["published"]).update(status=NeedStatus.ACCEPTED)
    Need.objects.filter(pk=ids["anonymous"]).update(
        status=NeedStatus.ROUTED, author_revealed_at=None
    )
    Referral.objects.filter(need=ids["new"]).delete()
    Referral.objects.filter(pk=ids["referral"]).update(
        response=ReferralResponse.PENDING, responded_at=None
    )
    Message.objects.all().delete()
    Need.objects.exclude(pk__in=[ids["new"], ids["published"], ids["anonymous"]]).delete()


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/api/needs/{anonymous}/matches/", row(404, 200, 403, 404, 200, 404, 200)),
        ("/api/needs/{published}/matches/", row(404, 200, 403, 404, 200, 404, 200)),
        ("/api/partners/?q=keramische+Filter", row(200, 200, 200, 200, 200, 200, 200)),
    ],
)
def test_matches_only_for_the_asker_and_the_manager(
    api: Any, ids: dict[str, int], profiles: None, path: str, expected: dict[str, int]
) -> None:
    got = {who: api(who).get(fill(path, ids)).status_code for who in WHO}
    assert got == expected


def test_lists_hold_only_what_the_persona_may_see(
    api: Any, world: Any, needs: Any, people: dict[str, Any]
) -> None:
    def listed(who: str, path: str) -> set[str]:
        response = api(who).get(path)
        assert response.status_code == 200
        return {
            item["name" if "organisations" in path else "title"]
            for item in response.json()["results"]
        }

    assert listed("anonymous", "/api/needs/") == set()
    assert listed("carla", "/api/needs/") == {
        "Neuer Bedarf",
        "Veröffentlichter Bedarf",
        "Anonymer Bedarf",
    }
    assert listed("dora", "/api/needs/") == {"Veröffentlichter Bedarf", "Anonymer Bedarf"}
    assert listed("sven", "/api/needs/") == set()
    assert listed("bob", "/api/needs/") == set()
    assert (
        listed("alice", "/api/needs/")
        == listed("root", "/api/needs/")
        == listed("carla", "/api/needs/")
    )

    assert listed("anonymous", "/api/organisations/") == {"Nord Keramik GmbH", "Süd Metall GmbH"}
    assert listed("carla", "/api/organisations/") == {
        "Nord Keramik GmbH",
        "Nord Geheim GmbH",
        "Süd Metall GmbH",
    }
    assert listed("bob", "/api/organisations/") == {
        "Nord Keramik GmbH",
        "Süd Metall GmbH",
        "Süd Geheim GmbH",
    }
    assert len(listed("root", "/api/organisations/")) == 4


def test_an_open_need_is_public_once_accepted(api: Any, world: Any) -> None:
    need = post(world, Posting.OPEN, title="Offener Bedarf")
    assert api("anonymous").get(f"/api/needs/{need.pk}/").status_code == 404
    services.accept_need(world.alice, need)
    shown = api("anonymous").get(f"/api/needs/{need.pk}/").json()
    assert shown["asker"]["name"] == "Nord Keramik GmbH"
    assert not any(shown["steps"].values())
