"""The invitee chooses a username and password and lands on their organisation's page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user
from django.urls import reverse
from django.utils import timezone

from nahwerk.accounts import services
from nahwerk.accounts.models import Invitation, User
from nahwerk.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Keramikfilter-2026!"


@pytest.fixture
def invitation(world):
    """An open invitation from alice to a contact of Nord Geheim GmbH, and its link."""
    invitation, token, _ = services.invite_contact(
        organisation=world.north_private,
        email="nora@nord.example",
        first_name="Nora",
        last_name="Nord",
        invited_by=world.alice,
    )
    return invitation, reverse("accounts:accept_invitation", kwargs={"token": token})


def accept(client, url, **extra):
    data = {
        "username": "nora",
        "first_name": "Nora",
        "last_name": "Nord",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **extra,
    }
    return client.post(url, data)


def test_page_shows_the_organisation_and_suggests_a_username(client, invitation) -> None:
    _, url = invitation
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nord Geheim GmbH" in html
    assert 'name="username" value="nora"' in html
    assert 'value="Nora"' in html
    assert '<label for="id_password1"' in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_accepting_creates_a_member_user_logs_in_and_shows_the_organisation(
    world, client, invitation
) -> None:
    pending, url = invitation
    response = accept(client, url)
    assert response.status_code == 302
    assert response["Location"] == world.north_private.get_absolute_url()

    user = User.objects.get(username="nora")
    assert user.organisation == world.north_private
    assert user.email == "nora@nord.example"
    assert (user.first_name, user.last_name) == ("Nora", "Nord")
    assert user.check_password(NEW_PASSWORD)
    assert not user.is_staff and not user.managed_networks.exists()
    assert get_user(client) == user

    pending.refresh_from_db()
    assert pending.accepted_user == user
    assert pending.accepted_at is not None

    page = client.get(response["Location"])
    assert page.status_code == 200  # a members-only organisation, but it is their own
    assert "Nord Geheim GmbH" in page.content.decode()


def test_a_used_link_is_refused_and_creates_nothing(client, invitation) -> None:
    _, url = invitation
    accept(client, url)
    client.logout()
    response = client.get(url)
    assert response.status_code == 410
    assert response.context["reason"] == "accepted"
    assert accept(client, url, username="nora2").status_code == 410
    assert User.objects.filter(email="nora@nord.example").count() == 1


def test_an_expired_link_is_refused_and_creates_nothing(client, invitation) -> None:
    pending, url = invitation
    Invitation.objects.filter(pk=pending.pk).update(expires_at=timezone.now() - timedelta(1))
    response = accept(client, url)
    assert response.status_code == 410
    assert response.context["reason"] == "expired"
    assert 'role="alert"' in response.content.decode()
    assert not User.objects.filter(username="nora").exists()


def test_an_unknown_link_is_refused(world, client) -> None:
    url = reverse("accounts:accept_invitation", kwargs={"token": "made-up-token"})
    response = accept(client, url)
    assert response.status_code == 404
    assert response.context["reason"] == "invalid"
    assert not User.objects.filter(username="nora").exists()


def test_a_renewed_invitation_invalidates_the_old_link(world, client, invitation) -> None:
    _, old_url = invitation
    services.invite_contact(
        organisation=world.north_private, email="nora@nord.example", invited_by=world.alice
    )
    assert client.get(old_url).status_code == 404


def test_an_account_created_meanwhile_with_that_address_is_reported(client, invitation) -> None:
    _, url = invitation
    UserFactory(email="Nora@nord.example")
    response = accept(client, url)
    assert response.status_code == 409
    assert response.context["reason"] == "account_exists"
    assert not User.objects.filter(username="nora").exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"password2": "something else entirely"}, "password2"),
        ({"password1": "123", "password2": "123"}, "password2"),  # short, common, numeric
        ({"password1": "nord.example", "password2": "nord.example"}, "password2"),  # like e-mail
        ({"username": "alice"}, "username"),  # taken
        ({"username": "ALICE"}, "username"),  # taken, whatever the case
        ({"username": "nora nord!"}, "username"),
        ({"username": "n" * 1_000_000}, "username"),
        ({"first_name": "N" * 1_000_000}, "first_name"),
    ],
)
def test_bad_input_is_refused_with_a_message(world, client, invitation, data, field) -> None:
    pending, url = invitation
    response = accept(client, url, **data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not User.objects.filter(email="nora@nord.example").exists()
    pending.refresh_from_db()
    assert pending.accepted_at is None


def test_two_acceptances_of_one_link_create_one_user(client, invitation) -> None:
    pending, _ = invitation
    services.accept_invitation(invitation=pending, user=User(username="first"))
    with pytest.raises(services.InvitationUnavailable):
        services.accept_invitation(invitation=pending, user=User(username="second"))
    assert list(
        User.objects.filter(email="nora@nord.example").values_list("username", flat=True)
    ) == ["first"]


def test_suggested_username_is_free(world) -> None:
    assert services.suggest_username("alice@nord.example") == "alice2"
    assert services.suggest_username("nora+filter@nord.example") == "nora+filter"
    assert services.suggest_username("(♥)@nord.example") == "user"
