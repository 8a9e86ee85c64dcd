"""In Chromium: a member downloads and erases her data; the manager's audit log keeps no trace.

carla (Clara Kernbeißer of Nord Keramik, see nahwerk/privacy/tests/conftest.py) opens
"Meine Daten" from the footer, downloads the zip, confirms the erasure with her password
and is logged out; alice then reads the audit log of North, where Clara's contact record
is still listed as changed, but under "[gelöscht]".
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from conftest import ensure_reference_data
from nahwerk.accounts.models import User
from nahwerk.accounts.tests.factories import PASSWORD
from nahwerk.privacy.tests.conftest import EMAIL, NAME, traces  # noqa: F401
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scene(transactional_db: Any, request: Any) -> Any:
    ensure_reference_data()  # transactional tests empty the tables after each test
    return request.getfixturevalue("traces")


def test_a_member_exports_and_erases_her_data_through_the_pages(scene: Any, browse: Any) -> None:
    page = browse("carla")
    page.get_by_role("link", name="Meine Daten").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Meine Daten"
    assert page.get_by_text("Ansprechpartnerin für Kooperationsanfragen").count() >= 1
    screenshot(page, "privacy-1-my-data")

    with page.expect_download() as download:
        page.get_by_role("link", name="Meine Daten herunterladen").click()
    content = Path(download.value.path()).read_bytes()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        data = json.loads(archive.read("daten.json"))
        readable = archive.read("daten.html").decode()
    assert data["account"]["email"] == EMAIL
    assert NAME in readable

    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_confirm").check()
    page.get_by_role("button", name="Mein Konto und meine Daten löschen").click()
    page.wait_for_load_state()
    assert "Ihr Konto und Ihre personenbezogenen Daten wurden gelöscht." in page.content()
    assert page.get_by_role("link", name="Anmelden").count() == 1  # logged out
    screenshot(page, "privacy-2-erased")
    assert not User.objects.get(pk=scene.carla.pk).is_active

    manager = browse("alice")
    manager.get_by_role("link", name="Änderungsprotokoll").click()
    manager.wait_for_load_state()
    text = manager.locator("main").inner_text()
    assert "[gelöscht]" in text
    assert "Kernbeißer" not in text and EMAIL not in text
    screenshot(manager, "privacy-3-audit-log")

    manager.get_by_role("link", name="Auskunft und Löschung").click()
    manager.wait_for_load_state()
    assert manager.get_by_text("Nora Nord").count() == 1  # a contact of North, not Sven Süd
    assert manager.get_by_text("Sven Süd").count() == 0
    screenshot(manager, "privacy-4-requests")

    manager.get_by_role("link", name="Datenschutz", exact=True).click()
    manager.wait_for_load_state()
    assert manager.locator("h1").inner_text() == "Verarbeitung personenbezogener Daten"
    screenshot(manager, "privacy-5-processing")
