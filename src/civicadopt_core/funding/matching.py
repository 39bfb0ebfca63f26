"""Programmes ranked for one initiative: a relevance floor, eligibility as a hard filter, then relevance.

``Catalogue.build`` turns the programmes into columns (numpy arrays: applicant codes, geography, dates,
award floors, match percentages) and builds the BM25 index of their names and descriptions, once. ``rank``
then applies the five eligibility rules of ``eligibility.check`` to every programme at once, with array
operations that give exactly the same verdicts as ``check`` (the amounts are compared as ``Decimal``,
through the few distinct floors and match percentages, never as floats), scores them, and builds the
reasons in full only for the programmes it returns.

Score = (1 - w) x relevance + w x category match, with w = ``CATEGORY_WEIGHT`` (0.2):

- relevance: the BM25 score of the programme for the need's words divided by the highest BM25 score of
  any programme in the catalogue for those words (0..1; 0 for every programme when none matches);
- category match: 1 when the programme carries one of the Assistance Listings the need's purpose maps
  to, otherwise the share of the need's categories that the programme lists (0..1).

A programme is *related* to the need (the relevance floor) when it is the organisation's own budget
(``Offer.any_purpose``), carries one of the Assistance Listings the need's purpose maps to, or contains
a word of the need's title (``Need.title``: what the initiative is, where the problem statement says
what is wrong today) with a relevance of at least ``FLOOR_RELEVANCE`` (0.2). Programmes that are not
related are only counted (``Ranking.unrelated_count``): "checked but not related".

Related programmes that pass every rule come first in ``Ranking.matches``, best score first; equal
scores in order of key, so the ranking does not depend on the order of the catalogue. Related ones that
fail a rule are in ``Ranking.excluded``. See docs/methods/funding.md.
"""

from bisect import bisect_right
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

from .eligibility import (
    OTHERS,
    UNRESTRICTED,
    Applicant,
    Need,
    Offer,
    Reason,
    check,
    geography_matches,
    match_affordable,
    published,
)
from .relevance import K1, B, CategoryIndex, FloatArray, Index, IntArray, matched_categories

BoolArray = NDArray[np.bool_]

CATEGORY_WEIGHT = 0.2
FLOOR_RELEVANCE = 0.2
_NEVER = np.iinfo(np.int64).max  # closes: None
_ALWAYS = np.iinfo(np.int64).min  # opens: None


@dataclass(frozen=True)
class Match:
    """One programme's place in a ranking: its score, why it matched and the outcome of every rule.

    ``terms``: the need's words found in the programme with what each added to its BM25 score.
    ``reasons``: every rule's reason for a returned match; only the failing ones for an excluded
    programme in ``Ranking.excluded`` (``explain_excluded`` gives them all).
    """

    key: str
    eligible: bool
    score: float
    relevance: float
    categories_matched: tuple[str, ...]
    terms: tuple[tuple[str, float], ...]
    reasons: tuple[Reason, ...]

    @property
    def flagged(self) -> bool:
        """Return True when a rule passed only with a caveat a person should check."""
        return any(reason.flagged for reason in self.reasons)


@dataclass(frozen=True)
class Ranking:
    """The related programmes that pass the rules, best first, and the related ones that fail a rule.

    ``eligible_count`` and ``excluded_count`` count related programmes only; ``unrelated_count`` the
    programmes checked but not related. The three add up to the catalogue's size.
    ``amount_known``: False when the need had no amount, so award and match sizes were not checked.
    """

    matches: list[Match]
    excluded: list[Match]
    eligible_count: int = 0
    excluded_count: int = 0
    unrelated_count: int = 0
    amount_known: bool = True


