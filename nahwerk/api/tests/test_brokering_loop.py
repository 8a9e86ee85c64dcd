"""The whole brokering loop through the API, with tokens, as an integration would run it."""

from __future__ import annotations

from typing import Any

import pytest

from nahwerk.brokering.models import Need, Notification

pytestmark = pytest.mark.django_db


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_post_triage_route_answer_talk_reveal_and_close(api: Any, world: Any) -> None:
    carla, alice, dora = api("carla"), api("alice"), api("dora")

    need = ok(
        carla.post(
            "/api/needs/",
            {
                "network": world.north.pk,
                "title": "Hochtemperaturfilter gesucht",
                "description": "Keramische Filter für Heißgas bis 900 °C.",
                "posting": "anonymous",
                "field": "23",
                "max_distance_km": 80,
            },
            format="json",
        ),
        201,
    )
    pk = need["id"]
    assert need["status"] == "new"
    assert need["asker"]["name"] == "Nord Keramik GmbH"
    assert need["field"] == "23"
    assert need["steps"]["edit"] and need["steps"]["reveal"] and not need["steps"]["accept"]
    assert Notification.objects.filter(user=world.alice, event__need=pk).exists()

    edited = ok(carla.patch(f"/api/needs/{pk}/", {"max_distance_km": None}, format="json"))
    assert edited["max_distance_km"] is None

    assert ok(alice.post(f"/api/needs/{pk}/accept/"))["status"] == "accepted"
    routed = ok(
        alice.post(
            f"/api/needs/{pk}/route/",
            {"organisations": [world.north_private.pk], "note": "Passt gut zu Ihnen."},
            format="json",
        )
    )
    assert routed["status"] == "routed"
    assert carla.patch(f"/api/needs/{pk}/", {"title": "Zu spät"}, format="json").status_code == 403

    seen = ok(dora.get(f"/api/needs/{pk}/"))
    assert seen["asker"] is None and seen["steps"]["answer"]
    referral = ok(dora.get(f"/api/needs/{pk}/referrals/"))[0]
    assert referral["note"] == "Passt gut zu Ihnen."
    answered = ok(
        dora.post(
            f"/api/needs/{pk}/answer/",
            {"response": "question", "message": "Welche Durchflussmenge?"},
            format="json",
        )
    )
    assert answered["status"] == "in_contact"

    written = ok(
        carla.post(
            f"/api/needs/{pk}/messages/",
            {"referral": referral["id"], "body": "Etwa 500 m³/h."},
            format="json",
        ),
        201,
    )
    assert written["author"] == "Nord Keramik GmbH"  # to herself she is named
    thread = ok(dora.get(f"/api/needs/{pk}/messages/"))
    assert [(m["author"], m["body"]) for m in thread[0]["messages"]] == [
        ("Nord Geheim GmbH", "Welche Durchflussmenge?"),
        ("the asking organisation (anonymous)", "Etwa 500 m³/h."),
    ]

    assert ok(carla.post(f"/api/needs/{pk}/reveal/"))["anonymous"] is False
    assert ok(dora.get(f"/api/needs/{pk}/"))["asker"]["name"] == "Nord Keramik GmbH"

    closed = ok(
        carla.post(
            f"/api/needs/{pk}/outcome/",
            {"status": "closed", "reason": "Partner gefunden."},
            format="json",
        )
    )
    assert (closed["status"], closed["status_reason"]) == ("closed", "Partner gefunden.")
    assert not (closed["steps"]["outcome"] or closed["steps"]["edit"] or closed["steps"]["route"])

    kinds = [e["kind"] for e in ok(alice.get(f"/api/needs/{pk}/timeline/"))]
    assert kinds == [
        "posted",
        "edited",
        "accepted",
        "routed",
        "answered",
        "message",
        "message",
        "revealed",
        "status",
    ]
    assert Need.objects.get(pk=pk).status == "closed"


def test_a_rejected_need_tells_why(api: Any, needs: Any) -> None:
    rejected = ok(
        api("alice").post(
            f"/api/needs/{needs.new.pk}/reject/",
            {"reason": "Kein Innovationsbezug."},
            format="json",
        )
    )
    assert (rejected["status"], rejected["status_reason"]) == ("rejected", "Kein Innovationsbezug.")
    again = api("alice").post(f"/api/needs/{needs.new.pk}/accept/")
    assert again.status_code == 403
    assert again.json()["detail"] == "Only the network management triages new needs."
