"""BM25 over weighted profile fields, stored as a sparse document-term matrix."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping, Sequence

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
        self, matrix: sparse.csc_matrix, vocabulary: dict[str, int], idf: np.ndarray
    ) -> None:
        self.matrix = matrix
        self.vocabulary = vocabulary
        self.idf = idf

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
        return cls(matrix, vocabulary, idf)

    def __len__(self) -> int:
        return int(self.matrix.shape[0])

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
        return scores

    def max_score(self, terms: Mapping[str, float], k1: float) -> float:
        """Upper bound of a document's score: every query term, saturated frequency."""
        return float(
            sum(
                weight * self.idf[col] * (k1 + 1.0)
                for col, weight in self.query_weights(terms).items()
            )
        )