@dataclass(frozen=True, eq=False)
class Catalogue:
    """Programmes prepared for ranking: their columns as arrays and the BM25 index of their texts."""

    offers: tuple[Offer, ...]
    index: Index
    categories: CategoryIndex
    positions: Mapping[str, int]
    key_order: IntArray
    type_columns: Mapping[str, int]
    types: BoolArray
    open_to_others: BoolArray
    geographies: tuple[str, ...]
    geography: IntArray
    opens: IntArray
    closes: IntArray
    rolling: BoolArray
    floors: tuple[Decimal, ...]
    floor_rank: IntArray
    percents: tuple[Decimal, ...]
    percent_id: IntArray
    listings: CategoryIndex
    any_purpose: BoolArray

    @classmethod
    def build(cls, offers: Sequence[Offer], *, k1: float = K1, b: float = B) -> "Catalogue":
        """Return the catalogue of ``offers``; the index covers each programme's name and description."""
        offers = tuple(offers)
        positions = {offer.key: number for number, offer in enumerate(offers)}
        if len(positions) != len(offers):
            raise ValueError("every programme in a catalogue needs its own key")
        order = sorted(range(len(offers)), key=lambda number: offers[number].key)
        key_order = np.empty(len(offers), dtype=np.int64)
        key_order[order] = np.arange(len(offers), dtype=np.int64)

        type_columns: dict[str, int] = {}
        type_pairs = [
            (number, type_columns.setdefault(code, len(type_columns)))
            for number, offer in enumerate(offers)
            for code in offer.applicant_types
        ]
        types = np.zeros((len(offers), max(len(type_columns), 1)), dtype=np.bool_)
        if type_pairs:
            rows, columns = np.asarray(type_pairs, dtype=np.int64).T
            types[rows, columns] = True
        empty = np.asarray([not offer.applicant_types for offer in offers], dtype=np.bool_)
        open_to_others = empty.copy()
        for code in (OTHERS, UNRESTRICTED):
            if code in type_columns:
                open_to_others |= types[:, type_columns[code]]

        geographies: dict[str, int] = {}
        geography = np.asarray(
            [geographies.setdefault(offer.geography, len(geographies)) for offer in offers], dtype=np.int64
        )

        floors = sorted({floor for offer in offers if (floor := published(offer.award_floor)) is not None})
        floor_rank = np.asarray(
            [
                len(floors)
                if (floor := published(offer.award_floor)) is None
                else bisect_right(floors, floor) - 1
                for offer in offers
            ],
            dtype=np.int64,
        )
        percents: dict[Decimal, int] = {}
        percent_id = np.asarray(
            [
                -1 if offer.match_percent is None else percents.setdefault(offer.match_percent, len(percents))
                for offer in offers
            ],
            dtype=np.int64,
        )
        return cls(
            offers=offers,
            index=Index.build([f"{offer.name}\n{offer.text}" for offer in offers], k1=k1, b=b),
            categories=CategoryIndex.build([offer.categories for offer in offers]),
            positions=MappingProxyType(positions),
            key_order=key_order,
            type_columns=MappingProxyType(type_columns),
            types=types,
            open_to_others=open_to_others,
            geographies=tuple(geographies),
            geography=geography,
            opens=_ordinals([offer.opens for offer in offers], _ALWAYS),
            closes=_ordinals([offer.closes for offer in offers], _NEVER),
            rolling=np.asarray([offer.rolling for offer in offers], dtype=np.bool_),
            floors=tuple(floors),
            floor_rank=floor_rank,
            percents=tuple(percents),
            percent_id=percent_id,
            listings=CategoryIndex.build([offer.assistance_listings for offer in offers]),
            any_purpose=np.asarray([offer.any_purpose for offer in offers], dtype=np.bool_),
        )

    def __len__(self) -> int:
        return len(self.offers)

    def eligible(self, applicant: Applicant, need: Need) -> BoolArray:
        """Return, for every programme, whether all five rules of ``check`` pass (same verdicts)."""
        ok = self.open_to_others.copy()
        own = self.type_columns.get(applicant.applicant_type)
        if own is not None:
            ok |= self.types[:, own]

        places = np.asarray(
            [geography_matches(place, applicant) for place in self.geographies], dtype=np.bool_
        )
        if len(places):
            ok &= places[self.geography]

        today = need.today.toordinal()
        closed = (self.opens <= today) & ~self.rolling & (self.closes < today)
        ok &= ~closed

        if need.amount is None:
            return ok  # no amount yet: award floors and match sizes cannot be compared (they pass)
        # floors[:reachable] are the published floors at or below the need; floor_rank == len(floors)
        # marks "no floor", which every need passes.
        reachable = bisect_right(self.floors, need.amount)
        ok &= (self.floor_rank < reachable) | (self.floor_rank == len(self.floors))

        affordable = np.asarray(
            [match_affordable(value, need.amount, applicant.match_available) for value in self.percents]
            + [True],
            dtype=np.bool_,
        )
        ok &= affordable[self.percent_id]  # percent_id -1 (none published) picks the final True
        return ok


def _ordinals(days: Sequence[date | None], missing: int) -> IntArray:
    return np.asarray([missing if day is None else day.toordinal() for day in days], dtype=np.int64)


@dataclass(frozen=True, eq=False)
class _Scored:
    score: FloatArray
    relevance: FloatArray
    query: list[int]
    related: BoolArray


