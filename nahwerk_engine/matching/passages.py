"""A profile's sentences and their vectors, embedded once and stored with the profile.

The relevance check compares the sentences of a search's best candidates with the need
(``MatchingIndex._passages``). Embedding them during the search costs about 100 ms when
none is cached; a server embeds them when it writes the profile instead, packs them with
:func:`pack_passages` and gives the index a *passage store* that reads them back
(``MatchingIndex.passage_store``). A packed block carries a digest of the sentences it was
made from, so that a block written for another version of the profile is never used.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from nahwerk_engine.matching.embedders import (
    Embedder,
    embedding_parts,
    normalise_parts,
    passage_embedder,
)
from nahwerk_engine.text import sentences

__all__ = [
    "MAX_SENTENCES",
    "PassageStore",
    "embed_passages",
    "pack_passages",
    "profile_passages",
    "unpack_passages",
]

# Sentences of a profile compared with the need (in the order of its fields): enough for
# every demo profile, and each one costs an embedding when it is not cached or stored.
MAX_SENTENCES = 20

# Reads the packed sentence vectors of these profile ids; ids it holds nothing for are left out.
PassageStore = Callable[[Sequence[int]], Mapping[int, bytes]]

_MAGIC = b"NWP1"
_DIGEST = 16
_HEADER = len(_MAGIC) + _DIGEST


def profile_passages(fields: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """``(field, sentence)`` of a profile's fields, in order, at most MAX_SENTENCES."""
    return [(name, s) for name, body in fields for s in sentences(body)][:MAX_SENTENCES]


def embed_passages(embedder: Embedder, texts: Sequence[str]) -> np.ndarray:
    """Vectors of sentences as the relevance check compares them (each part unit length)."""
    passages = passage_embedder(embedder)
    if not texts:
        return np.zeros((0, passages.dim), dtype=np.float32)
    return normalise_parts(passages.embed(list(texts)), embedding_parts(passages))


def _digest(texts: Sequence[str]) -> bytes:
    return hashlib.blake2b("\n".join(texts).encode("utf-8"), digest_size=_DIGEST).digest()


def pack_passages(texts: Sequence[str], vectors: np.ndarray) -> bytes:
    """The sentences' vectors as float16 rows, behind a digest of the sentences.

    float16 halves what is stored and read; the cosines it gives differ from float32's
    by less than 0.001.
    """
    if len(texts) != len(vectors):
        raise ValueError(f"{len(texts)} sentences but {len(vectors)} vectors")
    rows = np.ascontiguousarray(vectors, dtype=np.float16)
    return _MAGIC + _digest(texts) + rows.tobytes()


def unpack_passages(blob: bytes | memoryview, texts: Sequence[str], dim: int) -> np.ndarray | None:
    """float32 vectors of ``texts`` from a packed block, or None when the block was made
    from other sentences (or is not a block of this format and dimension)."""
    blob = bytes(blob)
    if len(blob) < _HEADER or blob[: len(_MAGIC)] != _MAGIC:
        return None
    if blob[len(_MAGIC) : _HEADER] != _digest(texts):
        return None
    body = len(blob) - _HEADER
    if body != 2 * dim * len(texts):
        return None
    rows = np.frombuffer(blob, dtype=np.float16, offset=_HEADER).reshape(len(texts), dim)
    return rows.astype(np.float32)
