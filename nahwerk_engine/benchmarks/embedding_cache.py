"""An on-disk cache of embeddings, so that repeated benchmark runs embed each text once."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from nahwerk_engine.matching import Embedder

__all__ = ["CachedEmbedder"]


class CachedEmbedder:
    """Wraps an embedder; vectors are kept in ``directory/<embedder name>.npz`` by text hash.

    Embedding the benchmark corpora with E5 takes minutes; the vectors of a text never
    change for one model version (its name), so they are computed once. Call
    :meth:`save` to write new vectors.
    """

    def __init__(self, embedder: Embedder, directory: Path) -> None:
        self.embedder = embedder
        self.name, self.dim = embedder.name, embedder.dim
        parts = getattr(embedder, "parts", None)
        if parts:
            self.parts = parts
        passages = getattr(embedder, "passage_embedder", None)
        if passages is not None:
            self.passage_embedder = CachedEmbedder(passages, directory)
        self.path = Path(directory) / f"{embedder.name}.npz"
        self._vectors: dict[str, np.ndarray] = {}
        if self.path.exists():
            with np.load(self.path, allow_pickle=False) as stored:
                self._vectors = {key: stored[key] for key in stored.files}
        self._dirty = False

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        keys = [self._key(t) for t in texts]
        missing = list(
            dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in self._vectors)
        )
        for start in range(0, len(missing), 256):
            chunk = missing[start : start + 256]
            for text, vector in zip(chunk, self.embedder.embed(chunk), strict=True):
                self._vectors[self._key(text)] = np.asarray(vector, dtype=np.float32)
            self._dirty = True
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._vectors[k] for k in keys])

    def save(self) -> None:
        """Write the vectors computed since loading (and those of the passage embedder)."""
        passages = getattr(self, "passage_embedder", None)
        if isinstance(passages, CachedEmbedder):
            passages.save()
        if not self._dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Several processes may share the directory (the test suite on both cores): keep
        # what another one wrote meanwhile, and replace the file in one step so that no
        # reader ever sees half of it.
        if self.path.exists():
            with np.load(self.path, allow_pickle=False) as stored:
                for key in stored.files:
                    self._vectors.setdefault(key, stored[key])
        with tempfile.NamedTemporaryFile(
            dir=self.path.parent, prefix=f".{self.path.stem}-", suffix=".npz", delete=False
        ) as handle:
            np.savez(handle, **self._vectors)  # type: ignore[arg-type]
        os.replace(handle.name, self.path)
        self._dirty = False
