"""The shipped employment figures, imported once per test database (like the reference data)."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from conftest import ensure_reference_data
from nahwerk.regional.importing import load_shipped_employment
from nahwerk.regional.models import EmploymentRelease


def ensure_employment_data() -> None:
    if not EmploymentRelease.objects.exists():
        # after a transactional test emptied the database (pytest -n 2: any order)
        ensure_reference_data()
        load_shipped_employment()


@pytest.fixture(scope="session")
def _employment_once(django_db_setup: Any, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        ensure_employment_data()


@pytest.fixture
def employment(_employment_once: None, db: Any) -> None:
    # transactional tests (the browser's) empty the tables after themselves
    ensure_employment_data()


def shipped(year: int) -> Path:
    return Path(settings.DATA_DIR) / "employment" / f"13111-07-05-4_{year}.latin1.csv.gz"


def shipped_text(year: int) -> str:
    return gzip.decompress(shipped(year).read_bytes()).decode("latin-1")


@pytest.fixture(scope="session")
def district_names() -> dict[str, str]:
    path = Path(settings.DATA_DIR) / "reference" / "districts_vg5000_2021_attributes.csv"
    with path.open(encoding="utf-8") as handle:
        return {row["AGS"]: row["GEN"] for row in csv.DictReader(handle)}
