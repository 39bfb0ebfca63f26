"""How well each programme's description matches a need's words: Okapi BM25 over a sparse matrix.

For a query Q and a document D (Robertson & Zaragoza, "The Probabilistic Relevance Framework: BM25 and
Beyond", Foundations and Trends in Information Retrieval 3(4), 2009):

    score(D, Q) = sum over the distinct terms t of Q of  IDF(t) x tf(t, D) x (k1 + 1)
                                                          / (tf(t, D) + k1 x (1 - b + b x |D| / avgdl))

    IDF(t) = ln(1 + (N - n(t) + 0.5) / (n(t) + 0.5))

tf(t, D) is how often t occurs in D, |D| the number of terms in D (stop words excluded), avgdl the mean
|D| over the N documents and n(t) the number of documents containing t. k1 = 1.2 sets how quickly
repeats of a word stop adding to the score; b = 0.75 how much a long description is discounted.

Two choices, both documented in docs/methods/funding.md:

- the IDF is Lucene's: the "+ 1" inside the logarithm keeps it positive even for a word found in more
  than half the documents (Robertson-Sparck Jones' own IDF turns negative there, and a matching word
  would then *lower* a score);
- a word repeated in the query counts once (Robertson's k3 = 0): a need's description is not a weighted
  query.

``Index.build`` computes every document's term weight once into a compressed sparse column matrix
(documents x terms); scoring a query then adds up the columns of its few terms, so one query against
50,000 programmes reads only the entries of those terms. Words are turned into terms by ``tokens``.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse  # type: ignore[import-untyped,unused-ignore]

from .tokens import pieces, tokenize

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
RowArray = NDArray[np.int32]  # document numbers: half the memory of int64 in the largest array

K1 = 1.2
B = 0.75


class _Terms(dict[bytes, int]):
    """Piece of text (see ``tokens.pieces``) -> the id of its one term, adding new terms on first sight.

    A piece without a term (a stop word) maps to -1; the rare piece with several terms (words joined by
    non-ASCII punctuation, "go\u20145g") maps to -2 and its ids are kept in ``several``. A dict subclass,
    so that the lookups of a whole document run through ``map`` at C speed; only a piece seen for the
    first time goes through ``__missing__`` and the tokenizer.
    """

    def __init__(self) -> None:
        super().__init__()
        self.vocabulary: dict[str, int] = {}
        self.several: dict[bytes, tuple[int, ...]] = {}

    def __missing__(self, piece: bytes) -> int:
        vocabulary = self.vocabulary
        ids = tuple(
            vocabulary.setdefault(found, len(vocabulary))
            for found in tokenize(piece.decode("utf-8", "surrogatepass"))
        )
        value = ids[0] if len(ids) == 1 else -1 if not ids else -2
        if value == -2:
            self.several[piece] = ids
        self[piece] = value
        return value

    def extend(self, ids: list[int], found: list[bytes]) -> None:
        """Append the term ids of the pieces ``found`` to ``ids`` (-1 for each piece without a term)."""
        start = len(ids)
        ids.extend(map(self.__getitem__, found))
        if self.several and not self.several.keys().isdisjoint(found):
            del ids[start:]
            for piece in found:
                value = self[piece]
                if value == -2:
                    ids.extend(self.several[piece])
                else:
                    ids.append(value)


@dataclass(frozen=True, eq=False)
class Index:
    """BM25 weights of every (document, term) pair, as compressed sparse columns.

    Column j holds the documents containing term ``terms[j]``: rows ``indices[indptr[j]:indptr[j+1]]``
    (ascending) with weights ``weights[indptr[j]:indptr[j+1]]``. Build it with ``Index.build``.
    """

    terms: tuple[str, ...]
    vocabulary: Mapping[str, int]
    indptr: IntArray
    indices: RowArray
    weights: FloatArray
    idf: FloatArray
    lengths: IntArray
    average_length: float
    k1: float
    b: float

    @classmethod
    def build(cls, texts: Sequence[str], *, k1: float = K1, b: float = B) -> "Index":
        """Return the index of ``texts`` (document i is ``texts[i]``)."""
        if k1 < 0 or not 0 <= b <= 1:
            raise ValueError("BM25 needs k1 >= 0 and 0 <= b <= 1")
        lookup = _Terms()
        raw: list[int] = []  # the term id (-1: none) of every piece of every document, in order
        ends = [0]
        for text in texts:
            lookup.extend(raw, pieces(text))
            ends.append(len(raw))
        every = np.asarray(raw, dtype=np.int64)
        kept = every >= 0
        row_ptr = np.concatenate(([0], np.cumsum(kept, dtype=np.int64)))[ends]
        ids = every[kept]
        lengths = np.diff(row_ptr)
        n_docs, n_terms = len(texts), len(lookup.vocabulary)
        counts = sparse.csr_array(
            (np.ones(len(ids), dtype=np.float64), ids, row_ptr), shape=(n_docs, n_terms)
        ).tocsc()
        counts.sum_duplicates()  # duplicates are summed: each entry is then tf(t, D)
        indptr = np.asarray(counts.indptr, dtype=np.int64)
        rows = np.asarray(counts.indices, dtype=np.int32)
        tf = np.asarray(counts.data, dtype=np.float64)
        df = np.diff(indptr).astype(np.float64)
        idf = np.log1p((n_docs - df + 0.5) / (df + 0.5))
        average = float(lengths.mean()) if n_docs and lengths.sum() > 0 else 1.0
        norm = k1 * (1 - b + b * lengths[rows] / average)
        columns = np.repeat(np.arange(n_terms, dtype=np.int64), np.diff(indptr))
        weights = idf[columns] * tf * (k1 + 1) / (tf + norm)
        terms = tuple(sorted(lookup.vocabulary, key=lookup.vocabulary.__getitem__))
        return cls(
            terms=terms,
            vocabulary=MappingProxyType(dict(lookup.vocabulary)),
            indptr=indptr,
            indices=rows,
            weights=weights,
            idf=idf,
            lengths=lengths,
            average_length=average,
            k1=k1,
            b=b,
        )

    def __len__(self) -> int:
        return len(self.lengths)

    def query_ids(self, query: str) -> list[int]:
        """Return the ids of the distinct terms of ``query`` that occur in the index, in query order."""
        ids: dict[int, None] = {}
        for found in tokenize(query):
            index = self.vocabulary.get(found)
            if index is not None:
                ids[index] = None
        return list(ids)

    def scores(self, query: str) -> FloatArray:
        """Return every document's BM25 score for ``query`` (0 for a document with none of its terms)."""
        return self.scores_of(self.query_ids(query))

    def scores_of(self, ids: Sequence[int]) -> FloatArray:
        """Return every document's BM25 score for the query made of the distinct term ids ``ids``."""
        total = np.zeros(len(self), dtype=np.float64)
        for index in ids:
            start, end = self.indptr[index], self.indptr[index + 1]
            # rows are distinct within a column, so the fancy-indexed += adds each weight once
            total[self.indices[start:end]] += self.weights[start:end]
        return total

    def explain(self, query: str, doc: int) -> list[tuple[str, float]]:
        """Return the terms of ``query`` found in document ``doc`` with what each adds to its score.

        Largest contribution first (ties by term); the contributions add up to ``scores(query)[doc]``.
        """
        return self.explain_ids(self.query_ids(query), doc)

    def explain_ids(self, ids: Sequence[int], doc: int) -> list[tuple[str, float]]:
        """Return ``explain`` for a query given as distinct term ids."""
        if not 0 <= doc < len(self):
            raise IndexError(f"document {doc} is not in an index of {len(self)}")
        found: list[tuple[str, float]] = []
        for index in ids:
            start, end = int(self.indptr[index]), int(self.indptr[index + 1])
            position = start + int(np.searchsorted(self.indices[start:end], doc))
            if position < end and self.indices[position] == doc:
                found.append((self.terms[index], float(self.weights[position])))
        return sorted(found, key=lambda item: (-item[1], item[0]))

    def matrix(self) -> Any:
        """Return the weights as a ``scipy.sparse.csc_array`` (documents x terms), e.g. to score many queries."""
        return sparse.csc_array((self.weights, self.indices, self.indptr), shape=(len(self), len(self.terms)))


