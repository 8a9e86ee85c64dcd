"""Sending notification mails after a step has been saved."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.core.mail import send_mass_mail

logger = logging.getLogger(__name__)

# (subject, body, from, [to]) as send_mass_mail takes them
Mail = tuple[str, str, str, list[str]]


def send_logged(messages: Sequence[Mail], what: str) -> int:
    """Send the mails; a failing mail server is logged, never raised.

    The step the mails tell about is already saved and shown on the site, so a lost mail
    must not turn into an error page.
    """
    if not messages:
        return 0
    try:
        return send_mass_mail(messages, fail_silently=False)
    except Exception:
        logger.exception("Could not send %d mails about %s", len(messages), what)
        return 0
