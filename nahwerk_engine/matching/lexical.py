"""BM25 over weighted profile fields, stored as a sparse document-term matrix."""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence

import numpy as np
from scipy import sparse

__all__ = ["LexicalIndex"]


class LexicalIndex:
    """Okapi BM25 with field weights (BM25F-style), precomputed per document and term.

    Every document's weighted term frequencies and length are turned into BM25 weights
    once, at build time, and kept in a CSC matrix (documents x terms). A query then
    only touches the columns of its terms: the cost is the number of documents that
    contain them, independent of the corpus size otherwise.

    Parameters
    ----------
    matrix : scipy.sparse.csc_matrix
        BM25 weight of each term in each document, float32.
    vocabulary : dict
        Term -> column.
    idf : numpy.ndarray
        Inverse document frequency per column.
    """

    def __init__(
        self,
        matrix: sparse.csc_matrix,
        vocabulary: dict[str, int],
        idf: np.ndarray,
        *,
        k1: float = 1.2,
        b: float = 0.75,
        field_weights: Mapping[str, float] | None = None,
        avg_len: float = 1.0,
    ) -> None:
        self.matrix = matrix
        self.vocabulary = vocabulary
        self.idf = idf
        self.k1, self.b, self.avg_len = k1, b, avg_len
        self.field_weights = dict(field_weights or {})
        # Incremental changes (see set_document): rows of the matrix that no longer
        # count, and the BM25 weights of changed or added documents, by term.
        self._rows = int(matrix.shape[0])
        self._stale: set[int] = set()
        self._stale_rows = np.zeros(0, dtype=np.int64)
        self._delta: dict[str, dict[int, float]] = {}
        self._delta_terms: dict[int, list[str]] = {}
        self._df: np.ndarray | None = None

    @classmethod
    def build(
        cls,
        documents: Iterable[Sequence[tuple[str, Sequence[str]]]],
        *,
        k1: float = 1.2,
        b: float = 0.75,
        field_weights: Mapping[str, float] | None = None,
    ) -> LexicalIndex:
        """Index documents given as lists of (field, analysed terms).

        Parameters
        ----------
        documents : iterable
            One entry per document: its fields with their terms.
        k1, b : float
            BM25 term-frequency saturation and length normalisation.
        field_weights : mapping, optional
            A term in a field counts this many times (fields not named count once).

        Returns
        -------
        LexicalIndex

        Notes
        -----
        Time and memory are linear in the number of (document, distinct term) pairs;
        arrays of C numbers rather than Python lists keep a million profiles in memory.
        """
        weights = dict(field_weights or {})
        vocabulary: dict[str, int] = {}
        rows, cols = array("i"), array("i")
        tfs = array("f")
        lengths = array("f")
        for row, fields in enumerate(documents):
            counts: dict[int, float] = {}
            length = 0.0
            for field, terms in fields:
                weight = weights.get(field, 1.0)
                if weight <= 0:
                    continue
                for term in terms:
                    col = vocabulary.setdefault(term, len(vocabulary))
                    counts[col] = counts.get(col, 0.0) + weight
                length += weight * len(terms)
            rows.extend([row] * len(counts))
            cols.extend(counts.keys())
            tfs.extend(counts.values())
            lengths.append(length)
        n_docs, n_terms = len(lengths), len(vocabulary)
        row_arr = np.frombuffer(rows, dtype=np.int32)
        col_arr = np.frombuffer(cols, dtype=np.int32)
        tf = np.frombuffer(tfs, dtype=np.float32)
        doc_len = np.frombuffer(lengths, dtype=np.float32)
        df = np.bincount(col_arr, minlength=n_terms).astype(np.float64)
        # Lucene's non-negative idf: a term in most documents still counts a little.
        idf = np.log1p((n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
        avg_len = float(doc_len.mean()) if n_docs and doc_len.mean() > 0 else 1.0
        norm = k1 * (1.0 - b + b * doc_len[row_arr] / avg_len)
        values = idf[col_arr] * tf * (k1 + 1.0) / (tf + norm)
        matrix = sparse.csc_matrix(
            (values.astype(np.float32), (row_arr, col_arr)), shape=(n_docs, n_terms)
        )
        matrix.sort_indices()
        return cls(matrix, vocabulary, idf, k1=k1, b=b, field_weights=weights, avg_len=avg_len)

    # ------------------------------------------------------------------ incremental

    def set_document(self, row: int, fields: Sequence[tuple[str, Sequence[str]]]) -> list[str]:
        """Replace document ``row`` (or append it, when ``row == len(self)``).

        Cost: the document's own terms. The global statistics are kept from the last
        build (lazily refreshed): the idf of a term the build saw, and the average
        length; a term the build did not see gets its idf from the documents added
        since. Returns the terms that were new to the index.
        """
        if not 0 <= row <= self._rows:
            raise IndexError(f"row {row} outside 0..{self._rows}")
        if row == self._rows:
            self._rows += 1
        else:
            self.remove_document(row)
        counts: dict[str, float] = {}
        length = 0.0
        for field, terms in fields:
            weight = self.field_weights.get(field, 1.0)
            if weight <= 0:
                continue
            for term in terms:
                counts[term] = counts.get(term, 0.0) + weight
            length += weight * len(terms)
        norm = self.k1 * (1.0 - self.b + self.b * length / self.avg_len)
        new = [t for t in counts if t not in self.vocabulary and t not in self._delta]
        for term in counts:
            self._delta.setdefault(term, {})[row] = 0.0
        for term, tf in counts.items():
            idf = self.idf_of(term) or 0.0
            self._delta[term][row] = idf * tf * (self.k1 + 1.0) / (tf + norm)
        self._delta_terms[row] = list(counts)
        return new

    def remove_document(self, row: int) -> None:
        """Let document ``row`` score nothing any more (its row stays, empty)."""
        if row < self.matrix.shape[0] and row not in self._stale:
            self._stale.add(row)
            self._stale_rows = np.fromiter(self._stale, dtype=np.int64, count=len(self._stale))
        for term in self._delta_terms.pop(row, ()):
            posting = self._delta[term]
            posting.pop(row, None)
            if not posting and term not in self.vocabulary:
                del self._delta[term]

    @property
    def changed(self) -> int:
        """Documents changed, added or removed since the build."""
        return len(self._stale | set(self._delta_terms))

    def idf_of(self, term: str) -> float | None:
        """The term's idf, or None when no document has it."""
        column = self.vocabulary.get(term)
        if column is not None:
            return float(self.idf[column])
        posting = self._delta.get(term)
        if not posting:
            return None
        df = len(posting)
        return math.log1p((self._rows - df + 0.5) / (df + 0.5))

    def document_frequency(self, term: str) -> int:
        """Documents with the term (at the build, plus those added or changed since)."""
        if self._df is None:
            self._df = np.diff(self.matrix.indptr)
        column = self.vocabulary.get(term)
        base = int(self._df[column]) if column is not None else 0
        return base + len(self._delta.get(term, ()))

    def terms(self) -> Iterator[str]:
        """Every term of the index."""
        yield from self.vocabulary
        yield from (t for t in self._delta if t not in self.vocabulary)

    def __len__(self) -> int:
        return self._rows

    def query_weights(self, terms: Mapping[str, float]) -> dict[int, float]:
        """Columns and weights of the query terms that occur in the index."""
        return {
            self.vocabulary[term]: weight
            for term, weight in terms.items()
            if term in self.vocabulary and weight > 0
        }

    def scores(self, terms: Mapping[str, float]) -> np.ndarray:
        """BM25 score of every document for query terms with their weights (float32).

        >>> index = LexicalIndex.build([[("d", ["filt", "keram"])], [("d", ["las"])]])
        >>> index.scores({"keram": 1.0}) > 0
        array([ True, False])
        """
        scores = np.zeros(len(self), dtype=np.float32)
        indptr, indices, data = self.matrix.indptr, self.matrix.indices, self.matrix.data
        for col, weight in self.query_weights(terms).items():
            start, end = indptr[col], indptr[col + 1]
            # each document occurs at most once per column, so the fancy += is exact
            scores[indices[start:end]] += np.float32(weight) * data[start:end]
        if self._stale:
            scores[self._stale_rows] = 0.0
        if self._delta:
            for term, weight in terms.items():
                posting = self._delta.get(term)
                if posting and weight > 0:
                    rows = np.fromiter(posting.keys(), dtype=np.int64, count=len(posting))
                    values = np.fromiter(posting.values(), dtype=np.float32, count=len(posting))
                    scores[rows] += np.float32(weight) * values
        return scores

    def max_score(self, terms: Mapping[str, float], k1: float) -> float:
        """Upper bound of a document's score: every query term, saturated frequency."""
        return float(
            sum(
                weight * (self.idf_of(term) or 0.0) * (k1 + 1.0)
                for term, weight in terms.items()
                if weight > 0
            )
        )
