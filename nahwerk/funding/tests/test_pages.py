"""The funding pages and API: who sees and changes what, following, sending, reminders, .ics."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client

from conftest import World, login
from nahwerk.funding.models import (
    CallFollow,
    CallImportJob,
    DeadlineReminder,
    FundingNotification,
    Programme,
)
from nahwerk.funding.services import send_deadline_reminders
from nahwerk.funding.tests.conftest import TODAY, call_file, shipped_records

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_the_catalogues_day() -> Any:
    with time_machine.travel(dt.datetime(2026, 12, 3, 9, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def north_programme(world: World, catalogue: dict[str, Any]) -> Programme:
    programme = catalogue["state"]
    programme.networks.add(world.north)
    return programme


PROGRAMME_FORM = {
    "name": "Transferbonus Westerwald",
    "funder": "Kreis Westerwald",
    "level": "regional",
    "applicant_kinds": ["sme"],
    "collaboration": "single",
    "funding_rate_percent": "40",
    "max_amount": "10000",
    "source_url": "https://example.org/transferbonus",
    "source_note": "Richtlinie Transferbonus 2026",
    "checked_on": "2026-11-30",
    "district_text": "07143",
}


class TestPermissions:
    def test_anyone_sees_the_eu_calls_but_not_a_networks_programme(
        self, client: Client, world: World, north_programme: Programme, catalogue: Any
    ) -> None:
        assert client.get("/foerderung/").status_code == 200
        assert client.get(catalogue["ceramics"].get_absolute_url()).status_code == 200
        assert client.get(catalogue["voucher"].get_absolute_url()).status_code == 404
        assert client.get(north_programme.get_absolute_url()).status_code == 404
        login(client, world.bob)
        assert client.get(catalogue["voucher"].get_absolute_url()).status_code == 404
        login(client, world.carla)
        assert client.get(catalogue["voucher"].get_absolute_url()).status_code == 200

    def test_a_manager_adds_a_programme_for_their_network(
        self, client: Client, world: World
    ) -> None:
        login(client, world.alice)
        response = client.post(
            "/foerderung/programme/neu/", {**PROGRAMME_FORM, "networks": [world.north.pk]}
        )
        programme = Programme.objects.get(name="Transferbonus Westerwald")
        assert response.status_code == 302
        assert list(programme.networks.all()) == [world.north]
        assert programme.district_ags == ["07143"]
        page = client.get(programme.get_absolute_url()).content.decode()
        assert "Richtlinie Transferbonus 2026" in page and "30.11.2026" in page

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"source_url": ""}, "source_url"),
            ({"checked_on": ""}, "checked_on"),
            ({"checked_on": "2027-01-01"}, "checked_on"),
            ({"funding_rate_percent": "120"}, "funding_rate_percent"),
            ({"district_text": "99999"}, "district_text"),
            ({"networks": []}, "networks"),
        ],
    )
    def test_a_programme_without_source_or_with_bad_values_is_refused(
        self, client: Client, world: World, change: dict[str, Any], field: str
    ) -> None:
        login(client, world.alice)
        data = {**PROGRAMME_FORM, "networks": [world.north.pk], **change}
        response = client.post("/foerderung/programme/neu/", data)
        assert response.status_code == 200
        assert field in response.context["form"].errors
        assert not Programme.objects.filter(name="Transferbonus Westerwald").exists()

    def test_a_manager_of_another_network_cannot_edit_or_add_calls(
        self, client: Client, world: World, north_programme: Programme
    ) -> None:
        login(client, world.bob)
        edit = f"/foerderung/programme/{north_programme.pk}/bearbeiten/"
        assert client.get(edit).status_code == 404
        assert client.post(edit, PROGRAMME_FORM).status_code == 404
        new_call = f"/foerderung/programme/{north_programme.pk}/aufrufe/neu/"
        assert client.get(new_call).status_code == 404
        bob_network = {**PROGRAMME_FORM, "networks": [world.north.pk]}
        response = client.post("/foerderung/programme/neu/", bob_network)
        assert "networks" in response.context["form"].errors

    def test_members_and_the_public_do_not_curate_or_import(
        self, client: Client, world: World, catalogue: Any
    ) -> None:
        for url in ("/foerderung/programme/neu/", "/foerderung/import/"):
            assert client.get(url).status_code == 302  # to the login
        login(client, world.carla)
        for url in ("/foerderung/programme/neu/", "/foerderung/import/"):
            assert client.get(url).status_code == 403
        eu = catalogue["eu"]
        assert client.get(f"/foerderung/programme/{eu.pk}/aufrufe/neu/").status_code == 403

    def test_a_manager_enters_a_call_by_hand(
        self, client: Client, world: World, north_programme: Programme
    ) -> None:
        login(client, world.alice)
        data = {
            "topic_id": "RLP-IG-2027-2",
            "title": "Zweite Runde",
            "deadline": "2027-03-31",
            "budget_min": "5000",
            "budget_max": "1000",
            "source_url": "https://example.org/ig",
            "checked_on": "2026-12-01",
        }
        url = f"/foerderung/programme/{north_programme.pk}/aufrufe/neu/"
        response = client.post(url, data)
        assert "budget_max" in response.context["form"].errors
        response = client.post(url, {**data, "budget_max": "15000"})
        assert response.status_code == 302
        assert north_programme.calls.filter(topic_id="RLP-IG-2027-2").exists()

    def test_the_api_shows_what_the_pages_show(
        self, client: Client, world: World, north_programme: Programme, catalogue: Any
    ) -> None:
        listed = client.get("/api/funding/calls/").json()
        topics = {c["topic_id"] for c in listed["results"]}
        assert "HORIZON-CL4-2027-01-01" in topics
        assert "RLP-IG-2027" not in topics and "HORIZON-CL4-2026-01-09" not in topics
        voucher = catalogue["voucher"].pk
        assert client.get(f"/api/funding/calls/{voucher}/").status_code == 404
        assert client.get("/api/funding/fit/").status_code == 400
        assert client.get("/api/funding/fit/", {"q": "x", "level": "moon"}).status_code == 400
        fit = client.get("/api/funding/fit/", {"q": "keramische Heißgasfilter"}).json()
        assert fit[0]["call"]["topic_id"] == "HORIZON-CL4-2027-01-01"
        assert fit[0]["passages"] and fit[0]["rules"]


def test_a_member_follows_a_call_and_gets_reminders_once(
    client: Client, world: World, catalogue: Any
) -> None:
    call = catalogue["ceramics"]
    login(client, world.carla)
    assert client.post(f"/foerderung/aufrufe/{call.pk}/folgen/").status_code == 302
    client.post(f"/foerderung/aufrufe/{call.pk}/folgen/")
    assert CallFollow.objects.filter(call=call, organisation=world.north_public).count() == 1
    ics = client.get("/foerderung/fristen.ics")
    assert ics["Content-Type"] == "text/calendar"
    assert b"DTSTART;VALUE=DATE:20270402" in ics.content
    assert send_deadline_reminders(call.deadline - dt.timedelta(days=20)) == 0
    assert send_deadline_reminders(call.deadline - dt.timedelta(days=14)) == 1
    assert send_deadline_reminders(call.deadline - dt.timedelta(days=13)) == 0
    assert send_deadline_reminders(call.deadline - dt.timedelta(days=3)) == 1
    assert send_deadline_reminders(call.deadline - dt.timedelta(days=3)) == 0
    assert DeadlineReminder.objects.count() == 2
    assert FundingNotification.objects.filter(user=world.carla, kind="reminder").count() == 2
    assert [m.to for m in mail.outbox] == [[world.carla.email]] * 2
    assert "3" in mail.outbox[1].subject
    page = client.get("/bedarfe/benachrichtigungen/")
    assert call.title in page.content.decode()


def test_a_manager_and_the_public_do_not_follow(
    client: Client, world: World, catalogue: Any
) -> None:
    url = f"/foerderung/aufrufe/{catalogue['ceramics'].pk}/folgen/"
    assert client.post(url).status_code == 302
    assert login(client, world.alice).post(url).status_code == 403
    assert client.get("/foerderung/fristen.ics").status_code == 404


def test_a_manager_sends_a_call_to_fitting_members_only_of_their_network(
    client: Client, world: World, catalogue: Any, matching_index: Any
) -> None:
    from nahwerk.matching.services import rebuild_index

    north = world.north_public
    north.kind, north.competences = "sme", "Keramische Filter für Heißgas, poröse Keramik"
    north.save()
    south = world.south_public
    south.competences = "Keramische Hochtemperaturfilter und Heißgasreinigung"
    south.save()
    rebuild_index()
    call = catalogue["ceramics"]
    login(client, world.alice)
    page = client.get(call.get_absolute_url())
    members = [m.organisation for m, _label, _ticked in page.context["members"]]
    assert north in members and south not in members
    response = client.post(f"/foerderung/aufrufe/{call.pk}/senden/", {"organisations": [north.pk]})
    assert response.status_code == 302
    assert FundingNotification.objects.filter(user=world.carla, kind="recommended").exists()
    assert mail.outbox[-1].to == [world.carla.email]
    # a foreign organisation's id is refused, nothing sent
    before = FundingNotification.objects.count()
    client.post(f"/foerderung/aufrufe/{call.pk}/senden/", {"organisations": [south.pk]})
    assert FundingNotification.objects.count() == before
    assert (
        login(client, world.carla).post(f"/foerderung/aufrufe/{call.pk}/senden/").status_code == 403
    )


def test_members_that_fit_only_partly_are_listed_but_not_ticked(
    client: Client,
    world: World,
    catalogue: Any,
    matching_index: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from nahwerk.funding import services
    from nahwerk.matching.services import rebuild_index
    from nahwerk_engine.matching import FitLevel

    north = world.north_public
    north.kind, north.competences = "sme", "Keramische Filter für Heißgas, poröse Keramik"
    north.save()
    rebuild_index()
    fitting = services.fitting_members

    def partly(*args: Any, **kwargs: Any) -> list[Any]:
        return [dataclasses.replace(m, fit=FitLevel.PARTIAL) for m in fitting(*args, **kwargs)]

    call = catalogue["ceramics"]
    login(client, world.alice)
    ticked = f'value="{north.pk}" checked'
    page = client.get(call.get_absolute_url()).content.decode()
    assert ticked in page
    assert "nicht angekreuzt" not in page
    monkeypatch.setattr(services, "fitting_members", partly)
    page = client.get(call.get_absolute_url()).content.decode()
    assert f'value="{north.pk}"' in page and ticked not in page
    assert "entfernt passend" in page and "nicht angekreuzt" in page


def test_the_upload_shows_the_per_row_report_and_imports_only_a_clean_file(
    client: Client, world: World
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    records = shipped_records(4)
    bad = [dict(r) for r in records]
    bad[1]["deadline"] = "2027-13-40"
    login(client, world.alice)
    upload = SimpleUploadedFile("calls.jsonl.gz", call_file(bad))
    response = client.post("/foerderung/import/", {"file": upload}, follow=True)
    page = response.content.decode()
    assert "2027-13-40" in page and "deadline" in page
    assert Programme.objects.count() == 0
    job = CallImportJob.objects.get()
    assert job.status == "rejected"
    assert client.post(f"/foerderung/import/{job.pk}/").status_code == 302
    assert Programme.objects.count() == 0
    upload = SimpleUploadedFile("calls.jsonl.gz", call_file(records))
    response = client.post("/foerderung/import/", {"file": upload}, follow=True)
    job = CallImportJob.objects.latest("pk")
    assert login(client, world.bob).get(f"/foerderung/import/{job.pk}/").status_code == 404
    login(client, world.alice).post(f"/foerderung/import/{job.pk}/", {"confirm": "1"})
    job.refresh_from_db()
    assert job.status == "imported"
    assert TODAY.isoformat()  # the calls' checked_on is the import day


def test_the_call_page_leads_members_and_managers_to_the_consortium_builder(
    client: Client, world: World, catalogue: Any
) -> None:
    call = catalogue["ceramics"]
    link = f'href="/foerderung/konsortium/?call={call.pk}"'
    assert link not in client.get(call.get_absolute_url()).content.decode()
    for user in (world.carla, world.alice):
        client.logout()
        assert link in login(client, user).get(call.get_absolute_url()).content.decode()
