"""Managers invite contacts of the organisations they manage, and nobody else does."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from nahwerk.accounts.models import Invitation
from nahwerk.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("accounts:invite")


def invite(client, organisation, email="nora@nord.example", **extra):
    data = {"organisation": organisation.slug, "email": email, **extra}
    return client.post(URL, data, follow=True)


def test_anonymous_is_sent_to_login(world, client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert (
        client.post(URL, {"organisation": "nord-keramik", "email": "x@example.org"}).status_code
        == 302
    )
    assert not Invitation.objects.exists()


def test_member_user_may_not_invite(world, as_user, mailoutbox) -> None:
    client = as_user(world.carla)
    assert client.get(URL).status_code == 403
    assert invite(client, world.north_public).status_code == 403
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_manager_is_offered_only_the_organisations_of_their_networks(world, as_user) -> None:
    html = as_user(world.alice).get(URL).content.decode()
    assert "Nord Keramik GmbH" in html
    assert "Nord Geheim GmbH" in html
    assert "Süd Metall GmbH" not in html


def test_manager_cannot_invite_for_another_networks_organisation(
    world, as_user, mailoutbox
) -> None:
    response = invite(as_user(world.bob), world.north_public)
    assert response.status_code == 200
    assert response.context["form"].errors["organisation"]
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_manager_invites_a_contact_and_the_mail_carries_the_link(
    world, as_user, mailoutbox
) -> None:
    response = invite(
        as_user(world.alice), world.north_private, first_name="Nora", last_name="Nord"
    )
    assert response.status_code == 200
    assert "nora@nord.example" in response.content.decode()  # in the message and the list

    invitation = Invitation.objects.get()
    assert invitation.organisation == world.north_private
    assert invitation.invited_by == world.alice
    assert invitation.network == world.north
    assert invitation.can_be_accepted

    (mail,) = mailoutbox
    assert mail.to == ["nora@nord.example"]
    assert "Nord Geheim GmbH" in mail.subject
    assert "\n" not in mail.subject
    assert "Nora Nord" in mail.body
    link = re.search(r"http://127\.0\.0\.1:8000/konto/einladung/[\w-]+/", mail.body)
    assert link, mail.body
    # only the hash is stored: the token in the link is not in the database
    token = link.group(0).rstrip("/").rsplit("/", 1)[1]
    assert token not in invitation.token_hash
    assert Invitation.objects.by_token(token) == invitation


def test_mail_is_in_the_site_language_even_for_an_english_speaking_manager(
    world, as_user, mailoutbox
) -> None:
    client = as_user(world.alice)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    invite(client, world.north_public)
    # the invitee's language is unknown, so the mail is German: the expiry date shows it
    expires = timezone.localtime(Invitation.objects.get().expires_at)
    with translation.override("de"):
        german_date = date_format(expires, "DATE_FORMAT")
    assert german_date in mailoutbox[0].body


def test_site_admin_may_invite_for_any_organisation(world, as_user, mailoutbox) -> None:
    invite(as_user(world.root), world.south_private, email="sara@sued.example")
    assert Invitation.objects.get().organisation == world.south_private
    assert len(mailoutbox) == 1


def test_inviting_again_renews_instead_of_duplicating(world, as_user, mailoutbox) -> None:
    client = as_user(world.alice)
    invite(client, world.north_public, email="nora@nord.example")
    first_hash = Invitation.objects.get().token_hash
    response = invite(client, world.north_public, email="Nora@Nord.Example", first_name="Nora")

    invitation = Invitation.objects.get()
    assert invitation.token_hash != first_hash  # the first link no longer works
    assert invitation.first_name == "Nora"
    assert len(mailoutbox) == 2
    assert response.context["messages"]
    # the same address for another organisation is a separate invitation
    invite(client, world.north_private, email="nora@nord.example")
    assert Invitation.objects.count() == 2


def test_existing_account_with_that_address_is_reported(world, as_user, mailoutbox) -> None:
    UserFactory(email="nora@nord.example")
    response = invite(as_user(world.alice), world.north_public, email="NORA@nord.example")
    errors = response.context["form"].errors["email"]
    assert errors and response.context["form"].has_error("email", "account_exists")
    assert not Invitation.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"email": "not an address"}, "email"),
        ({"email": ""}, "email"),
        ({"first_name": "N" * 1_000_000}, "first_name"),
        ({"last_name": "N" * 1_000_000}, "last_name"),
        ({"organisation": "does-not-exist"}, "organisation"),
    ],
)
def test_bad_input_is_refused_with_a_message(world, as_user, mailoutbox, data, field) -> None:
    payload = {"organisation": "nord-keramik", "email": "nora@nord.example", **data}
    response = as_user(world.alice).post(URL, payload)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    html = response.content.decode()
    assert 'role="alert"' in html
    assert 'aria-invalid="true"' in html
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_user_text_is_escaped_on_the_page(world, as_user) -> None:
    client = as_user(world.alice)
    invite(client, world.north_public, first_name="<script>alert(1)</script>")
    html = client.get(URL).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_organisation_is_prefilled_from_the_query_but_only_within_scope(world, as_user) -> None:
    client = as_user(world.alice)
    html = client.get(URL, {"organisation": "nord-geheim"}).content.decode()
    assert re.search(r'<option value="nord-geheim" selected>', html)
    html = client.get(URL, {"organisation": "sued-metall"}).content.decode()
    assert '<option value="sued-metall"' not in html
    assert not re.search(r'<option value="[^"]+" selected>', html)


def test_invitation_list_is_scoped_to_the_managers_networks(world, as_user) -> None:
    invite(as_user(world.alice), world.north_public, email="nora@nord.example")
    invite(as_user(world.bob), world.south_public, email="sven@sued.example")

    alice_page = as_user(world.alice).get(URL).content.decode()
    assert "nora@nord.example" in alice_page
    assert "sven@sued.example" not in alice_page
    bob_page = as_user(world.bob).get(URL).content.decode()
    assert "sven@sued.example" in bob_page
    assert "nora@nord.example" not in bob_page
    root_page = as_user(world.root).get(URL).content.decode()
    assert "nora@nord.example" in root_page and "sven@sued.example" in root_page


def test_failed_mail_keeps_the_invitation_and_says_so(world, as_user, monkeypatch) -> None:
    from nahwerk.accounts import services

    def refuse(**kwargs):
        raise ConnectionRefusedError("SMTP server down")

    monkeypatch.setattr(services, "send_invitation_mail", refuse)
    response = invite(as_user(world.alice), world.north_public)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert Invitation.objects.count() == 1
