"""Five failed logins for one username from one address block logging in (django-axes)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user
from django.urls import reverse

from nahwerk.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

URL = reverse("accounts:login")


def log_in(client, username, password, address="192.0.2.1"):
    return client.post(URL, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_the_real_login_form_logs_in(world, client) -> None:
    response = log_in(client, "carla", PASSWORD)
    assert response.status_code == 302
    assert get_user(client) == world.carla


def test_five_failures_block_even_the_right_password(world, client, settings) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = log_in(client, "carla", "wrong")
        assert response.status_code == 200
        assert response.context["form"].non_field_errors()

    locked = log_in(client, "carla", "wrong")
    assert locked.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in locked.templates]
    html = locked.content.decode()
    assert 'role="alert"' in html
    assert "15" in html  # minutes to wait
    assert reverse("accounts:password_reset") in html

    still_locked = log_in(client, "carla", PASSWORD)
    assert still_locked.status_code == 429
    assert not get_user(client).is_authenticated


def test_the_block_is_per_username_and_address(world, client, settings) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "carla", "wrong")
    # the same person from another address, and another user from the same address, go on
    assert log_in(client, "carla", PASSWORD, address="198.51.100.7").status_code == 302
    client.logout()
    assert log_in(client, "alice", PASSWORD).status_code == 302


def test_a_success_before_the_limit_starts_the_count_again(world, client, settings) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "carla", "wrong")
    assert log_in(client, "carla", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "carla", "wrong").status_code == 200
