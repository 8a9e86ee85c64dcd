"""The demo's talent exchange: postings for every demo network, the FGK thesis, idempotent."""

from __future__ import annotations

from typing import Any

import pytest

from nahwerk.demo.loading import load_demo
from nahwerk.demo.tests.test_load_demo import fast, importer_calls  # noqa: F401
from nahwerk.talent.choices import PostingKind
from nahwerk.talent.models import Application, Posting


@pytest.mark.django_db
def test_the_demo_networks_have_postings_and_loading_twice_adds_none(
    importer_calls: Any,  # noqa: F811
    fast: Any,  # noqa: F811
) -> None:
    load_demo(with_history=False)
    board = Posting.objects.on_board()
    networks = set(board.values_list("organisation__memberships__network__slug", flat=True))
    assert {"imkk", "smarterz", "emscher-lippe", "hannoverimpuls"} <= networks
    thesis = board.get(kind=PostingKind.MASTER_THESIS)
    assert thesis.chair is not None and thesis.chair.slug == "fgk-forschungsinstitut-glas-keramik"
    assert thesis.place == "Höhr-Grenzhausen" or thesis.district is not None
    assert board.filter(kind=PostingKind.SECONDMENT, organisation__slug__contains="chemnitz")
    assert Application.objects.get().consent_version
    counts = (Posting.objects.count(), Application.objects.count())
    load_demo(with_history=False)
    assert (Posting.objects.count(), Application.objects.count()) == counts