def _category(name: str) -> str:
    return " ".join(name.casefold().split())


@dataclass(frozen=True, eq=False)
class CategoryIndex:
    """Which documents list which categories (compared case-insensitively), as sparse columns."""

    columns: Mapping[str, int]
    indptr: IntArray
    indices: IntArray
    size: int

    @classmethod
    def build(cls, categories: Sequence[Sequence[str]]) -> "CategoryIndex":
        """Return the category index of documents whose categories are ``categories[i]``."""
        columns: dict[str, int] = {}
        pairs: list[tuple[int, int]] = []
        for doc, names in enumerate(categories):
            for column in {columns.setdefault(_category(name), len(columns)) for name in names}:
                pairs.append((column, doc))
        pairs.sort()
        cols = np.asarray([column for column, _ in pairs], dtype=np.int64)
        docs = np.asarray([doc for _, doc in pairs], dtype=np.int64)
        indptr = np.searchsorted(cols, np.arange(len(columns) + 1, dtype=np.int64)).astype(np.int64)
        return cls(columns=MappingProxyType(columns), indptr=indptr, indices=docs, size=len(categories))

    def overlap(self, wanted: Sequence[str]) -> FloatArray:
        """Return, for every document, the share of the distinct ``wanted`` categories it lists (0..1)."""
        names = {_category(name) for name in wanted}
        total = np.zeros(self.size, dtype=np.float64)
        if not names:
            return total
        for name in names:
            column = self.columns.get(name)
            if column is not None:
                total[self.indices[self.indptr[column] : self.indptr[column + 1]]] += 1.0
        return total / len(names)


def category_overlap(categories: Sequence[str], wanted: Sequence[str]) -> float:
    """Return the share of the distinct ``wanted`` categories found in ``categories`` (0 if none wanted)."""
    names = {_category(name) for name in wanted}
    if not names:
        return 0.0
    return len(names & {_category(name) for name in categories}) / len(names)


def matched_categories(categories: Sequence[str], wanted: Sequence[str]) -> tuple[str, ...]:
    """Return the entries of ``categories`` that are among ``wanted``, in their own spelling and order."""
    names = {_category(name) for name in wanted}
    return tuple(name for name in dict.fromkeys(categories) if _category(name) in names)
