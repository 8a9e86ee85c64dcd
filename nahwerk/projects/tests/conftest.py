"""Fixtures and markers of the project-history tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation


def pytest_configure(config: Any) -> None:
    # Registered here because --strict-markers rejects unknown marks; such tests still run
    # in the normal suite, "-m 'not slow'" leaves them out when time is short.
    config.addinivalue_line("markers", "slow: imports a full shipped data file (seconds)")


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    """Error messages are asserted in English, whatever the German catalogue says."""
    with translation.override("en"):
        yield
