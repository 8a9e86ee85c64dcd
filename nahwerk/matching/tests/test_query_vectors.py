"""The web processes embed a need once, however often its page ranks partners for it."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nahwerk.matching import services
from nahwerk.matching.query_vectors import QueryVectorCache


class CountingEmbedder:
    """Deterministic vectors; remembers every text it was asked to embed."""

    name = "counting"
    dim = 4

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        rows = [[len(t), t.count("a") + 1, t.count("e") + 1, 1.0] for t in texts]
        vectors = np.asarray(rows, dtype=np.float32).reshape(len(texts), self.dim)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_a_need_embedded_again_is_not_computed_again() -> None:
    inner = CountingEmbedder()
    cached = QueryVectorCache(inner)
    first = cached.embed(["Keramische Hochtemperaturfilter gesucht"])
    again = cached.embed(["Keramische Hochtemperaturfilter gesucht"])
    assert inner.calls == [["Keramische Hochtemperaturfilter gesucht"]]
    np.testing.assert_array_equal(first, again)
    np.testing.assert_array_equal(first, inner.embed(["Keramische Hochtemperaturfilter gesucht"]))


def test_only_the_missing_text_of_a_pair_is_embedded() -> None:
    inner = CountingEmbedder()
    cached = QueryVectorCache(inner)
    cached.embed(["Hochtemperaturfilter"])
    vectors = cached.embed(["Hochtemperaturfilter", "Hoch temperatur filter"])
    assert inner.calls[-1] == ["Hoch temperatur filter"]
    assert vectors.shape == (2, 4)


def test_changing_a_returned_vector_does_not_change_the_kept_one() -> None:
    cached = QueryVectorCache(CountingEmbedder())
    vector = cached.embed(["Metallbearbeitung"])
    vector *= 0
    assert np.abs(cached.embed(["Metallbearbeitung"])).sum() > 0


def test_batches_of_profiles_pass_through_and_are_not_kept() -> None:
    inner = CountingEmbedder()
    cached = QueryVectorCache(inner, max_batch=2)
    profiles = ["Gießerei", "Kunststofftechnik", "Keramik"]
    cached.embed(profiles)
    cached.embed(profiles)
    assert inner.calls == [profiles, profiles]


def test_the_least_recently_used_need_is_forgotten_first() -> None:
    inner = CountingEmbedder()
    cached = QueryVectorCache(inner, size=2)
    cached.embed(["a"])
    cached.embed(["b"])
    cached.embed(["a"])  # "b" is now the oldest
    cached.embed(["c"])
    inner.calls.clear()
    cached.embed(["a"])
    cached.embed(["b"])
    assert inner.calls == [["b"]]


def test_it_keeps_the_parts_of_a_hybrid_embedder() -> None:
    inner = CountingEmbedder()
    inner.parts = (("e5", 2), ("use", 2))  # type: ignore[attr-defined]
    inner.passage_embedder = CountingEmbedder()  # type: ignore[attr-defined]
    cached = QueryVectorCache(inner)
    assert cached.parts == inner.parts  # type: ignore[attr-defined]
    assert cached.passage_embedder is inner.passage_embedder  # type: ignore[attr-defined]
    assert (cached.name, cached.dim) == ("counting", 4)


def test_the_web_processes_embed_through_the_cache(monkeypatch) -> None:
    inner = CountingEmbedder()
    monkeypatch.setattr(services, "_embedder", None)
    monkeypatch.setattr(services, "default_embedder", lambda: inner)
    embedder = services.get_embedder()
    assert isinstance(embedder, QueryVectorCache)
    embedder.embed(["Wir suchen einen Partner für Leichtbau"])
    embedder.embed(["Wir suchen einen Partner für Leichtbau"])
    assert len(inner.calls) == 1


class DictCache:
    """The shared cache's get_many/set_many over a dict (what a second worker would reach)."""

    def __init__(self) -> None:
        self.data: dict[str, object] = {}

    def get_many(self, keys: list[str]) -> dict[str, object]:
        return {k: self.data[k] for k in keys if k in self.data}

    def set_many(self, data: dict[str, object], timeout: int | None = None) -> list[str]:
        self.data.update(data)
        return []


def test_a_need_embedded_by_one_worker_is_not_embedded_by_the_next() -> None:
    shared = DictCache()
    first_worker, second_worker = CountingEmbedder(), CountingEmbedder()
    text = "Wir suchen einen Partner für Leichtbau"
    mine = QueryVectorCache(first_worker, shared=shared).embed([text])
    theirs = QueryVectorCache(second_worker, shared=shared).embed([text])
    assert first_worker.calls == [[text]]
    assert second_worker.calls == []
    np.testing.assert_array_equal(mine, theirs)
    assert theirs.dtype == mine.dtype


def test_a_vector_of_another_model_or_a_broken_entry_is_embedded_again() -> None:
    shared = DictCache()
    text = "Sensorik für Werkzeugmaschinen"
    QueryVectorCache(CountingEmbedder(), shared=shared).embed([text])
    (key,) = shared.data
    shared.data[key] = b"garbage"
    inner = CountingEmbedder()
    QueryVectorCache(inner, shared=shared).embed([text])
    assert inner.calls == [[text]]

    class Other(CountingEmbedder):
        name = "other"

    other = Other()
    QueryVectorCache(other, shared=shared).embed([text])
    assert other.calls == [[text]]  # the key names the model


def test_a_failing_shared_cache_costs_only_the_embedding() -> None:
    class Broken:
        def get_many(self, keys: list[str]) -> dict[str, object]:
            raise ConnectionError("database gone")

        def set_many(self, data: dict[str, object], timeout: int | None = None) -> list[str]:
            raise ConnectionError("database gone")

    inner = CountingEmbedder()
    vectors = QueryVectorCache(inner, shared=Broken()).embed(["Gießerei"])
    assert vectors.shape == (1, 4)
    assert inner.calls == [["Gießerei"]]


def test_the_web_processes_share_vectors_through_the_database_cache(monkeypatch, db) -> None:
    inner = CountingEmbedder()
    monkeypatch.setattr(services, "_embedder", None)
    monkeypatch.setattr(services, "default_embedder", lambda: inner)
    services.get_embedder().embed(["Leichtbau mit Faserverbund"])
    # another process: its own memory level, the same database
    other = CountingEmbedder()
    monkeypatch.setattr(services, "_embedder", None)
    monkeypatch.setattr(services, "default_embedder", lambda: other)
    services.get_embedder().embed(["Leichtbau mit Faserverbund"])
    assert other.calls == []
