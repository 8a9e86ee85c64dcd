"""An organisation edits its profile and contacts: who may, what is checked, what is stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse

from nahwerk.directory.choices import LawfulBasis, Visibility
from nahwerk.directory.forms import PROFILE_TEXT_MAX_CHARS
from nahwerk.directory.models import Person
from nahwerk.directory.services import editable_organisations
from nahwerk.jobs.queue import queued_args

pytestmark = pytest.mark.django_db


def queued_reindex_ids() -> list[Any]:
    """The organisations of the queued re-index jobs, after what the fixtures did commits.

    The test's transaction never commits; its commit hooks (the re-index of the fixtures'
    organisations, into which later changes of the same transaction are gathered) run here
    as a commit would run them.
    """
    for _savepoints, hook, _robust in list(transaction.get_connection().run_on_commit):
        hook()
    return [args[0] for args in queued_args("reindex")]


def edit_url(organisation: Any) -> str:
    return reverse("directory:edit", kwargs={"slug": organisation.slug})


def form_data(response: Any, **changes: Any) -> dict[str, Any]:
    """The edit form as the page filled it in, with ``changes`` applied (None removes)."""
    data: dict[str, Any] = {}
    formset = response.context["contacts"]
    forms = [response.context["form"], formset.management_form, *formset.forms]
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    for key, value in changes.items():
        key = key.replace("__", "-")
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def new_contact(**fields: Any) -> dict[str, Any]:
    """Fields of the one empty contact form (index 0 for an organisation without contacts)."""
    values = {
        "first_name": "Clara",
        "last_name": "Neu",
        "function": "Einkauf",
        "email": "clara@nord.example",
        "visibility": Visibility.PUBLIC,
        "email_visibility": Visibility.MEMBERS,
        "phone_visibility": Visibility.MANAGERS,
        "lawful_basis": LawfulBasis.CONTRACT,
        **fields,
    }
    return {f"contacts-0-{name}": value for name, value in values.items()}


# --- who may edit ---------------------------------------------------------------------------

# persona -> status of the edit page per organisation: 200 edit, 403 visible but not theirs,
# 404 not even visible (its existence is not revealed).
EDIT_MATRIX = {
    "carla": {"north_public": 200, "north_private": 403, "south_public": 403, "south_private": 404},
    "alice": {"north_public": 200, "north_private": 200, "south_public": 403, "south_private": 404},
    "bob": {"north_public": 403, "north_private": 404, "south_public": 200, "south_private": 200},
    "root": {"north_public": 200, "north_private": 200, "south_public": 200, "south_private": 200},
}


@pytest.mark.parametrize("persona", list(EDIT_MATRIX))
@pytest.mark.parametrize("org", ["north_public", "north_private", "south_public", "south_private"])
def test_who_may_open_the_edit_page(world, as_user, persona, org) -> None:
    client = as_user(getattr(world, persona))
    response = client.get(edit_url(getattr(world, org)))
    assert response.status_code == EDIT_MATRIX[persona][org]


@pytest.mark.parametrize("persona", list(EDIT_MATRIX))
@pytest.mark.parametrize("org", ["north_public", "north_private", "south_public", "south_private"])
def test_who_may_save(world, as_user, persona, org) -> None:
    organisation = getattr(world, org)
    client = as_user(world.root)
    data = form_data(client.get(edit_url(organisation)), offers="Prüfstand zur Mitnutzung")
    client = as_user(getattr(world, persona))
    response = client.post(edit_url(organisation), data)
    allowed = EDIT_MATRIX[persona][org] == 200
    assert response.status_code == (302 if allowed else EDIT_MATRIX[persona][org])
    organisation.refresh_from_db()
    assert (organisation.offers == "Prüfstand zur Mitnutzung") is allowed


def test_anonymous_is_sent_to_the_login(world, client) -> None:
    for org in (world.north_public, world.south_private):
        response = client.get(edit_url(org))
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
        response = client.post(edit_url(org), {"offers": "x"})
        assert response.status_code == 302
    world.north_public.refresh_from_db()
    assert world.north_public.offers == ""


def test_edit_link_only_for_those_who_may_edit(world, client, as_user) -> None:
    url = world.north_public.get_absolute_url()
    assert edit_url(world.north_public) not in client.get(url).content.decode()
    assert edit_url(world.north_public) in as_user(world.carla).get(url).content.decode()
    assert edit_url(world.north_public) not in as_user(world.bob).get(url).content.decode()


# --- saving ---------------------------------------------------------------------------------


def test_carla_saves_her_profile_and_it_is_queued_for_the_index(world, as_user) -> None:
    client = as_user(world.carla)
    org = world.north_public
    data = form_data(
        client.get(edit_url(org)),
        description="Technische Keramik aus dem Westerwald.",
        competences="Sintern, Schlickerguss",
        competences_visibility=Visibility.MEMBERS,
        offers="Mitnutzung unseres Brennofens",
        postcode="57610",
        city="Altenkirchen",
        website="https://nord-keramik.example",
    )
    queued_reindex_ids()  # the fixtures' changes are queued
    before = len(queued_args("reindex"))
    response = client.post(edit_url(org), data)
    assert response.status_code == 302
    assert response.url == org.get_absolute_url()
    org.refresh_from_db()
    assert org.offers == "Mitnutzung unseres Brennofens"
    assert org.competences_visibility == Visibility.MEMBERS
    assert org.district_id == "07132"  # derived from the new postcode (Altenkirchen)
    assert [org.pk] in queued_reindex_ids()[before:]
    page = client.get(response.url).content.decode()
    assert "Mitnutzung unseres Brennofens" in page


def test_carla_adds_a_contact_on_the_basis_of_membership(world, as_user) -> None:
    client = as_user(world.carla)
    org = world.north_public
    data = form_data(client.get(edit_url(org)), **new_contact())
    assert client.post(edit_url(org), data).status_code == 302
    person = org.people.get()
    assert (person.full_name, person.lawful_basis) == ("Clara Neu", LawfulBasis.CONTRACT)
    assert person.email_visibility == Visibility.MEMBERS
    assert person.consent_given_at is None


def test_consent_is_recorded_with_purpose_and_date(world, as_user) -> None:
    client = as_user(world.carla)
    org = world.north_public
    fields = new_contact(
        lawful_basis=LawfulBasis.CONSENT, consent="on", consent_purpose="Kontakt im Netzwerk"
    )
    assert (
        client.post(edit_url(org), form_data(client.get(edit_url(org)), **fields)).status_code
        == 302
    )
    person = org.people.get()
    assert person.consent_purpose == "Kontakt im Netzwerk"
    assert person.consent_given_at is not None


def test_alice_removes_a_contact_and_its_data_is_gone(world, as_user) -> None:
    client = as_user(world.alice)
    org = world.north_private
    data = form_data(client.get(edit_url(org)), **{"contacts-0-DELETE": "on"})
    assert client.post(edit_url(org), data).status_code == 302
    assert not Person.objects.filter(pk=world.north_contact.pk).exists()


def test_a_contact_of_another_organisation_cannot_be_changed_through_the_form(
    world, as_user
) -> None:
    client = as_user(world.carla)
    org = world.north_public
    # posted as if it were one of the organisation's own (initial) contacts
    fields = new_contact(id=world.south_contact.pk, last_name="Übernommen")
    data = form_data(client.get(edit_url(org)), contacts__INITIAL_FORMS="1", **fields)
    client.post(edit_url(org), data)  # Django skips a form whose id is not in the queryset
    world.south_contact.refresh_from_db()
    assert (world.south_contact.organisation, world.south_contact.last_name) == (
        world.south_public,
        "Süd",
    )
    assert not org.people.exists()


def test_members_may_not_choose_legitimate_interest_but_managers_may(world, as_user) -> None:
    fields = new_contact(lawful_basis=LawfulBasis.LEGITIMATE_INTEREST)
    client = as_user(world.carla)
    org = world.north_public
    response = client.post(edit_url(org), form_data(client.get(edit_url(org)), **fields))
    assert response.status_code == 200
    assert not org.people.exists()
    client = as_user(world.alice)
    response = client.post(edit_url(org), form_data(client.get(edit_url(org)), **fields))
    assert response.status_code == 302
    assert org.people.get().lawful_basis == LawfulBasis.LEGITIMATE_INTEREST


# --- bad input stores nothing ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"description": "x" * 1_000_000}, "description"),
        ({"offers": "y" * (PROFILE_TEXT_MAX_CHARS + 1)}, "offers"),
        ({"postcode": "00000"}, "postcode"),
        ({"website": "javascript:alert(1)"}, "website"),
        (new_contact(lawful_basis=LawfulBasis.CONSENT, consent="on"), "consent_purpose"),
        (new_contact(lawful_basis=LawfulBasis.CONSENT, consent_purpose="News"), "consent"),
        (new_contact(first_name=""), "first_name"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_nothing_is_stored(
    world, as_user, changes, field
) -> None:
    client = as_user(world.carla)
    org = world.north_public
    # a valid change alongside, which must not be stored either: saving is all or nothing
    data = form_data(client.get(edit_url(org)), **{"offers": "Neues Angebot", **changes})
    before = {"description": org.description, "offers": org.offers, "postcode": org.postcode}
    queued = queued_reindex_ids()
    response = client.post(edit_url(org), data)
    assert response.status_code == 200
    errors = response.context["form"].errors.get(field) or response.context["contacts"].forms[
        0
    ].errors.get(field)
    assert errors
    html = response.content.decode()
    assert 'role="alert"' in html
    assert 'aria-invalid="true"' in html
    org.refresh_from_db()
    assert {name: getattr(org, name) for name in before} == before
    assert not org.people.exists()
    assert queued_reindex_ids() == queued


def test_messages_name_the_problem(world, as_user) -> None:
    client = as_user(world.carla)
    url = edit_url(world.north_public)
    data = form_data(client.get(url), description="x" * 1_000_000, postcode="<i>1</i>")
    response = client.post(url, data)
    form = response.context["form"]
    assert "10000" in str(form.errors["description"]).replace(".", "").replace(",", "")
    assert "1000000" in str(form.errors["description"]).replace(".", "").replace(",", "")
    assert form.errors["postcode"] == ["Unbekannte deutsche Postleitzahl: <i>1</i>"]
    html = response.content.decode()
    assert "&lt;i&gt;1&lt;/i&gt;" in html
    assert "<i>1</i>" not in html


def test_user_text_is_shown_escaped(world, as_user) -> None:
    client = as_user(world.carla)
    org = world.north_public
    script = "<script>alert('x')</script>"
    data = form_data(
        client.get(edit_url(org)),
        description=script,
        offers=script,
        **new_contact(first_name=script, function=script),
    )
    assert client.post(edit_url(org), data).status_code == 302
    for url in (org.get_absolute_url(), edit_url(org)):
        html = client.get(url).content.decode()
        assert script not in html
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


@pytest.mark.parametrize("persona", list(EDIT_MATRIX))
def test_editable_organisations_agrees_with_the_page(world, persona) -> None:
    user = getattr(world, persona)
    editable = set(editable_organisations(user).values_list("slug", flat=True))
    expected = {
        getattr(world, org).slug for org, status in EDIT_MATRIX[persona].items() if status == 200
    }
    assert editable == expected
