"""The embedder of the web processes, remembering the vectors of the needs it embedded last.

A need's page ranks partners for the same text twice (its matches, and within its network
the routing suggestions), and is opened again and again by its manager, the asker and the
organisations it was routed to. Embedding a need with E5 costs 50-200 ms of CPU, the
largest part of such a page; the vector of a text never changes for one model, so the
last few hundred are kept per process. Batches (profiles being indexed) pass through.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from nahwerk_engine.matching import Embedder

__all__ = ["QueryVectorCache"]


class QueryVectorCache:
    """Wraps an embedder; the vectors of short calls (a need, its decompounded form) are kept.

    ``size`` vectors at most, the least recently used dropped first (a hybrid vector is
    3.5 kB: 256 of them take under 1 MB). The vectors are exactly the embedder's, so
    rankings do not change.
    """

    def __init__(self, embedder: Embedder, *, size: int = 256, max_batch: int = 2) -> None:
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
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()  # runserver and threaded servers search in parallel

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
        if missing:
            vectors = self.embedder.embed(missing)
            found.update(zip(missing, vectors, strict=True))
            with self._lock:
                for text in missing:
                    self._vectors[text] = found[text]
                while len(self._vectors) > self.size:
                    self._vectors.popitem(last=False)
        # a new array (np.stack copies): a caller scaling it cannot change the kept vectors
        return np.stack([found[t] for t in texts])
