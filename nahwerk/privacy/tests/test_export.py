"""Export of a person's data: a zip with a readable page and JSON, by them or a manager."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from nahwerk.privacy.tests.conftest import EMAIL, INA_MESSAGE, NAME, PHONE, Traces

pytestmark = pytest.mark.django_db


def unzip(content: bytes) -> tuple[str, dict]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert sorted(archive.namelist()) == ["daten.html", "daten.json"]
        return archive.read("daten.html").decode(), json.loads(archive.read("daten.json"))


def test_a_person_downloads_everything_about_them(traces: Traces) -> None:
    client = Client()
    client.force_login(traces.carla)
    response = client.get(reverse("privacy:my_data_export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    page, data = unzip(response.content)

    assert data["account"]["email"] == EMAIL
    assert [p["phone"] for p in data["contact_records"]] == [traces.person.phone]
    assert data["consents"][0]["purpose"] == "Ansprechpartnerin für Kooperationsanfragen"
    assert data["needs_posted"][0]["title"] == "Hochtemperaturfilter gesucht"
    assert [m["message"] for m in data["messages_written"]] == [f"Gruß, {NAME} ({EMAIL})"]
    assert data["event_registrations"][0]["we_offer"] == f"Keramik. Kontakt: {PHONE}"
    assert data["meeting_requests"][0]["other_organisation"] == traces.institute.name
    assert data["invitations"][0]["email"] == EMAIL
    # other people's messages are theirs, not hers
    assert INA_MESSAGE not in json.dumps(data, ensure_ascii=False)
    assert INA_MESSAGE not in page
    # the readable page says the same, in German
    assert "Hochtemperaturfilter gesucht" in page and "Einwilligungen" in page


def test_a_manager_exports_for_a_person_of_their_network(traces: Traces) -> None:
    client = Client()
    client.force_login(traces.world.alice)
    response = client.get(reverse("privacy:person_export", args=[traces.person.pk]))
    assert response.status_code == 200
    _page, data = unzip(response.content)
    assert data["account"]["username"] == "carla"  # the account with the same address
    assert data["contact_records"][0]["email"] == EMAIL


@pytest.mark.parametrize(("who", "status"), [("bob", 404), ("carla", 403)])
def test_nobody_else_exports_a_persons_data(traces: Traces, who: str, status: int) -> None:
    client = Client()
    client.force_login(getattr(traces.world, who))
    response = client.get(reverse("privacy:person_export", args=[traces.person.pk]))
    assert response.status_code == status
