"""The demo's joint projects give every network a cooperation graph worth looking at."""

from __future__ import annotations

from typing import Any

import pytest

from nahwerk.accounts.models import User
from nahwerk.demo.loading import load_demo
from nahwerk.demo.tests.test_load_demo import fast, importer_calls  # noqa: F401
from nahwerk.networks.models import Network
from nahwerk.projects.models import Project
from nahwerk.regional.cooperation import Period, cooperation_report


@pytest.mark.django_db
def test_every_demo_network_has_groups_bridges_border_ties_and_isolated_members(
    importer_calls: Any,  # noqa: F811
    fast: Any,  # noqa: F811
) -> None:
    load_demo(with_history=False)
    joint = Project.objects.filter(title__startswith="Verbundprojekt")
    assert joint.exists() and all(p.title.endswith("(Beispiel)") for p in joint)
    assert set(joint.values_list("status", flat=True)) == {"finished", "running"}
    admin = User.objects.get(username="admin")
    for network in Network.objects.all():
        report = cooperation_report(network, admin, Period(), suggestions=3)
        analysis = report.analysis
        assert len(analysis.edges) >= 30, network.slug
        assert len(analysis.communities) >= 2, network.slug
        assert analysis.border_edges, network.slug
        assert 1 <= len(analysis.isolated) <= 3, network.slug
        assert report.suggestions, network.slug
    count = joint.count()
    load_demo(with_history=False)
    assert joint.count() == count
