"""The API refuses a need's deadline in 1899 with the allowed years."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from nahwerk.api.tests.conftest import token_client
from nahwerk.brokering.models import Need

THIS_YEAR = timezone.localdate().year


@pytest.mark.django_db
def test_the_api_refuses_an_implausible_deadline(world: Any, settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"
    response = token_client(world.carla).post(
        "/api/needs/",
        {
            "network": world.north.pk,
            "title": "Prüfstand",
            "description": "Bis 900 °C.",
            "deadline": "1899-12-31",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "deadline": [f"Please enter a date between the years 2000 and {THIS_YEAR + 10}."]
    }
    assert not Need.objects.exists()
