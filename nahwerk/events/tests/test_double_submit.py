"""An event form sent twice creates the event once."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from nahwerk.brokering.tests.test_double_submit import submission_key
from nahwerk.events.models import Event
from nahwerk.events.tests.conftest import EventWorld
from nahwerk.events.tests.test_bad_input import _event_data

pytestmark = pytest.mark.django_db

CREATE = reverse("events:create")
TITLE = "Branchentreffen Keramik"


def test_the_same_form_sent_twice_creates_one_event(events: EventWorld, as_user: Any) -> None:
    client = as_user(events.alice)
    data = _event_data(events, submission=submission_key(client.get(CREATE)))

    first = client.post(CREATE, data)
    second = client.post(CREATE, data)

    event = Event.objects.get(title=TITLE)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == event.get_absolute_url()
    shown = [str(m) for m in get_messages(second.wsgi_request)]
    assert "Diese Veranstaltung wurde bereits angelegt." in shown


def test_a_corrected_event_form_is_created_after_a_refusal(
    events: EventWorld, as_user: Any
) -> None:
    client = as_user(events.alice)
    key = submission_key(client.get(CREATE))
    refused = client.post(CREATE, _event_data(events, venue="<b>", submission=key))
    assert refused.status_code == 400
    assert submission_key(refused) == key
    assert client.post(CREATE, _event_data(events, submission=key)).status_code == 302
    assert Event.objects.filter(title=TITLE).count() == 1


def test_editing_has_no_key_and_saves_each_time(events: EventWorld, as_user: Any) -> None:
    client = as_user(events.alice)
    page = client.get(reverse("events:edit", args=[events.day.slug]))
    assert 'name="submission"' not in page.content.decode()
