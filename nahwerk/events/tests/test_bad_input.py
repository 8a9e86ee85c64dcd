"""Bad input gets a clear message and stores nothing; what is shown is escaped."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from nahwerk.events import services
from nahwerk.events.models import Event, MeetingRequest
from nahwerk.events.tests.conftest import EventWorld


def _event_data(events: EventWorld, **changes: Any) -> dict[str, Any]:
    starts = timezone.localtime(timezone.now() + dt.timedelta(days=20)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    data = {
        "kind": "industry_meeting",
        "title": "Branchentreffen Keramik",
        "organiser": events.world.north.pk,
        "networks": [events.world.north.pk],
        "description": "Austausch der Mitglieder.",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + dt.timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"),
        "venue": "Rathaus",
        "postcode": "56203",
        "capacity": "30",
        "price": "50",
        "member_price": "25",
        "published": "on",
        "programme-TOTAL_FORMS": "0",
        "programme-INITIAL_FORMS": "0",
        "programme-MIN_NUM_FORMS": "0",
        "programme-MAX_NUM_FORMS": "50",
    }
    data.update(changes)
    return data


def test_a_manager_creates_an_event_with_programme(events: EventWorld, as_user: Any) -> None:
    data = _event_data(
        events,
        **{
            "programme-TOTAL_FORMS": "1",
            "programme-0-starts_at": _event_data(events)["starts_at"],
            "programme-0-title": "Begrüßung",
        },
    )
    response = as_user(events.alice).post(reverse("events:create"), data)
    assert response.status_code == 302
    event = Event.objects.get(title="Branchentreffen Keramik")
    assert event.created_by == events.alice and event.latitude is not None
    assert [p.title for p in event.programme.all()] == ["Begrüßung"]
    assert set(event.networks.all()) == {events.world.north}


def test_a_manager_cannot_organise_for_another_network(events: EventWorld, as_user: Any) -> None:
    response = as_user(events.bob).post(reverse("events:create"), _event_data(events))
    assert response.status_code == 400  # north is not among bob's choices
    assert not Event.objects.filter(title="Branchentreffen Keramik").exists()


def test_a_manager_cannot_put_an_event_into_another_networks_calendar(
    events: EventWorld, as_user: Any
) -> None:
    data = _event_data(events, networks=[events.world.north.pk, events.world.south.pk])
    response = as_user(events.alice).post(reverse("events:create"), data)
    assert response.status_code == 400  # south is not among alice's choices
    assert not Event.objects.filter(title="Branchentreffen Keramik").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"capacity": "-5"}, ["greater than or equal to", "größer oder gleich"]),
        ({"ends_at": "2020-01-01T08:00"}, ["end after it starts", "nach ihrem Beginn enden"]),
        ({"title": "<script>alert(1)</script>"}, ["HTML"]),
        ({"member_price": "90"}, ["not be higher", "nicht höher"]),
        ({"postcode": "00000"}, ["Unknown German postcode", "Unbekannte"]),
        ({"price": "-1"}, ["greater than or equal to 0", "größer oder gleich 0"]),
    ],
)
def test_bad_event_input_is_refused_with_a_message(
    events: EventWorld, as_user: Any, changes: dict[str, str], message: list[str]
) -> None:
    response = as_user(events.alice).post(reverse("events:create"), _event_data(events, **changes))
    assert response.status_code == 400
    page = response.content.decode()
    assert any(m in page for m in message), page[:3000]
    assert "<script>alert(1)</script>" not in page
    assert not Event.objects.filter(networks=events.world.north).exclude(pk=events.day.pk).exists()


@pytest.mark.parametrize(
    "message",
    ["x" * 1_000_000, "<script>alert('x')</script>", "Hallo <img src=x onerror=alert(1)>"],
)
def test_a_bad_request_message_is_refused_and_nothing_stored(
    events: EventWorld, as_user: Any, message: str
) -> None:
    regs = events.register_all()
    response = as_user(events.carla).post(
        reverse("events:matchmaking", kwargs={"slug": events.day.slug}),
        {"recipient": regs["dana"].pk, "message": message, "priority": "1"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert len(page) < 200_000  # the message is not echoed back in full
    assert not MeetingRequest.objects.exists()


def test_a_priority_out_of_range_is_refused(events: EventWorld, as_user: Any) -> None:
    regs = events.register_all()
    response = as_user(events.carla).post(
        reverse("events:matchmaking", kwargs={"slug": events.day.slug}),
        {"recipient": regs["dana"].pk, "priority": "9"},
    )
    assert response.status_code == 400 and not MeetingRequest.objects.exists()


def test_markup_in_the_event_profile_is_refused(events: EventWorld, as_user: Any) -> None:
    registration = services.register(events.carla, events.day)
    response = as_user(events.carla).post(
        reverse("events:profile", kwargs={"slug": events.day.slug}),
        {"offers": "<b>fett</b>", "seeks": ""},
    )
    assert response.status_code == 400
    registration.refresh_from_db()
    assert "<b>" not in registration.offers


def test_names_are_escaped(events: EventWorld, as_user: Any) -> None:
    events.outsider_org.name = "Müller & <Söhne>"
    events.outsider_org.save()
    events.register_all()
    page = (
        as_user(events.carla)
        .get(reverse("events:matchmaking", kwargs={"slug": events.day.slug}))
        .content.decode()
    )
    assert "Müller &amp; &lt;Söhne&gt;" in page and "<Söhne>" not in page


@pytest.mark.parametrize(
    ("field", "value"), [("count", "0"), ("tables", "-1"), ("minutes", "2"), ("count", "1000")]
)
def test_bad_slot_setup_is_refused(
    events: EventWorld, as_user: Any, field: str, value: str
) -> None:
    data = {
        "start": timezone.localtime(events.day.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "count": "6",
        "minutes": "20",
        "pause": "5",
        "tables": "3",
        field: value,
    }
    response = as_user(events.alice).post(
        reverse("events:schedule_setup", kwargs={"slug": events.day.slug}), data
    )
    assert response.status_code == 400
    assert not events.day.slots.exists()


def test_a_manager_of_a_co_network_cannot_take_the_event_over(
    events: EventWorld, as_user: Any
) -> None:
    """bob manages South, one of the day's networks: he may not make South the organiser
    and drop North, whose managers would lose their own event and its participant list."""
    events.day.networks.add(events.world.south)
    data = _event_data(
        events,
        title=events.day.title,
        organiser=events.world.south.pk,
        networks=[events.world.south.pk],
    )
    response = as_user(events.bob).post(reverse("events:edit", args=[events.day.slug]), data)
    assert response.status_code == 403
    events.day.refresh_from_db()
    assert events.day.organiser == events.world.north
    assert set(events.day.networks.all()) == {events.world.north, events.world.south}


@pytest.mark.parametrize("total", ["1000", "51"])
def test_too_many_programme_forms_are_refused_cheaply(
    events: EventWorld, as_user: Any, total: str
) -> None:
    client = as_user(events.alice)
    client.raise_request_exception = False
    response = client.post(
        reverse("events:create"), _event_data(events, **{"programme-TOTAL_FORMS": total})
    )
    assert response.status_code == 400
    assert "programme-TOTAL_FORMS" in response.context["reason"]
    assert not Event.objects.filter(title="Branchentreffen Keramik").exists()
