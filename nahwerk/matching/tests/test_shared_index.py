"""The partner index in the database: several processes follow one index without rebuilds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nahwerk.directory.choices import Visibility
from nahwerk.directory.tests.factories import OrganisationFactory
from nahwerk.matching import services
from nahwerk.matching.models import IndexedProfile, IndexState
from nahwerk.matching.tests.conftest import NEED
from nahwerk.networks.models import NetworkRole
from nahwerk.networks.tests.factories import NetworkFactory
from nahwerk_engine.matching import MatchingIndex
from nahwerk_engine.matching.embedders import passage_embedder
from nahwerk_engine.matching.passages import profile_passages, unpack_passages

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _index_in_tmp(matching_index: Path) -> None:
    pass


@pytest.fixture
def two_processes(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Two web processes: each its own index cache, both reading the same database."""
    caches = (services._IndexCache(), services._IndexCache())

    def search(process: int, **kwargs: Any) -> list[tuple[str, float]]:
        monkeypatch.setattr(services, "index_cache", caches[process])
        return [
            (m.organisation.name, round(m.score, 5))
            for m in services.find_partners(NEED, near="56203", **kwargs)
        ]

    yield caches, search


def _forbid_rebuilds(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the whole index was built again")

    monkeypatch.setattr(services, "rebuild_index", refuse)
    monkeypatch.setattr(MatchingIndex, "build", refuse)


def test_two_processes_answer_alike_after_a_profile_change_without_a_rebuild(
    orgs: dict[str, Any], two_processes: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    caches, search = two_processes
    services.rebuild_index()
    before = search(0)
    assert search(1) == before
    assert "Spritzguss Westerwald GmbH" not in [name for name, _ in before]
    loaded = [cache.get() for cache in caches]

    plastics = orgs["plastics"]
    plastics.description = "Keramische Hochtemperaturfilter für die Heißgasreinigung."
    plastics.save()
    _forbid_rebuilds(monkeypatch)
    # what the worker's job for this edit does
    assert services.reindex_organisations([plastics.pk]) == 1

    after = search(0)
    assert search(1) == after
    assert "Spritzguss Westerwald GmbH" in [name for name, _ in after]
    # each process changed its loaded index in place: one profile applied, no new load
    assert [cache.get() for cache in caches] == loaded
    assert [cache.loads for cache in caches] == [1, 1]
    assert [cache.applied for cache in caches] == [1, 1]


def test_a_deleted_organisation_leaves_every_process_index(
    orgs: dict[str, Any], two_processes: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    caches, search = two_processes
    services.rebuild_index()
    assert "Institut für Hochtemperaturwerkstoffe" in dict(search(0))
    search(1)
    pk = orgs["institute"].pk
    _forbid_rebuilds(monkeypatch)
    orgs["institute"].delete()  # no worker needed: the removal is written at once
    assert IndexedProfile.objects.get(profile_id=pk).removed
    for process in (0, 1):
        assert "Institut für Hochtemperaturwerkstoffe" not in dict(search(process))
        assert pk not in caches[process].get()


def test_a_full_rebuild_makes_every_process_load_the_new_generation(
    orgs: dict[str, Any], two_processes: Any
) -> None:
    caches, search = two_processes
    services.rebuild_index()
    search(0)
    first = IndexState.objects.get().generation
    services.rebuild_index()
    assert IndexState.objects.get().generation != first
    search(0)
    assert caches[0].loads == 2


def test_only_changed_profiles_are_written(orgs: dict[str, Any]) -> None:
    services.rebuild_index()
    revision = IndexState.objects.get().revision
    assert services.reindex_organisations(None) == 0
    assert services.reindex_organisations([orgs["studio"].pk]) == 0
    assert IndexState.objects.get().revision == revision
    orgs["studio"].name = "Glatt & Schön Kosmetik"
    orgs["studio"].save()
    assert services.reindex_organisations([orgs["studio"].pk, orgs["plastics"].pk]) == 1
    row = IndexedProfile.objects.get(profile_id=orgs["studio"].pk)
    assert row.revision == revision + 1 and row.profile["name"] == "Glatt & Schön Kosmetik"


def test_without_an_index_the_first_reindex_builds_it(orgs: dict[str, Any]) -> None:
    assert not services.index_ready()
    assert services.reindex_organisations([orgs["studio"].pk]) == 4
    assert services.index_ready()
    assert IndexedProfile.objects.count() == 4


def test_visibility_comes_from_the_index_and_a_new_restriction_applies_at_once(
    orgs: dict[str, Any], two_processes: Any
) -> None:
    _caches, search = two_processes
    services.rebuild_index()
    assert "Verdeckte Keramik GmbH" not in dict(search(0))
    hidden = orgs["hidden"]
    hidden.visibility = Visibility.PUBLIC
    hidden.save()
    # made public: found once the worker has applied it
    assert "Verdeckte Keramik GmbH" not in dict(search(0))
    services.reindex_organisations([hidden.pk])
    assert "Verdeckte Keramik GmbH" in dict(search(0))
    # restricted again: hidden at once, before the worker runs
    hidden.visibility = Visibility.MANAGERS
    hidden.save()
    assert "Verdeckte Keramik GmbH" not in dict(search(0))


def test_a_network_role_is_indexed_as_reach(orgs: dict[str, Any]) -> None:
    services.rebuild_index()
    network = NetworkFactory()
    NetworkRole.objects.create(network=network, organisation=orgs["hidden"], kind="board_member")
    services.reindex_organisations([orgs["hidden"].pk])
    row = IndexedProfile.objects.get(profile_id=orgs["hidden"].pk)
    assert row.profile["reach"] == [network.pk]


def test_a_new_organisation_reaches_the_search_of_a_running_process(
    orgs: dict[str, Any], two_processes: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    caches, search = two_processes
    services.rebuild_index()
    search(0)
    OrganisationFactory(
        name="Neue Keramik KG",
        kind="sme",
        postcode="56203",
        description="Keramische Hochtemperaturfilter und Heißgasfiltration.",
    )
    _forbid_rebuilds(monkeypatch)
    services.reindex_organisations(None)
    assert "Neue Keramik KG" in dict(search(0))
    assert caches[0].loads == 1


def test_sentence_vectors_are_stored_with_the_profile_and_read_back_instead_of_embedded(
    orgs: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    services.rebuild_index()
    index = services.index_cache.get()
    assert index.passage_store is services.stored_passages
    model = passage_embedder(index.embedder)
    embedded: list[str] = []
    embed = model.embed

    def counting(texts: Any) -> Any:
        embedded.extend(texts)
        return embed(texts)

    monkeypatch.setattr(model, "embed", counting)
    index.clear_passage_cache()
    matches = services.find_partners(NEED, near="56203")
    assert matches[0].organisation == orgs["institute"]
    # only the need itself was embedded: the candidates' sentences came from the database
    assert set(embedded) <= {NEED}

    # a rebuild keeps the vectors of sentences that did not change
    embedded.clear()
    services.rebuild_index()
    assert embedded == []

    # a changed profile gets new vectors for its new sentences, and only it
    plastics = orgs["plastics"]
    plastics.description = "Keramische Hochtemperaturfilter. Wir prüfen sie bis 1000 °C."
    plastics.save()
    services.reindex_organisations([plastics.pk])
    assert "Wir prüfen sie bis 1000 °C." in embedded
    assert not any("hot-gas cleaning" in text for text in embedded)
    row = IndexedProfile.objects.get(profile_id=plastics.pk)
    profile = services._profile_from_json(row.profile_id, row.profile)
    texts = [text for _field, text in profile_passages(profile.fields)]
    assert unpack_passages(row.passages, texts, model.dim) is not None
