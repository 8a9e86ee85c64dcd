"""The embedder of the web processes, remembering the vectors of the needs it embedded last.

A need's page ranks partners for the same text twice (its matches, and within its network
the routing suggestions), and is opened again and again by its manager, the asker and the
organisations it was routed to. Embedding a need with E5 costs 50-200 ms of CPU, the
largest part of such a page; the vector of a text never changes for one model, so the
last few hundred are kept per process. Behind that, the vectors are shared between the
processes (and hosts) through a cache that all of them reach, the ``shared`` database
cache of the settings: a need embedded by one worker is not embedded again by the next
worker that shows its page. Batches (profiles being indexed) pass through.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from nahwerk_engine.matching import Embedder

__all__ = ["QueryVectorCache", "SharedVectors"]

# A shared vector is kept for 30 days after it was last written (needs are looked at
# for weeks; a text nobody asks for again leaves the cache by itself).
SHARED_TIMEOUT = 30 * 24 * 3600


class SharedVectors(Protocol):
    """The part of Django's cache API the shared level uses."""

    def get_many(self, keys: list[str]) -> dict[str, Any]: ...
    def set_many(self, data: dict[str, Any], timeout: int | None = ...) -> list[str]: ...


class QueryVectorCache:
    """Wraps an embedder; the vectors of short calls (a need, its decompounded form) are kept.

    ``size`` vectors at most, the least recently used dropped first (a hybrid vector is
    3.5 kB: 256 of them take under 1 MB). The vectors are exactly the embedder's, so
    rankings do not change.
    """

    def __init__(
        self,
        embedder: Embedder,
        *,
        size: int = 256,
        max_batch: int = 2,
        shared: SharedVectors | None = None,
    ) -> None:
        self.embedder = embedder
        self.name, self.dim = embedder.name, embedder.dim
        parts = getattr(embedder, "parts", None)
        if parts:
            self.parts = parts
        passages = getattr(embedder, "passage_embedder", None)
        if passages is not None:
            # explanation passages have the index's own cache
            self.passage_embedder = passages
        self.size = size
        self.max_batch = max_batch
        self.shared = shared
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()  # runserver and threaded servers search in parallel

    def _shared_key(self, text: str) -> str:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]
        return f"query-vector:{self.name}:{self.dim}:{digest}"

    def _from_shared(self, texts: list[str]) -> dict[str, np.ndarray]:
        if self.shared is None or not texts:
            return {}
        keys = {self._shared_key(t): t for t in texts}
        try:
            stored = self.shared.get_many(list(keys))
        except Exception:  # the cache is an aid: without it we embed
            return {}
        found = {}
        for key, value in stored.items():
            try:
                dtype, blob = value
                vector = np.frombuffer(blob, dtype=np.dtype(dtype))
            except (TypeError, ValueError):
                continue  # not what this class writes: embed instead
            if vector.shape == (self.dim,):
                found[keys[key]] = vector.copy()
        return found

    def _to_shared(self, vectors: dict[str, np.ndarray]) -> None:
        if self.shared is None or not vectors:
            return
        # the dtype travels with the bytes: the vector read back is exactly the embedder's
        data = {self._shared_key(t): (v.dtype.str, v.tobytes()) for t, v in vectors.items()}
        try:
            self.shared.set_many(data, timeout=SHARED_TIMEOUT)
        except Exception:  # a full or busy cache costs only the next embedding
            return

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if len(texts) == 0 or len(texts) > self.max_batch:
            return self.embedder.embed(texts)
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for text in texts:
                if text in self._vectors:
                    self._vectors.move_to_end(text)
                    found[text] = self._vectors[text]
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        fetched = self._from_shared(missing)
        found.update(fetched)
        computed = [t for t in missing if t not in fetched]
        if computed:
            vectors = self.embedder.embed(computed)
            new = dict(zip(computed, vectors, strict=True))
            found.update(new)
            self._to_shared(new)
        if missing:
            with self._lock:
                for text in missing:
                    self._vectors[text] = found[text]
                while len(self._vectors) > self.size:
                    self._vectors.popitem(last=False)
        # a new array (np.stack copies): a caller scaling it cannot change the kept vectors
        return np.stack([found[t] for t in texts])
