"""The demo's platform projects and In|Die RegionRuhr's fields of action."""

from __future__ import annotations

from typing import Any

import pytest

from nahwerk.demo.loading import load_demo
from nahwerk.demo.tests.test_load_demo import fast, importer_calls  # noqa: F401
from nahwerk.projects.models import FieldOfAction, Indicator, Participation, Project


@pytest.mark.django_db
def test_demo_projects_come_in_several_states_marked_and_once(
    importer_calls: Any,  # noqa: F811
    fast: Any,  # noqa: F811
) -> None:
    load_demo(with_history=False)
    # without the joint projects of the cooperation network (test_demo_cooperation.py)
    projects = Project.objects.filter(source="platform").exclude(title__startswith="Verbundprojekt")
    assert projects.count() == 7
    assert all(p.title.endswith("(Beispiel)") for p in projects)
    assert set(projects.values_list("status", flat=True)) >= {
        "idea",
        "forming",
        "submitted",
        "granted",
        "rejected",
        "running",
        "finished",
    }
    running = projects.get(status="running", networks__slug="imkk")
    assert running.granted_amount and running.decided_on and running.start_date
    assert running.participations.filter(organisation__users__username="institut-imkk").exists()
    fields = FieldOfAction.objects.filter(network__slug="indie-regionruhr")
    assert fields.count() == 4 and all("2010" in f.source_note for f in fields)
    assert fields.filter(projects__isnull=False).exists()
    counts = (projects.count(), Participation.objects.count(), Indicator.objects.count())
    load_demo(with_history=False)
    assert (projects.count(), Participation.objects.count(), Indicator.objects.count()) == counts
