"""A manager of one network cannot see or change another network's members, anywhere."""

from __future__ import annotations

import pytest
from django.urls import reverse

from nahwerk.directory.models import PROFILE_TEXT_FIELDS
from nahwerk.networks.choices import MembershipStatus
from nahwerk.networks.models import Membership

pytestmark = pytest.mark.django_db


def change_url(obj: object) -> str:
    meta = obj._meta  # type: ignore[attr-defined]
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])  # type: ignore[attr-defined]


def test_manager_sees_only_own_members_in_admin_list(world, as_user) -> None:
    client = as_user(world.alice)
    response = client.get(reverse("admin:directory_organisation_changelist"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Nord Keramik GmbH" in content and "Nord Geheim GmbH" in content
    assert "Süd Metall GmbH" not in content and "Süd Geheim GmbH" not in content


@pytest.mark.parametrize("name", ["south_public", "south_private"])
def test_manager_cannot_open_other_networks_organisation_by_url(world, as_user, name) -> None:
    client = as_user(world.alice)
    response = client.get(change_url(getattr(world, name)), follow=True)
    assert getattr(world, name).name not in response.content.decode()
    # Django's admin answers a missing object with a redirect to the admin index.
    assert response.redirect_chain and response.redirect_chain[-1][0] == reverse("admin:index")


def test_manager_cannot_change_other_networks_organisation_by_post(world, as_user) -> None:
    client = as_user(world.alice)
    target = world.south_public
    client.post(change_url(target), {"name": "Gekapert", "slug": target.slug, "kind": "sme"})
    target.refresh_from_db()
    assert target.name == "Süd Metall GmbH"


def test_manager_cannot_see_other_networks_memberships_or_people(world, as_user) -> None:
    client = as_user(world.alice)
    memberships = client.get(reverse("admin:networks_membership_changelist")).content.decode()
    assert "Nord Keramik GmbH" in memberships
    assert "Süd Metall GmbH" not in memberships
    people = client.get(reverse("admin:directory_person_changelist")).content.decode()
    assert "Nora" in people and "Sven" not in people
    response = client.get(change_url(world.south_contact), follow=True)
    assert "sven@sued.example" not in response.content.decode()


def test_manager_cannot_change_other_network_settings(world, as_user) -> None:
    client = as_user(world.alice)
    assert (
        "Netzwerk Süd"
        not in client.get(reverse("admin:networks_network_changelist")).content.decode()
    )
    client.post(
        change_url(world.south), {"name": "Gekapert", "slug": "sued", "kind": "wir_alliance"}
    )
    world.south.refresh_from_db()
    assert world.south.name == "Netzwerk Süd"


def test_manager_cannot_add_membership_in_other_network(world, as_user) -> None:
    client = as_user(world.alice)
    response = client.post(
        reverse("admin:networks_membership_add"),
        {"organisation": world.north_public.pk, "network": world.south.pk, "status": "active"},
    )
    assert response.status_code == 200  # the form is shown again with an error
    assert "network" in response.context["adminform"].form.errors
    assert not Membership.objects.filter(
        organisation=world.north_public, network=world.south
    ).exists()


def test_manager_cannot_pull_non_public_organisation_into_own_network(world, as_user) -> None:
    client = as_user(world.alice)
    response = client.post(
        reverse("admin:networks_membership_add"),
        {"organisation": world.south_private.pk, "network": world.north.pk, "status": "active"},
    )
    assert "organisation" in response.context["adminform"].form.errors
    assert (
        not Membership.objects.filter(organisation=world.south_private)
        .exclude(network=world.south)
        .exists()
    )


def test_manager_can_change_own_member(world, as_user) -> None:
    client = as_user(world.alice)
    response = client.get(change_url(world.north_public))
    assert response.status_code == 200
    membership_ids = [
        form.instance.network_id
        for formset in response.context["inline_admin_formsets"]
        for form in formset.formset.forms
        if isinstance(form.instance, Membership)
    ]
    assert membership_ids == [world.north.pk]


def test_membership_inline_hides_other_networks(world, as_user) -> None:
    Membership.objects.create(
        organisation=world.north_public, network=world.south, status=MembershipStatus.ACTIVE
    )
    client = as_user(world.alice)
    html = client.get(change_url(world.north_public)).content.decode()
    assert "Netzwerk Nord" in html
    # The South membership exists, but alice must not learn of it.
    assert "Netzwerk Süd" not in html


def test_manager_must_add_new_organisation_to_own_network(world, as_user) -> None:
    client = as_user(world.alice)
    data = {
        "name": "Neue Firma GmbH",
        "slug": "neue-firma",
        "kind": "sme",
        "country": "DE",
        "visibility": "public",
        **{f"{field}_visibility": "public" for field in PROFILE_TEXT_FIELDS},
        "source": "manual",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "people-TOTAL_FORMS": "0",
        "people-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:directory_organisation_add"), data)
    assert response.status_code == 200
    assert (
        "Add a membership in one of your networks" in response.content.decode()
        or "Mitgliedschaft" in response.content.decode()
    )
    data.update(
        {
            "memberships-TOTAL_FORMS": "1",
            "memberships-0-network": str(world.north.pk),
            "memberships-0-status": "active",
        }
    )
    response = client.post(reverse("admin:directory_organisation_add"), data)
    assert response.status_code == 302
    assert Membership.objects.filter(organisation__slug="neue-firma", network=world.north).exists()


def test_site_admin_sees_everything(world, as_user) -> None:
    html = (
        as_user(world.root).get(reverse("admin:directory_organisation_changelist")).content.decode()
    )
    for name in ("Nord Keramik GmbH", "Nord Geheim GmbH", "Süd Metall GmbH", "Süd Geheim GmbH"):
        assert name in html


@pytest.mark.parametrize("persona", ["carla", None])
def test_member_users_and_anonymous_have_no_admin(world, client, as_user, persona) -> None:
    if persona:
        client = as_user(getattr(world, persona))
    response = client.get(reverse("admin:directory_organisation_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_manager_autocomplete_offers_only_visible_organisations(world, as_user) -> None:
    client = as_user(world.alice)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "networks",
            "model_name": "membership",
            "field_name": "organisation",
            "term": "Geheim",
        },
    )
    names = [r["text"] for r in response.json()["results"]]
    assert names == ["Nord Geheim GmbH"]


def test_network_filter_offers_only_managed_networks(world, as_user) -> None:
    client = as_user(world.alice)
    html = client.get(reverse("admin:directory_organisation_changelist")).content.decode()
    assert f"?network={world.north.pk}" in html
    assert f"?network={world.south.pk}" not in html
    # typing the other network's id into the URL filters nothing in
    html = client.get(
        reverse("admin:directory_organisation_changelist"), {"network": world.south.pk}
    ).content.decode()
    assert "Süd Metall GmbH" not in html
