"""Bad input is refused with a message naming the problem, and nothing is stored."""

from __future__ import annotations

from typing import Any

import pytest

from nahwerk.brokering.models import Message, Need, NeedEvent, Referral

pytestmark = pytest.mark.django_db

ONE_MEGABYTE = "a" * 1_000_000


@pytest.fixture
def counts(needs: Any) -> Any:
    def count() -> tuple[int, ...]:
        return tuple(m.objects.count() for m in (Need, Referral, Message, NeedEvent))

    before = count()
    yield before
    assert count() == before, "a refused request stored something"


def need_body(world: Any, **changes: Any) -> dict[str, Any]:
    return {
        "network": world.north.pk,
        "title": "Prüfstand gesucht",
        "description": "Für Filter bis 900 °C.",
        **changes,
    }


def refused(response: Any) -> dict[str, Any]:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    body: dict[str, Any] = response.json()
    return body


def test_missing_fields_are_named(api: Any, world: Any, counts: Any) -> None:
    errors = refused(api("carla").post("/api/needs/", {}, format="json"))
    assert errors == {
        "network": ["This field is required."],
        "title": ["This field is required."],
        "description": ["This field is required."],
    }


def test_a_one_megabyte_description_is_refused(api: Any, world: Any, counts: Any) -> None:
    errors = refused(
        api("carla").post("/api/needs/", need_body(world, description=ONE_MEGABYTE), format="json")
    )
    assert errors == {"description": ["Ensure this field has no more than 10000 characters."]}


def test_script_tags_are_refused(api: Any, world: Any, needs: Any, counts: Any) -> None:
    carla = api("carla")
    errors = refused(
        carla.post(
            "/api/needs/", need_body(world, title="<script>alert(1)</script>"), format="json"
        )
    )
    assert errors["title"] == ["Please enter plain text without HTML tags (found “<script>”)."]
    errors = refused(
        carla.patch(
            f"/api/needs/{needs.new.pk}/",
            {"description": "<img src=x onerror=alert(1)>"},
            format="json",
        )
    )
    assert list(errors) == ["description"]
    referral = needs.anonymous.referrals.get()
    errors = refused(
        carla.post(
            f"/api/needs/{needs.anonymous.pk}/messages/",
            {"referral": referral.pk, "body": "Hallo <script>x</script>"},
            format="json",
        )
    )
    assert list(errors) == ["body"]


def test_a_need_cannot_be_routed_to_another_network(
    api: Any, world: Any, needs: Any, counts: Any
) -> None:
    errors = refused(
        api("alice").post(
            f"/api/needs/{needs.new.pk}/route/",
            {"organisations": [world.north_private.pk, world.south_public.pk]},
            format="json",
        )
    )
    assert errors == {
        "organisations": [
            "A need can only be routed to organisations of its network (Netzwerk Nord), "
            "not to: Süd Metall GmbH."
        ]
    }
    needs.new.refresh_from_db()
    assert needs.new.status == "new"


@pytest.mark.parametrize(
    ("who", "step", "body", "field", "message"),
    [
        ("alice", "route", {"organisations": []}, "organisations", "This list may not be empty."),
        ("alice", "route", {"organisations": ["abc"]}, "organisations", None),  # {"0": [...]}
        ("alice", "reject", {}, "reason", "This field is required."),
        ("alice", "reject", {"reason": "x" * 501}, "reason", None),
        ("carla", "outcome", {"status": "closed"}, "reason", "Please give a reason."),
        ("carla", "outcome", {"status": "new"}, "status", '"new" is not a valid choice.'),
        ("dora", "answer", {"response": "question"}, "message", "Please write your question."),
        ("dora", "answer", {"response": "pending"}, "response", None),
        ("dora", "messages", {"body": "Hallo"}, "referral", "This field is required."),
        ("carla", "messages", {"referral": "{referral}", "body": ONE_MEGABYTE}, "body", None),
    ],
)
def test_steps_name_the_problem(
    api: Any,
    needs: Any,
    counts: Any,
    who: str,
    step: str,
    body: dict[str, Any],
    field: str,
    message: str | None,
) -> None:
    need = needs.new if step in ("route", "reject") else needs.anonymous
    body = {k: (need.referrals.get().pk if v == "{referral}" else v) for k, v in body.items()}
    errors = refused(api(who).post(f"/api/needs/{need.pk}/{step}/", body, format="json"))
    assert list(errors) == [field]
    assert errors[field]
    if message is not None:
        assert errors[field] == [message]


def test_unknown_fields_are_refused_not_ignored(api: Any, needs: Any, counts: Any) -> None:
    errors = refused(
        api("carla").patch(
            f"/api/needs/{needs.new.pk}/", {"status": "closed", "title": "Neu"}, format="json"
        )
    )
    assert errors == {"status": ["This field is unknown or cannot be set here."]}
    assert Need.objects.get(pk=needs.new.pk).title == "Neuer Bedarf"


def test_a_network_the_organisation_is_not_in_is_refused(api: Any, world: Any, counts: Any) -> None:
    errors = refused(api("sven").post("/api/needs/", need_body(world), format="json"))
    assert errors == {"network": ["Your organisation is not a member of this network."]}


def test_broken_json_and_bad_filters(api: Any, needs: Any, counts: Any) -> None:
    response = api("carla").generic(
        "POST", "/api/needs/", "{not json", content_type="application/json"
    )
    assert refused(response)["detail"].startswith("JSON parse error")
    assert list(refused(api("carla").get("/api/needs/?status=bogus"))) == ["status"]
    assert list(refused(api("carla").get("/api/organisations/?kind=bogus"))) == ["kind"]
