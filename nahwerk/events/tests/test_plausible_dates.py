"""Event and programme dates in 1899 are refused with the allowed years."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from nahwerk.events.models import Event
from nahwerk.events.tests.test_bad_input import _event_data

THIS_YEAR = timezone.localdate().year
MESSAGE = f"Bitte geben Sie ein Datum zwischen den Jahren 2000 und {THIS_YEAR + 10} an."


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field", ["starts_at", "ends_at", "registration_deadline", "programme-0-starts_at"]
)
def test_the_event_form_refuses_1899(events: Any, as_user: Any, field: str) -> None:
    changes = {field: "1899-06-01T10:00"}
    if field.startswith("programme"):
        changes.update({"programme-TOTAL_FORMS": "1", "programme-0-title": "Begrüßung"})
    response = as_user(events.alice).post(reverse("events:create"), _event_data(events, **changes))
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert not Event.objects.filter(title="Branchentreffen Keramik").exists()
