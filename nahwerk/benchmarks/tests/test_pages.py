"""The per-page cost benchmark: which paths it requests and how it reports them."""

from __future__ import annotations

import random

from nahwerk.benchmarks.pages import PageCost, cost_table, paths

TARGETS = {
    "directory_queries": [{}, {"page": "2"}, {"network": "imkk"}],
    "needs": [f"Bedarf {i}" for i in range(30)],
    "postcodes": ["56203", "57610"],
}


def test_it_requests_what_the_load_benchmarks_visitors_open() -> None:
    rng = random.Random(1)
    persona = {"organisation": ["/organisationen/a/"], "need": []}
    assert paths("start", persona, TARGETS, rng) == ["/"]
    assert paths("organisation", persona, TARGETS, rng) == ["/organisationen/a/"]
    assert paths("need", persona, TARGETS, rng) == []  # nothing this visitor may open
    assert paths("directory", persona, TARGETS, rng) == [
        "/organisationen/",
        "/organisationen/?page=2",
        "/organisationen/?network=imkk",
    ]
    searches = paths("search", persona, TARGETS, rng)
    assert len(searches) == len(set(searches)) == 20  # each text new to the process
    assert all(s.startswith("/partner-finden/?q=Bedarf+") and "near=" in s for s in searches)


def test_the_table_has_a_line_per_page_type_and_visitor() -> None:
    table = cost_table([PageCost("directory", "anonymous", 9, 55.4, 70.2, 9)])
    assert table.splitlines()[2] == "| directory | anonymous | 9 | 55 | 70 | 9 |"
