"""Managers withdraw invitations they could send; a withdrawn link opens no account."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from nahwerk.accounts import services
from nahwerk.accounts.models import Invitation, User
from nahwerk.accounts.tests.factories import UserFactory
from nahwerk.networks.models import Membership

pytestmark = pytest.mark.django_db

INVITE_URL = reverse("accounts:invite")
PASSWORD = "Keramikfilter-2026!"


def invite(world, organisation=None, email="nora@nord.example", **extra):
    """An open invitation sent by alice (or bob, for a South organisation), and its link."""
    organisation = organisation or world.north_private
    inviter = (
        world.alice if organisation in (world.north_public, world.north_private) else world.bob
    )
    invitation, token, _ = services.invite_contact(
        organisation=organisation, email=email, invited_by=inviter, **extra
    )
    return invitation, reverse("accounts:accept_invitation", kwargs={"token": token})


def withdraw_url(invitation: Invitation) -> str:
    return reverse("accounts:withdraw_invitation", kwargs={"pk": invitation.pk})


def accept(client, url, username="nora"):
    data = {"username": username, "password1": PASSWORD, "password2": PASSWORD}
    return client.post(url, data)


def test_inviting_manager_withdraws_and_the_list_says_so(world, as_user) -> None:
    invitation, _ = invite(world)
    client = as_user(world.alice)
    assert withdraw_url(invitation) in client.get(INVITE_URL).content.decode()

    response = client.post(withdraw_url(invitation), follow=True)

    assert response.redirect_chain == [(INVITE_URL, 302)]
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    invitation.refresh_from_db()
    assert invitation.is_withdrawn and invitation.revoked_by == world.alice
    assert invitation.status == "withdrawn"
    html = response.content.decode()
    assert "nora@nord.example" in html  # still listed, as a record
    assert withdraw_url(invitation) not in html  # but without a button


def test_another_manager_of_the_network_and_the_site_admin_may_withdraw(world, as_user) -> None:
    first, _ = invite(world, email="nora@nord.example")
    second, _ = invite(world, email="nils@nord.example")
    colleague = UserFactory(username="anke", is_staff=True)
    colleague.managed_networks.add(world.north)

    assert as_user(colleague).post(withdraw_url(first)).status_code == 302
    assert as_user(world.root).post(withdraw_url(second)).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.revoked_by, second.revoked_by) == (colleague, world.root)


def test_member_user_is_refused_even_for_their_own_organisation(world, as_user) -> None:
    invitation, _ = invite(world, organisation=world.north_public)  # carla's organisation
    assert as_user(world.carla).post(withdraw_url(invitation)).status_code == 403
    invitation.refresh_from_db()
    assert invitation.can_be_accepted


def test_former_manager_is_refused(world, as_user) -> None:
    invitation, _ = invite(world)
    world.alice.managed_networks.clear()
    assert as_user(world.alice).post(withdraw_url(invitation)).status_code == 403
    invitation.refresh_from_db()
    assert invitation.can_be_accepted


def test_another_networks_manager_does_not_find_the_invitation(world, as_user) -> None:
    north, _ = invite(world)
    south, _ = invite(world, organisation=world.south_public, email="sven@sued.example")
    bob = as_user(world.bob)
    assert bob.post(withdraw_url(north)).status_code == 404
    assert bob.post(withdraw_url(south)).status_code == 302  # his own network's: fine
    north.refresh_from_db()
    south.refresh_from_db()
    assert north.can_be_accepted and south.is_withdrawn


def test_organisation_leaving_the_network_takes_its_invitations_out_of_reach(
    world, as_user
) -> None:
    invitation, _ = invite(world)
    Membership.objects.filter(organisation=world.north_private).delete()
    assert as_user(world.alice).post(withdraw_url(invitation)).status_code == 404


def test_unknown_invitation_is_404(world, as_user) -> None:
    url = reverse("accounts:withdraw_invitation", kwargs={"pk": 999_999})
    assert as_user(world.alice).post(url).status_code == 404


def test_anonymous_is_sent_to_login(world, client) -> None:
    invitation, _ = invite(world)
    response = client.post(withdraw_url(invitation))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    invitation.refresh_from_db()
    assert invitation.can_be_accepted


def test_get_is_not_allowed_and_changes_nothing(world, as_user) -> None:
    invitation, _ = invite(world)
    assert as_user(world.alice).get(withdraw_url(invitation)).status_code == 405
    invitation.refresh_from_db()
    assert invitation.can_be_accepted


def test_a_post_without_csrf_token_is_refused(world) -> None:
    invitation, _ = invite(world)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.alice)
    assert client.post(withdraw_url(invitation)).status_code == 403
    invitation.refresh_from_db()
    assert invitation.can_be_accepted
    # the button on the page carries the token
    html = client.get(INVITE_URL).content.decode()
    form = html[html.index(f'action="{withdraw_url(invitation)}"') :]
    assert 'name="csrfmiddlewaretoken"' in form[: form.index("</form>")]


def test_withdrawing_twice_changes_nothing_and_says_so(world, as_user) -> None:
    invitation, _ = invite(world)
    as_user(world.alice).post(withdraw_url(invitation), follow=True)
    invitation.refresh_from_db()
    first = (invitation.revoked_at, invitation.revoked_by)

    response = as_user(world.root).post(withdraw_url(invitation), follow=True)

    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["info"]
    invitation.refresh_from_db()
    assert (invitation.revoked_at, invitation.revoked_by) == first


def test_withdrawing_an_accepted_invitation_changes_nothing_and_says_so(
    world, as_user, client
) -> None:
    invitation, url = invite(world)
    accept(client, url)
    client.logout()

    response = as_user(world.alice).post(withdraw_url(invitation), follow=True)

    assert [m.level_tag for m in response.context["messages"]] == ["warning"]
    invitation.refresh_from_db()
    assert invitation.is_accepted and not invitation.is_withdrawn
    assert User.objects.get(username="nora").organisation == world.north_private


def test_a_withdrawn_link_is_refused_and_creates_nothing(world, client) -> None:
    invitation, url = invite(world)
    services.withdraw_invitation(invitation=invitation, withdrawn_by=world.alice)

    page = client.get(url)
    assert page.status_code == 410
    assert page.context["reason"] == "withdrawn"
    assert 'role="alert"' in page.content.decode()
    response = accept(client, url)
    assert response.status_code == 410
    assert response.context["reason"] == "withdrawn"

    assert not User.objects.filter(email="nora@nord.example").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None and invitation.accepted_user is None


def test_an_expired_invitation_that_was_withdrawn_says_withdrawn(world, client) -> None:
    invitation, url = invite(world)
    services.withdraw_invitation(invitation=invitation, withdrawn_by=world.alice)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(1))
    assert client.get(url).context["reason"] == "withdrawn"


def test_of_withdrawal_and_acceptance_only_the_first_wins(world) -> None:
    withdrawn_first, _ = invite(world, email="nora@nord.example")
    stale = Invitation.objects.get(pk=withdrawn_first.pk)  # as the accept form saw it
    services.withdraw_invitation(invitation=withdrawn_first, withdrawn_by=world.alice)
    with pytest.raises(services.InvitationUnavailable) as raised:
        services.accept_invitation(invitation=stale, user=User(username="late"))
    assert raised.value.reason == "withdrawn"
    assert not User.objects.filter(username="late").exists()

    accepted_first, _ = invite(world, email="nils@nord.example")
    stale = Invitation.objects.get(pk=accepted_first.pk)  # as the list showed it
    services.accept_invitation(invitation=accepted_first, user=User(username="nils"))
    invitation, withdrawn = services.withdraw_invitation(invitation=stale, withdrawn_by=world.alice)
    assert not withdrawn
    assert invitation.is_accepted and not invitation.is_withdrawn


def test_inviting_again_after_withdrawal_sends_a_new_link(world, client) -> None:
    old, old_url = invite(world)
    services.withdraw_invitation(invitation=old, withdrawn_by=world.alice)

    new, new_url = invite(world)

    assert new.pk != old.pk  # the withdrawn one stays as a record
    old.refresh_from_db()
    assert old.is_withdrawn
    assert client.get(old_url).status_code == 410
    assert accept(client, new_url).status_code == 302
    assert User.objects.get(username="nora").organisation == world.north_private


def test_the_list_shows_each_status_and_a_button_only_for_open_invitations(
    world, as_user, client
) -> None:
    open_, _ = invite(world, email="offen@nord.example")
    expired, _ = invite(world, email="abgelaufen@nord.example")
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(1))
    withdrawn, _ = invite(world, email="zurueck@nord.example")
    colleague = UserFactory(username="anke", first_name="Anke", last_name="Amt")
    services.withdraw_invitation(invitation=withdrawn, withdrawn_by=colleague)
    accepted, url = invite(world, email="angenommen@nord.example")
    accept(client, url, username="angenommen")
    client.logout()

    response = as_user(world.alice).get(INVITE_URL)

    html = response.content.decode()
    statuses = {i.email: i.status for i in response.context["page"].object_list}
    assert statuses == {
        "offen@nord.example": "open",
        "abgelaufen@nord.example": "expired",
        "zurueck@nord.example": "withdrawn",
        "angenommen@nord.example": "accepted",
    }
    assert withdraw_url(open_) in html
    for other in (expired, withdrawn, accepted):
        assert withdraw_url(other) not in html
    assert "Anke Amt" in html  # who withdrew


def test_the_button_brings_the_manager_back_to_the_same_page_of_the_list(world, as_user) -> None:
    invitation, _ = invite(world)
    response = as_user(world.alice).post(withdraw_url(invitation), {"seite": "2"})
    assert response["Location"] == f"{INVITE_URL}?seite=2"
    invitation, _ = invite(world, email="nils@nord.example")
    response = as_user(world.alice).post(withdraw_url(invitation), {"seite": "//evil.example"})
    assert response["Location"] == INVITE_URL


def test_user_text_is_escaped_on_the_page_and_in_the_message(world, as_user) -> None:
    world.alice.first_name = "<b>Alice</b>"
    world.alice.save()
    invitation, _ = invite(
        world, email="<script>x</script>@nord.example", first_name="<script>alert(1)</script>"
    )
    client = as_user(world.alice)
    html = client.get(INVITE_URL).content.decode()  # the list and the button's label
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    html = client.post(withdraw_url(invitation), follow=True).content.decode()
    assert "<script>" not in html and "<b>Alice</b>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;@nord.example" in html  # in the message
    assert "&lt;b&gt;Alice&lt;/b&gt;" in html  # withdrawn by
