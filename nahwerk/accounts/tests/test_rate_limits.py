"""Rate limits on login, API token and password reset, keyed by the real client address."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from nahwerk.accounts.tests.factories import PASSWORD
from nahwerk.ratelimits import client_ip

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
RESET = reverse("accounts:password_reset")
PROXY = "10.0.0.2"


def log_in(client: Any, username: str, password: str, **meta: Any) -> Any:
    meta.setdefault("REMOTE_ADDR", "192.0.2.1")
    return client.post(LOGIN, {"username": username, "password": password}, **meta)


def via_proxy(address: str) -> dict[str, str]:
    # the client wrote "203.0.113.66" itself; our proxy appended the address it saw
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"203.0.113.66, {address}"}


def assert_too_many(response: Any) -> None:
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60 * 60
    assert "Zu viele Versuche" in response.content.decode()


def test_behind_a_proxy_one_client_locks_out_only_itself(world: Any, client: Any, settings: Any):
    settings.NAHWERK_TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "carla", "wrong", **via_proxy("198.51.100.7"))
    assert log_in(client, "carla", PASSWORD, **via_proxy("198.51.100.7")).status_code == 429
    # Carla herself, from her own address behind the same proxy, still logs in
    assert log_in(client, "carla", PASSWORD, **via_proxy("198.51.100.8")).status_code == 302


def test_without_a_trusted_proxy_the_header_is_ignored(world: Any, client: Any, settings: Any):
    # an attacker cannot escape the lockout by writing another address into the header
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "carla", "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    blocked = log_in(client, "carla", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert blocked.status_code == 429


@pytest.mark.parametrize(
    ("proxies", "header", "expected"),
    [
        (0, "198.51.100.7", "10.0.0.2"),
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "203.0.113.66, 198.51.100.7", "198.51.100.7"),
        (2, "203.0.113.66, 198.51.100.7, 10.0.0.9", "198.51.100.7"),
        (1, "", "10.0.0.2"),
        (1, "not-an-address", "10.0.0.2"),
    ],
)
def test_the_client_address(rf: Any, settings: Any, proxies: int, header: str, expected: str):
    settings.NAHWERK_TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header)
    assert client_ip(request) == expected


def test_password_spraying_from_one_address_is_stopped(world: Any, client: Any, settings: Any):
    settings.NAHWERK_RATE_LOGIN_FAILURES_PER_IP = "3/15m"
    for username in ("carla", "alice", "bob"):
        assert log_in(client, username, "Sommer2026!").status_code == 200
    assert_too_many(log_in(client, "root", "Sommer2026!"))
    # even the right password waits: the address has used up its attempts
    assert_too_many(log_in(client, "carla", PASSWORD))
    # another address is not affected
    assert log_in(client, "carla", PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 302


def test_successful_logins_do_not_count(world: Any, client: Any, settings: Any) -> None:
    settings.NAHWERK_RATE_LOGIN_FAILURES_PER_IP = "2/15m"
    for _ in range(5):  # an office behind one address
        assert log_in(client, "carla", PASSWORD).status_code == 302
        client.logout()


def test_the_token_endpoint_counts_with_the_login_page(world: Any, client: Any, settings: Any):
    settings.NAHWERK_RATE_LOGIN_FAILURES_PER_IP = "3/15m"
    log_in(client, "carla", "wrong")
    log_in(client, "alice", "wrong")
    token = "/api/token/"
    body = {"username": "bob", "password": "wrong"}
    assert client.post(token, body, REMOTE_ADDR="192.0.2.1").status_code == 400
    refused = client.post(
        token, {"username": "carla", "password": PASSWORD}, REMOTE_ADDR="192.0.2.1"
    )
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Zu viele Anfragen" in refused.json()["detail"]


def test_reset_mails_are_limited_per_address(
    world: Any, client: Any, settings: Any, mailoutbox: Any
) -> None:
    settings.NAHWERK_RATE_PASSWORD_RESET_PER_EMAIL = "2/h"
    for n in range(2):
        answer = client.post(RESET, {"email": "carla@example.org"}, REMOTE_ADDR=f"192.0.2.{n}")
        assert answer.status_code == 302
    # from a third address, and in other letter case: the same mailbox
    assert_too_many(client.post(RESET, {"email": "Carla@Example.org"}, REMOTE_ADDR="192.0.2.9"))
    assert len(mailoutbox) == 2


def test_reset_requests_are_limited_per_client(
    world: Any, client: Any, settings: Any, mailoutbox: Any
) -> None:
    settings.NAHWERK_RATE_PASSWORD_RESET_PER_IP = "2/h"
    for email in ("carla@example.org", "alice@example.org"):
        assert client.post(RESET, {"email": email}).status_code == 302
    assert_too_many(client.post(RESET, {"email": "bob@example.org"}))
    assert len(mailoutbox) == 2


def test_the_counters_are_shared_through_the_database() -> None:
    # every web process and machine counts in the same table (migration nahwerk 0001)
    assert "nahwerk_shared_cache" in connection.introspection.table_names()


def test_the_lockout_says_when_to_try_again(world: Any, client: Any, settings: Any) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "carla", "wrong")
    page = log_in(client, "carla", PASSWORD)
    assert page.status_code == 429
    assert page["Retry-After"] == str(15 * 60)
    token = client.post(
        "/api/token/", {"username": "carla", "password": PASSWORD}, REMOTE_ADDR="192.0.2.1"
    )
    assert token.status_code == 429
    assert token["Retry-After"] == str(15 * 60)
