"""What every event workflow shares: the error type, the rights check, the mails."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from nahwerk.accounts.models import User
from nahwerk.mail import send_logged

logger = logging.getLogger(__name__)


class EventError(ValidationError):
    """A step the rules do not allow; the message says why."""


def _require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("You may not take this step for this event."))


# --- Mails ----------------------------------------------------------------------------------


def _subject(text: str, **params: Any) -> str:
    """A mail subject in the platform language (as the bodies), whatever the actor's.

    ``text`` is the untranslated message, marked with ``gettext_noop``.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return _(text) % params


def _mail_after_commit(items: list[tuple[User, str, str, dict[str, Any]]]) -> None:
    """(user, subject, template, context): rendered in the platform language after commit."""
    items = [item for item in items if item[0].email]
    if items:
        transaction.on_commit(lambda: send_mails(items), robust=True)


def send_mails(items: Iterable[tuple[User, str, str, dict[str, Any]]]) -> int:
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for user, subject, template, context in items:
            body = render_to_string(template, {"user": user, **context})
            messages.append((subject[:200], body, settings.DEFAULT_FROM_EMAIL, [user.email]))
    return send_logged(messages, "an event")


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path