def _count_terms(index: Index, ids: Sequence[int]) -> IntArray:
    """Return, for every document, how many of the distinct term ids ``ids`` it contains."""
    counts = np.zeros(len(index), dtype=np.int64)
    for term in ids:
        counts[index.indices[index.indptr[term] : index.indptr[term + 1]]] += 1
    return counts


def _score(catalogue: Catalogue, need: Need, category_weight: float) -> _Scored:
    if not 0 <= category_weight <= 1:
        raise ValueError("the category weight must be between 0 and 1")
    query = catalogue.index.query_ids(need.text)
    bm25 = catalogue.index.scores_of(query)
    top = float(bm25.max()) if len(bm25) else 0.0
    relevance = bm25 / top if top > 0 else np.zeros_like(bm25)
    listed = catalogue.listings.overlap(need.listings) > 0
    overlap = np.where(listed, 1.0, catalogue.categories.overlap(need.categories))
    title = catalogue.index.query_ids(need.title) if need.title else query
    words = (_count_terms(catalogue.index, title) > 0) & (relevance >= FLOOR_RELEVANCE)
    related = catalogue.any_purpose | listed | words
    score = (1 - category_weight) * relevance + category_weight * overlap
    return _Scored(score, relevance, query, related)


def _ordered(catalogue: Catalogue, scored: _Scored, chosen: BoolArray) -> IntArray:
    """Return the positions of the chosen programmes, best score first, equal scores by key."""
    positions = np.flatnonzero(chosen)
    order = np.lexsort((catalogue.key_order[positions], -scored.score[positions]))
    return positions[order]


def _match(
    catalogue: Catalogue, scored: _Scored, position: int, need: Need, reasons: tuple[Reason, ...], ok: bool
) -> Match:
    offer = catalogue.offers[position]
    return Match(
        key=offer.key,
        eligible=ok,
        score=float(scored.score[position]),
        relevance=float(scored.relevance[position]),
        categories_matched=matched_categories(offer.categories, need.categories),
        terms=tuple(catalogue.index.explain_ids(scored.query, position)),
        reasons=reasons,
    )


def _catalogue(offers: Catalogue | Sequence[Offer]) -> Catalogue:
    return offers if isinstance(offers, Catalogue) else Catalogue.build(offers)


def rank(
    offers: Catalogue | Sequence[Offer],
    applicant: Applicant,
    need: Need,
    *,
    limit: int = 50,
    category_weight: float = CATEGORY_WEIGHT,
) -> Ranking:
    """Return the ``limit`` best eligible programmes for ``need``, and the ``limit`` most relevant excluded.

    Pass a ``Catalogue`` built once when ranking many needs against the same programmes; a plain
    sequence of offers is indexed on every call.
    """
    if limit < 0:
        raise ValueError("the limit cannot be negative")
    catalogue = _catalogue(offers)
    scored = _score(catalogue, need, category_weight)
    rules = catalogue.eligible(applicant, need)
    ok, failing_related = rules & scored.related, ~rules & scored.related
    matches = [
        _match(
            catalogue, scored, int(position), need, check(catalogue.offers[position], applicant, need), True
        )
        for position in _ordered(catalogue, scored, ok)[:limit]
    ]
    excluded = []
    for position in _ordered(catalogue, scored, failing_related)[:limit]:
        failing = tuple(r for r in check(catalogue.offers[position], applicant, need) if not r.passed)
        excluded.append(_match(catalogue, scored, int(position), need, failing, False))
    eligible_count, excluded_count = int(ok.sum()), int(failing_related.sum())
    return Ranking(
        matches,
        excluded,
        eligible_count,
        excluded_count,
        len(catalogue) - eligible_count - excluded_count,
        need.amount is not None,
    )


def explain_excluded(
    offers: Catalogue | Sequence[Offer],
    applicant: Applicant,
    need: Need,
    *,
    keys: Collection[str] | None = None,
    category_weight: float = CATEGORY_WEIGHT,
) -> list[Match]:
    """Return the excluded programmes (all, or those of ``keys``) with the reason of every rule.

    Ordered like ``rank``; a key that is not in the catalogue, or whose programme is eligible, is left out.
    """
    catalogue = _catalogue(offers)
    scored = _score(catalogue, need, category_weight)
    chosen = ~catalogue.eligible(applicant, need)
    if keys is not None:
        wanted = np.zeros(len(catalogue), dtype=np.bool_)
        wanted[[catalogue.positions[key] for key in keys if key in catalogue.positions]] = True
        chosen &= wanted
    return [
        _match(
            catalogue, scored, int(position), need, check(catalogue.offers[position], applicant, need), False
        )
        for position in _ordered(catalogue, scored, chosen)
    ]
