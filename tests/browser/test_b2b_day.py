"""In Chromium, on a fresh database: a B2B matchmaking day from creation to the agendas.

Alice, the North network's manager, creates a B2B day and sets up 6 slots and 3 tables.
Carla, Dana, Emil and Ina register on the event page, ask each other for meetings with a
message and a priority, and accept (or decline) what they are asked; Ina cannot attend
the first two slots. Alice runs the scheduler and publishes. Each participant then finds
their meetings on their agenda page and in their .ics file, and the test checks the
schedule itself: nobody twice in a slot, nobody outside their availability, no table
twice in a slot, every accepted meeting placed.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from icalendar import Calendar

from conftest import ensure_reference_data
from nahwerk.events.choices import RegistrationStatus, RequestStatus
from nahwerk.events.models import Event, MeetingRequest, Registration, ScheduleJob
from nahwerk.events.tests.conftest import EventWorld, events  # noqa: F401
from nahwerk.jobs.queue import run_queued
from tests.browser.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

B2B_SCREENSHOTS = Path(os.environ.get("B2B_SCREENSHOT_DIR", SCREENSHOTS / "b2b"))
TITLE = "Kooperationsbörse Keramik und Metall"
PARTICIPANTS = ("carla", "dana", "emil", "ina")
NAMES = {"carla": "carla", "dana": "Dana Dreher", "emil": "Emil Egger", "ina": "Ina Igel"}
# (requester, recipient, priority, answer)
REQUESTS = [
    ("carla", "dana", 3, "accept"),
    ("carla", "emil", 2, "accept"),
    ("dana", "ina", 2, "accept"),
    ("emil", "ina", 1, "accept"),
    ("ina", "carla", 1, "accept"),
    ("emil", "dana", 1, "decline"),
]


@pytest.fixture
def fresh(transactional_db: Any, request: Any, settings: Any, matching_index: Any) -> EventWorld:
    ensure_reference_data()  # transactional tests empty the tables after each test
    settings.EVENT_SCHEDULER_SECONDS = 5
    world: EventWorld = request.getfixturevalue("events")
    world.day.delete()  # the fixture's own day; this test creates one through the pages
    return world


def shot(page: Any, step: str) -> None:
    B2B_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(B2B_SCREENSHOTS / f"{step}.png"), full_page=True)


def local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_b2b_day_from_creation_to_the_agendas(
    fresh: EventWorld, browse: Any, mailoutbox: list[Any]
) -> None:
    world = fresh
    starts = timezone.localtime(timezone.now() + dt.timedelta(days=30)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )

    # 1. The manager creates the B2B day through the form on the site.
    alice = browse("alice")
    alice.goto("/veranstaltungen/neu/")
    alice.locator("[name=kind]").select_option("b2b_day")
    alice.locator("[name=title]").fill(TITLE)
    alice.locator(f"input[name=networks][value='{world.world.north.pk}']").check()
    alice.locator("[name=description]").fill("1:1-Gespräche von 20 Minuten.")
    alice.locator("[name=starts_at]").fill(local(starts))
    alice.locator("[name=ends_at]").fill(local(starts + dt.timedelta(hours=5)))
    alice.locator("[name=venue]").fill("Technologiezentrum")
    alice.locator("[name=postcode]").fill("56203")
    alice.locator("[name=capacity]").fill("20")
    alice.locator("[name=price]").fill("60")
    alice.locator("[name=member_price]").fill("30")
    alice.locator("[name=published]").check()
    shot(alice, "1-manager-creates-b2b-day")
    alice.locator("form.event-form button[type=submit]").click()
    alice.wait_for_url("**/veranstaltungen/*/")
    event = Event.objects.get(title=TITLE)
    assert event.kind == "b2b_day" and event.matchmaking and event.published
    assert event.organiser == world.world.north and event.latitude is not None

    # 2. ... and sets up 6 slots of 20 minutes and 3 tables.
    alice.goto(f"/veranstaltungen/{event.slug}/zeitplan/einrichten/")
    alice.locator("[name=start]").fill(local(starts + dt.timedelta(hours=1)))
    alice.locator("[name=count]").fill("6")
    alice.locator("[name=minutes]").fill("20")
    alice.locator("[name=pause]").fill("5")
    alice.locator("[name=tables]").fill("3")
    alice.locator("[name=table_prefix]").fill("Tisch")
    alice.locator("form.stacked-form button[type=submit]").click()
    alice.wait_for_url("**/zeitplan/")
    assert event.slots.count() == 6 and event.tables.count() == 3

    # 3. Four participants register on the public event page.
    pages = {}
    for name in PARTICIPANTS:
        page = pages[name] = browse(name)
        page.goto(event.get_absolute_url())
        page.locator("[data-testid=registration] button[type=submit]").click()
        page.wait_for_load_state()
        assert "Sie sind angemeldet" in page.content() or "You are registered" in page.content()
    regs = {
        name: Registration.objects.get(event=event, user__username=name) for name in PARTICIPANTS
    }
    assert {r.status for r in regs.values()} == {RegistrationStatus.CONFIRMED}
    assert regs["carla"].member_price_applied and not regs["emil"].member_price_applied
    shot(pages["carla"], "2-participant-registered")

    # 4. Ina cannot attend the first two slots.
    ina = pages["ina"]
    ina.goto(f"/veranstaltungen/{event.slug}/verfuegbarkeit/")
    blocked = list(event.slots.filter(index__in=(0, 1)))
    for slot in blocked:
        ina.locator(f"input[name=unavailable][value='{slot.pk}']").check()
    ina.locator("form.stacked-form button[type=submit]").click()
    ina.wait_for_load_state()
    assert set(regs["ina"].unavailable_slots.all()) == set(blocked)

    # 5. They ask each other for meetings from "whom to meet" ...
    for requester, recipient, priority, _answer in REQUESTS:
        page = pages[requester]
        page.goto(f"/veranstaltungen/{event.slug}/treffen/")
        card = page.locator("li.participant-card", has_text=NAMES[recipient])
        card.locator("textarea[name=message]").fill(f"Gern sprechen wir über Keramik, {recipient}.")
        card.locator("select[name=priority]").select_option(str(priority))
        if (requester, recipient) == ("carla", "dana"):
            shot(page, "3-participant-requests-meeting")
        card.locator("button[type=submit]").click()
        page.wait_for_load_state()
    assert MeetingRequest.objects.filter(event=event, status=RequestStatus.PENDING).count() == 6

    # ... and the asked side accepts or declines on "my requests".
    for requester, recipient, _priority, answer in REQUESTS:
        page = pages[recipient]
        page.goto(f"/veranstaltungen/{event.slug}/anfragen/")
        item = page.locator("[data-testid=incoming] li", has_text=NAMES[requester])
        if (requester, recipient) == ("carla", "dana"):
            shot(page, "4-participant-answers-request")
        item.locator(f"button[name=action][value={answer}]").click()
        page.wait_for_load_state()
    accepted = MeetingRequest.objects.filter(event=event, status=RequestStatus.ACCEPTED)
    assert accepted.count() == 5
    assert MeetingRequest.objects.filter(event=event, status=RequestStatus.DECLINED).count() == 1

    # 6. The manager runs the scheduler and publishes.
    alice.goto(f"/veranstaltungen/{event.slug}/zeitplan/")
    assert "5" in alice.locator("[data-testid=request-counts]").inner_text()
    alice.locator("[data-testid=run-form] button[type=submit]").click()
    alice.wait_for_load_state()
    # the request only queued the run; the page waits for the worker and reloads itself
    assert alice.locator("[data-testid=job-running]").is_visible()
    run_queued()  # the worker's part (with the re-index jobs of the world's organisations)
    assert ScheduleJob.objects.get(event=event).run is not None
    alice.wait_for_url("**/zeitplan/*/", timeout=15_000)
    grid = alice.locator("[data-testid=schedule-grid]")
    assert grid.locator("td.meeting").count() == 5
    assert alice.locator("[data-testid=unplaced] li").count() == 0
    # the plain result is in the open; the solver's figures behind the "Details" toggle
    assert "5" in alice.locator("[data-testid=run-summary]").inner_text()
    assert not alice.locator("[data-testid=bound]").is_visible()
    alice.locator("[data-testid=run-details] summary").click()
    assert alice.locator("[data-testid=bound]").inner_text().strip() == "9"
    assert alice.locator("[data-testid=value]").inner_text().strip() == "9"
    shot(alice, "5-manager-runs-scheduler")
    mailoutbox.clear()
    alice.locator("[data-testid=publish]").click()
    alice.wait_for_load_state()
    assert "veröffentlicht" in alice.content() or "published" in alice.content()
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        f"{name}@example.org" for name in PARTICIPANTS
    )

    # 7. Each participant's agenda page and .ics file show their meetings.
    placed: dict[tuple[int, int], int] = {}  # (slot, table) -> request
    slots_of: dict[str, set[int]] = {}
    agenda_requests: set[int] = set()
    unavailable = {slot.index for slot in blocked}
    for name in PARTICIPANTS:
        page = pages[name]
        page.goto(f"/veranstaltungen/{event.slug}/agenda/")
        rows = page.locator("[data-testid=agenda] tbody tr")
        mine = [
            (
                int(rows.nth(i).get_attribute("data-request") or 0),
                int(rows.nth(i).get_attribute("data-slot") or 0),
                int(rows.nth(i).get_attribute("data-table") or 0),
            )
            for i in range(rows.count())
        ]
        expected = {r.pk for r in accepted if regs[name].pk in (r.requester_id, r.recipient_id)}
        assert {request for request, _s, _t in mine} == expected, name
        # nobody has two meetings in one slot
        slots_of[name] = {slot for _r, slot, _t in mine}
        assert len(slots_of[name]) == len(mine), f"{name} has two meetings in one slot"
        for request, slot, table in mine:
            # no table holds two meetings at once (both sides list the same place)
            assert placed.setdefault((slot, table), request) == request
            agenda_requests.add(request)
        text = rows.all_inner_texts() if mine else []
        for r in accepted:
            if r.pk in expected:
                other = r.recipient if r.requester_id == regs[name].pk else r.requester
                assert any(NAMES[other.user.username] in line for line in text), (name, text)
        if name == "carla":
            shot(page, "6-participant-agenda")

        response = page.request.get(f"/veranstaltungen/{event.slug}/agenda.ics")
        assert response.ok and response.headers["content-type"].startswith("text/calendar")
        entries = list(Calendar.from_ical(response.body()).walk("VEVENT"))
        assert len(entries) == len(mine)
        by_request = {int(str(e["uid"]).split("-")[1]): e for e in entries}
        assert set(by_request) == expected
        for request, slot_index, _table in mine:
            slot = event.slots.get(index=slot_index)
            assert by_request[request].decoded("dtstart") == slot.starts_at
            assert by_request[request].decoded("dtend") == slot.ends_at
        pdf = page.request.get(f"/veranstaltungen/{event.slug}/agenda.pdf")
        assert pdf.body().startswith(b"%PDF")

    # nobody meets outside their availability, and every accepted meeting has its place
    assert not slots_of["ina"] & unavailable
    assert agenda_requests == {r.pk for r in accepted}
    assert len(placed) == 5

    # 8. The organiser's printable participant list shows the four with check-in buttons.
    alice.goto(f"/veranstaltungen/{event.slug}/teilnehmende/")
    confirmed = alice.locator("[data-testid=participants-confirmed] tbody tr")
    assert confirmed.count() == 4
    confirmed.filter(has_text="Dana Dreher").locator("button[value=check_in]").click()
    alice.wait_for_load_state()
    assert Registration.objects.get(pk=regs["dana"].pk).checked_in_at is not None
    shot(alice, "7-manager-participant-list")
    alice.emulate_media(media="print")
    assert not alice.locator(".site-header").is_visible()
    alice.emulate_media(media="screen")

    # 9. Outsiders: a participant cannot open the scheduler, the public sees no names.
    dana = pages["dana"]
    assert dana.goto(f"/veranstaltungen/{event.slug}/zeitplan/").status == 403
    public = browse("sven")
    public.goto(event.get_absolute_url())
    assert "Dana Dreher" not in public.content()
    assert public.goto(f"/veranstaltungen/{event.slug}/agenda/").status == 403
