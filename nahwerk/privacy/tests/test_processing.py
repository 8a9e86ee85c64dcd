"""The record of processing activities: public, per network, in German and English."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_network_publishes_its_processing_activities_with_its_contact(world, settings) -> None:
    settings.PRIVACY_AUDIT_LOG_RETENTION_DAYS = 1000
    world.alice.first_name, world.alice.last_name = "Alice", "Amsel"
    world.alice.save()
    page = Client().get(reverse("privacy:network_processing", args=["nord"]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Datenschutz bei Netzwerk Nord" in text
    assert "Alice Amsel" in text
    assert "Änderungsprotokoll" in text and "1000 Tage" in text  # the setting, not a constant


def test_the_page_reads_in_english_too() -> None:
    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    text = client.get(reverse("privacy:processing")).content.decode()
    assert "Processing of personal data" in text and "Audit log" in text


def test_an_unknown_network_has_no_page(db) -> None:
    assert (
        Client().get(reverse("privacy:network_processing", args=["gibt-es-nicht"])).status_code
        == 404
    )
