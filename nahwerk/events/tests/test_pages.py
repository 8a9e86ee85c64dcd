"""The event pages per persona: who sees what, who may do what, and downloads."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from icalendar import Calendar

from nahwerk.events import services
from nahwerk.events.choices import RegistrationStatus
from nahwerk.events.models import Event, Registration
from nahwerk.events.tests.conftest import EventWorld
from nahwerk.events.tests.factories import EventFactory
from nahwerk.jobs.queue import run_queued

ORGANISER_PAGES = ["edit", "participants", "schedule_setup", "schedule"]
PARTICIPANT_PAGES = [
    "profile",
    "matchmaking",
    "requests",
    "availability",
    "agenda",
    "agenda_ics",
    "agenda_pdf",
]


def url(name: str, event: Event, **kwargs: Any) -> str:
    return reverse(f"events:{name}", kwargs={"slug": event.slug, **kwargs})


def status_as(client: Any, as_user: Any, persona: Any, path: str) -> int:
    if persona is not None:
        client = as_user(persona)
    return client.get(path).status_code


@pytest.mark.parametrize(
    ("persona", "expected"),
    [(None, 302), ("carla", 403), ("bob", 403), ("alice", 200), ("root", 200)],
)
@pytest.mark.parametrize("page", ORGANISER_PAGES)
def test_organiser_pages_are_for_the_events_managers(
    events: EventWorld, client: Any, as_user: Any, persona: str | None, expected: int, page: str
) -> None:
    user = getattr(events, persona) if persona else None
    assert status_as(client, as_user, user, url(page, events.day)) == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [(None, 302), ("dana", 403), ("alice", 403), ("emil", 403), ("carla", 200)],
)
@pytest.mark.parametrize("page", PARTICIPANT_PAGES)
def test_participant_pages_are_for_confirmed_participants(
    events: EventWorld, client: Any, as_user: Any, persona: str | None, expected: int, page: str
) -> None:
    services.register(events.carla, events.day)
    # emil is on the waiting list: not a participant yet
    events.day.capacity = 1
    events.day.save()
    assert services.register(events.emil, events.day).status == RegistrationStatus.WAITLISTED
    user = getattr(events, persona) if persona else None
    assert status_as(client, as_user, user, url(page, events.day)) == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [(None, 404), ("carla", 404), ("bob", 404), ("alice", 200), ("root", 200)],
)
def test_an_unpublished_event_is_unknown_to_outsiders(
    events: EventWorld, client: Any, as_user: Any, persona: str | None, expected: int
) -> None:
    events.day.published = False
    events.day.save()
    user = getattr(events, persona) if persona else None
    assert status_as(client, as_user, user, events.day.get_absolute_url()) == expected
    listed = (as_user(user) if user else client).get(reverse("events:list")).content.decode()
    assert (events.day.title in listed) == (expected == 200)


@pytest.mark.parametrize(
    ("persona", "expected"), [(None, 302), ("carla", 403), ("bob", 200), ("root", 200)]
)
def test_managers_create_events(
    events: EventWorld, client: Any, as_user: Any, persona: str | None, expected: int
) -> None:
    user = getattr(events, persona) if persona else None
    assert status_as(client, as_user, user, reverse("events:create")) == expected


def test_the_public_event_page_shows_place_price_and_programme(
    events: EventWorld, client: Any
) -> None:
    events.day.programme.create(starts_at=events.day.starts_at, title="Begrüßung")
    page = client.get(events.day.get_absolute_url()).content.decode()
    assert "Kooperationsbörse Keramik" in page and "Begrüßung" in page
    assert "80,00" in page and "40,00" in page  # price and member price
    assert 'id="event-map"' in page and "data-point-lat" in page
    assert "Log in to register" in page or "Zum Anmelden einloggen" in page or "anmelden" in page


def test_a_member_sees_their_member_price_and_registers(events: EventWorld, as_user: Any) -> None:
    client = as_user(events.carla)
    page = client.get(events.day.get_absolute_url()).content.decode()
    assert "member price: 40,00" in page or "Mitgliederpreis: 40,00" in page
    response = client.post(url("register", events.day), follow=True)
    assert response.status_code == 200
    assert Registration.objects.get(user=events.carla).price_charged == 40
    client.post(url("cancel", events.day))
    assert Registration.objects.get(user=events.carla).status == RegistrationStatus.CANCELLED


def test_the_organising_manager_is_sent_to_the_participants_not_told_to_ask_for_an_invitation(
    events: EventWorld, as_user: Any
) -> None:
    page = as_user(events.world.alice).get(events.day.get_absolute_url()).content.decode()
    assert "ask your network management" not in page.lower()
    assert "Bitten Sie Ihr Netzwerkmanagement" not in page
    registration = page.split('data-testid="registration"')[1].split("</section>")[0]
    assert url("participants", events.day) in registration


def test_a_full_event_puts_the_next_on_the_waiting_list(events: EventWorld, as_user: Any) -> None:
    events.day.capacity = 1
    events.day.save()
    services.register(events.carla, events.day)
    client = as_user(events.emil)
    assert "waiting list" in client.get(events.day.get_absolute_url()).content.decode().lower() or (
        "Warteliste" in client.get(events.day.get_absolute_url()).content.decode()
    )
    client.post(url("register", events.day))
    assert Registration.objects.get(user=events.emil).status == RegistrationStatus.WAITLISTED


def test_participant_names_are_only_for_participants_and_organisers(
    events: EventWorld, client: Any, as_user: Any
) -> None:
    events.register_all()
    public = client.get(events.day.get_absolute_url()).content.decode()
    assert "Dana Dreher" not in public and "dana@example.org" not in public
    carla = as_user(events.carla).get(url("matchmaking", events.day)).content.decode()
    assert "Dana Dreher" in carla and "dana@example.org" not in carla
    alice = as_user(events.alice).get(url("participants", events.day)).content.decode()
    assert "Dana Dreher" in alice and "dana@example.org" in alice


def test_check_in_from_the_participant_list(events: EventWorld, as_user: Any) -> None:
    registration = services.register(events.carla, events.day)
    client = as_user(events.alice)
    client.post(
        url("participants", events.day), {"registration": registration.pk, "action": "check_in"}
    )
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    # a participant cannot check themselves in
    client = as_user(events.carla)
    response = client.post(
        url("participants", events.day), {"registration": registration.pk, "action": "undo"}
    )
    assert response.status_code == 403


def test_participant_exports_guard_against_formulas(events: EventWorld, as_user: Any) -> None:
    events.outsider_org.name = "=HYPERLINK(evil)"
    events.outsider_org.save()
    services.register(events.emil, events.day)
    client = as_user(events.alice)
    csv = client.get(url("participants", events.day) + "?format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "'=HYPERLINK(evil)" in text and "emil@example.org" in text
    xlsx = client.get(url("participants", events.day) + "?format=xlsx")
    assert xlsx.content[:2] == b"PK"
    assert (
        as_user(events.carla).get(url("participants", events.day) + "?format=csv").status_code
        == 403
    )


def test_requests_accept_and_decline_through_the_pages(events: EventWorld, as_user: Any) -> None:
    regs = events.register_all()
    carla = as_user(events.carla)
    response = carla.post(
        url("matchmaking", events.day),
        {"recipient": regs["dana"].pk, "message": "Treffen?", "priority": "2"},
    )
    assert response.status_code == 302
    request = regs["dana"].requests_received.get()
    assert request.priority == 2
    # carla cannot answer her own request
    assert (
        carla.post(
            url("requests", events.day), {"request": request.pk, "action": "accept"}
        ).status_code
        == 404
    )
    dana = as_user(events.dana)
    assert "Treffen?" in dana.get(url("requests", events.day)).content.decode()
    dana.post(url("requests", events.day), {"request": request.pk, "action": "accept"})
    request.refresh_from_db()
    assert request.status == "accepted"


def test_a_request_to_someone_not_registered_shows_a_clear_message(
    events: EventWorld, as_user: Any
) -> None:
    services.register(events.carla, events.day)
    elsewhere = services.register(
        events.dana, EventFactory(organiser=events.world.north, matchmaking=True)
    )
    response = as_user(events.carla).post(
        url("matchmaking", events.day), {"recipient": elsewhere.pk, "priority": "1"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "not a confirmed participant" in page or "keine bestätigte teilnehmende Person" in page


def test_availability_is_saved(events: EventWorld, as_user: Any) -> None:
    regs = events.register_all()
    events.set_up(slots=3, tables=1)
    slot = events.day.slots.get(index=1)
    as_user(events.carla).post(url("availability", events.day), {"unavailable": [slot.pk]})
    assert list(regs["carla"].unavailable_slots.all()) == [slot]


def test_the_organiser_runs_and_publishes_through_the_pages(
    events: EventWorld, as_user: Any
) -> None:
    events.register_all()
    client = as_user(events.alice)
    response = client.post(
        url("schedule_setup", events.day),
        {
            "start": (events.day.starts_at + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "count": 6,
            "minutes": 20,
            "pause": 5,
            "tables": 3,
        },
    )
    assert response.status_code == 302
    events.accepted(events.carla, events.dana)
    response = client.post(url("schedule", events.day), {})
    assert response["Location"] == url("schedule", events.day)
    assert run_queued() == 1  # the worker's part
    run = events.day.schedule_runs.get()
    response = client.get(url("schedule", events.day))
    assert response["Location"] == url("schedule_run", events.day, pk=run.pk)
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="schedule-grid"' in page and "Dana Dreher" in page
    client.post(url("schedule_run", events.day, pk=run.pk))
    run.refresh_from_db()
    assert run.published_at is not None


def test_the_agenda_as_page_ics_and_pdf(events: EventWorld, as_user: Any) -> None:
    events.published_day()
    client = as_user(events.carla)
    page = client.get(url("agenda", events.day)).content.decode()
    assert "Dana Dreher" in page and "Emil Egger" in page
    ics = client.get(url("agenda_ics", events.day))
    assert ics["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(ics.content)
    entries = list(calendar.walk("VEVENT"))
    assert len(entries) == 2
    meetings = {m.request_id: m for m in services.published_meetings(events.day)}
    for entry in entries:
        request_id = int(str(entry["uid"]).split("-")[1])
        slot = meetings[request_id].slot
        assert entry.decoded("dtstart") == slot.starts_at
        assert entry.decoded("dtend") == slot.ends_at
    assert {("Dana Dreher" in str(e["summary"])) for e in entries} == {True, False}
    # the UID stays the same when the file is fetched again
    again = Calendar.from_ical(client.get(url("agenda_ics", events.day)).content)
    assert {str(e["uid"]) for e in again.walk("VEVENT")} == {str(e["uid"]) for e in entries}
    pdf = client.get(url("agenda_pdf", events.day))
    assert pdf.content.startswith(b"%PDF") and pdf["Content-Type"] == "application/pdf"


def test_the_pdf_survives_typographic_characters(events: EventWorld, as_user: Any) -> None:
    events.outsider_org.name = "\u201eEmils\u201c Werkzeugbau \u2013 5 \u20ac GmbH \u2713"
    events.outsider_org.save()
    events.published_day()
    assert as_user(events.carla).get(url("agenda_pdf", events.day)).content.startswith(b"%PDF")


def test_a_networks_calendar_lists_its_published_events(events: EventWorld, client: Any) -> None:
    EventFactory(organiser=events.world.north, title="Geheimes Treffen", published=False)
    response = client.get(reverse("events:network_calendar", kwargs={"slug": "nord"}))
    summaries = [str(e["summary"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]
    assert summaries == ["Kooperationsbörse Keramik"]


def test_the_list_filters_by_network(events: EventWorld, client: Any) -> None:
    EventFactory(organiser=events.world.south, title="Süd-Stammtisch")
    north = client.get(reverse("events:list") + "?network=nord").content.decode()
    assert "Kooperationsbörse Keramik" in north and "Süd-Stammtisch" not in north
    everything = client.get(reverse("events:list")).content.decode()
    assert "Süd-Stammtisch" in everything


def test_suggestions_come_from_the_other_participants_only(
    events: EventWorld, as_user: Any, matching_index: Any
) -> None:
    from nahwerk.directory.tests.factories import OrganisationFactory
    from nahwerk.matching import services as matching_services
    from nahwerk.networks.tests.factories import MembershipFactory

    events.institute.description = "Wir entwickeln keramische Filter für die Heißgasreinigung."
    events.institute.save()
    absent = OrganisationFactory(
        name="Filterwerk Abwesend", description="Keramische Filter für heiße Gase."
    )
    MembershipFactory(organisation=absent, network=events.world.north)
    matching_services.rebuild_index()
    regs = events.register_all()
    services.update_profile(
        events.carla, regs["carla"], offers="", seeks="keramische Filter Heißgasreinigung"
    )
    page = as_user(events.carla).get(url("matchmaking", events.day)).content.decode()
    suggestions = page.split('data-testid="suggestions"')[1].split("</ol>")[0]
    assert "Institut für Glas und Keramik" in suggestions and "Ina Igel" in suggestions
    assert "Filterwerk Abwesend" not in page  # not registered: never suggested


def test_an_infeasible_setup_is_explained_on_the_schedule_page(
    events: EventWorld, as_user: Any
) -> None:
    events.register_all()
    events.set_up(slots=1, tables=1)
    events.accepted(events.carla, events.dana, 3)
    events.accepted(events.emil, events.ina, 1)
    client = as_user(events.alice)
    setup = client.get(url("schedule", events.day)).content.decode()
    assert "2" in setup and "1" in setup
    client.post(url("schedule", events.day), {})
    run_queued()
    page = client.get(url("schedule", events.day), follow=True).content.decode()
    # the meeting that could not be placed is named with both people and the reason
    unplaced = page[page.index('data-testid="unplaced"') :]
    assert 'data-reason="capacity"' in unplaced
    assert "Emil Egger" in unplaced and "Ina Igel" in unplaced
    assert "konnte nicht eingeplant werden" in unplaced or "nicht eingeplant" in unplaced


def test_suggestions_show_only_profile_passages_the_participant_may_read(
    events: EventWorld, as_user: Any, matching_index: Any
) -> None:
    from nahwerk.directory.choices import Visibility
    from nahwerk.matching import services as matching_services

    # emil's company is in no network: the members-only text is not his to read
    events.institute.description = "Wir entwickeln keramische Filter für die Heißgasreinigung."
    events.institute.description_visibility = Visibility.MEMBERS
    events.institute.offers = "Prüfstände für keramische Filter."
    events.institute.save()
    matching_services.rebuild_index()
    regs = events.register_all()
    for name in ("emil", "carla"):
        services.update_profile(
            getattr(events, name),
            regs[name],
            offers="",
            seeks="keramische Filter Heißgasreinigung",
        )

    def suggestions(user: Any) -> str:
        page = as_user(user).get(url("matchmaking", events.day)).content.decode()
        return page.split('data-testid="suggestions"')[1].split("</ol>")[0]

    outsider = suggestions(events.emil)
    assert "Institut für Glas und Keramik" in outsider
    assert "Prüfstände für keramische Filter." in outsider  # public: shown
    assert "Heißgasreinigung" not in outsider  # members only: not for emil
    member = suggestions(events.carla)  # a North member reads it
    assert "Wir entwickeln keramische Filter für die Heißgasreinigung." in member
