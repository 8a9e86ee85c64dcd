"""A need form sent twice (double click, reload after sending) posts the need once."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from nahwerk.brokering.models import Need
from nahwerk.brokering.tests.test_pages import need_form

pytestmark = pytest.mark.django_db

CREATE = reverse("brokering:create")


def submission_key(page: Any) -> str:
    found = re.search(r'name="submission" value="([0-9a-f]{32})"', page.content.decode())
    assert found, "the form carries no submission key"
    return found.group(1)


def test_the_same_form_sent_twice_posts_one_need(brokering: Any, as_user: Any) -> None:
    client = as_user(brokering.carla)
    data = need_form(
        network=brokering.world.north.pk, submission=submission_key(client.get(CREATE))
    )

    first = client.post(CREATE, data)
    second = client.post(CREATE, data)

    need = Need.objects.get()
    assert first.status_code == second.status_code == 302
    assert second["Location"] == need.get_absolute_url()
    shown = [str(m) for m in get_messages(second.wsgi_request)]
    assert "Dieser Bedarf wurde bereits veröffentlicht." in shown


def test_a_corrected_form_is_posted_after_a_refusal(brokering: Any, as_user: Any) -> None:
    client = as_user(brokering.carla)
    key = submission_key(client.get(CREATE))
    refused = client.post(
        CREATE, need_form(network=brokering.world.north.pk, title="", submission=key)
    )
    assert refused.status_code == 400
    assert submission_key(refused) == key  # the form shown again keeps its key

    accepted = client.post(CREATE, need_form(network=brokering.world.north.pk, submission=key))
    assert accepted.status_code == 302
    assert Need.objects.count() == 1


def test_two_forms_post_two_needs(brokering: Any, as_user: Any) -> None:
    client = as_user(brokering.carla)
    for _ in range(2):
        key = submission_key(client.get(CREATE))
        client.post(CREATE, need_form(network=brokering.world.north.pk, submission=key))
    assert Need.objects.count() == 2
