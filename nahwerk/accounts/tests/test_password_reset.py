"""Forgotten passwords are reset by mail; logged-in users change theirs."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user
from django.urls import reverse

from nahwerk.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Hochtemperatur-Filter-77"


def test_login_page_links_to_password_reset(client) -> None:
    html = client.get(reverse("accounts:login")).content.decode()
    assert reverse("accounts:password_reset") in html


def test_reset_by_mail_sets_a_new_password_once(world, client, mailoutbox) -> None:
    response = client.post(reverse("accounts:password_reset"), {"email": "CARLA@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")

    (mail,) = mailoutbox
    assert mail.to == ["carla@example.org"]
    assert "carla" in mail.body  # the username, in case it was forgotten too
    link = re.search(r"http://127\.0\.0\.1:8000(/konto/passwort/neu/[\w-]+/[\w-]+/)", mail.body)
    assert link, mail.body

    # Django's confirm view swaps the token for a session marker and redirects
    form_page = client.get(link.group(1), follow=True)
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done["Location"] == reverse("accounts:password_reset_complete")
    world.carla.refresh_from_db()
    assert world.carla.check_password(NEW_PASSWORD)

    # the link is used up
    again = client.get(link.group(1), follow=True)
    assert not again.context["validlink"]
    assert 'role="alert"' in again.content.decode()


def test_unknown_address_gets_the_same_answer_and_no_mail(world, client, mailoutbox) -> None:
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mailoutbox == []


def test_done_page_says_where_the_demo_puts_mail(client, settings, tmp_path) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(settings.BASE_DIR / "var" / "mail")
    html = client.get(reverse("accounts:password_reset_done")).content.decode()
    assert "var/mail" in html
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    html = client.get(reverse("accounts:password_reset_done")).content.decode()
    assert "var/mail" not in html


def test_logged_in_user_changes_the_password(world, as_user) -> None:
    client = as_user(world.carla)
    url = reverse("accounts:password_change")
    wrong = client.post(
        url,
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["old_password"]

    response = client.post(
        url,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == reverse("accounts:password_change_done")
    world.carla.refresh_from_db()
    assert world.carla.check_password(NEW_PASSWORD)
    assert get_user(client).is_authenticated  # still logged in after the change


def test_password_change_needs_a_login(client) -> None:
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
