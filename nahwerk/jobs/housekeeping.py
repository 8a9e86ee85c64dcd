"""Periodic housekeeping that belongs to no single domain app."""

from __future__ import annotations

from importlib import import_module

from django.conf import settings


def clear_expired_sessions() -> None:
    """Delete expired login sessions (Django keeps them until someone clears them)."""
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()
