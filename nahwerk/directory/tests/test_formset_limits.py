"""A posted profile announcing 1000 contact forms is refused before any form is built."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import QueryDict

from nahwerk.directory import forms as directory_forms
from nahwerk.directory.forms import MAX_CONTACTS, ContactFormSet
from nahwerk.directory.models import Person
from nahwerk.directory.tests.test_profile_editing import edit_url, form_data
from nahwerk.forms import check_formset_size

pytestmark = pytest.mark.django_db


@pytest.fixture
def built_forms(monkeypatch: Any) -> list[int]:
    """Counts every contact form constructed."""
    built: list[int] = []
    original = directory_forms.ContactForm.__init__

    def counting(self: Any, *args: Any, **kwargs: Any) -> None:
        built.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(directory_forms.ContactForm, "__init__", counting)
    return built


@pytest.mark.parametrize("total", ["1000", str(MAX_CONTACTS + 1), "9" * 30, "²"])
def test_too_many_announced_forms_are_refused_unbuilt(
    as_user: Any, world: Any, built_forms: list[int], total: str
) -> None:
    client = as_user(world.carla)
    data = form_data(client.get(edit_url(world.north_public)), contacts__TOTAL_FORMS=total)
    built_forms.clear()
    client.raise_request_exception = False
    contacts_before = Person.objects.count()

    response = client.post(edit_url(world.north_public), data)

    assert response.status_code == 400
    assert "contacts-TOTAL_FORMS" in response.context["reason"]
    assert built_forms == []
    assert Person.objects.count() == contacts_before


def test_the_formset_itself_never_builds_more_than_the_limit(
    world: Any, built_forms: list[int]
) -> None:
    data = QueryDict(mutable=True)
    data.update({"contacts-TOTAL_FORMS": "1000", "contacts-INITIAL_FORMS": "0"})
    formset = ContactFormSet(data, instance=world.north_public, prefix="contacts")
    assert not formset.is_valid()
    assert len(built_forms) <= MAX_CONTACTS


@pytest.mark.parametrize("total", ["0", "1", str(MAX_CONTACTS)])
def test_up_to_the_limit_passes_the_check(total: str) -> None:
    data = {"contacts-TOTAL_FORMS": total, "contacts-INITIAL_FORMS": "0"}
    check_formset_size(data, prefix="contacts", max_forms=MAX_CONTACTS)  # does not raise
