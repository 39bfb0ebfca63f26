"""Ranking programmes: a worked ranking, then the vectorised filter against ``check`` programme by programme."""

import random
from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest
from funding_factories import CITY, TODAY, applicants, catalogues, need, needs, offer
from hypothesis import given
from hypothesis import strategies as st

from civicadopt_core.funding import (
    Applicant,
    Catalogue,
    Need,
    Offer,
    check,
    eligible,
    explain_excluded,
    rank,
)

PROGRAMMES = [
    offer(
        key="parking",
        name="Smart parking pilots",
        text="Parking sensors and parking payment apps for downtown streets.",
        categories=("ST", "T"),
    ),
    offer(
        key="sensors",
        name="Sensor networks",
        text="Air quality sensors for city streets.",
        categories=("ENV",),
    ),
    offer(key="library", name="Library broadband", text="Broadband for rural libraries.", categories=("ST",)),
    offer(key="closed", name="Parking garages", text="Parking structures.", closes=date(2027, 3, 1)),
    offer(key="ohio", name="Parking in Ohio", text="Parking sensors.", geography="US-OH"),
    offer(key="states", name="State parking", text="Parking sensors.", applicant_types=("00",)),
    offer(
        key="tiny",
        name="Parking microgrants",
        text="Parking signs.",
        award_floor=None,
        award_ceiling=D(50_000),
    ),
]
PARKING = Need(D(400_000), TODAY, ("ST",), "parking sensors downtown")


def test_a_worked_ranking() -> None:
    ranking = rank(PROGRAMMES, CITY, PARKING, limit=10)
    # "sensors" matches one word but lacks the need's category ST, which every other programme lists;
    # "library" shares no word with the need: checked, but not related, so not listed at all
    assert [m.key for m in ranking.matches] == ["parking", "ohio", "tiny", "sensors"]
    assert [m.key for m in ranking.excluded] == ["states", "closed"]
    assert (ranking.eligible_count, ranking.excluded_count, ranking.unrelated_count) == (4, 2, 1)
    assert ranking.amount_known

    best = ranking.matches[0]
    assert best.relevance == 1.0 and best.categories_matched == ("ST",)
    assert best.score == pytest.approx(0.8 * 1.0 + 0.2 * 1.0)
    assert [term for term, _ in best.terms] == ["downtown", "parking", "sensor"]
    assert len(best.reasons) == 5 and not best.flagged

    tiny = next(m for m in ranking.matches if m.key == "tiny")
    assert tiny.flagged  # covers only 50,000 of the 400,000
    assert tiny.reasons[3].message == (
        "Covers at most $50,000 of the $400,000 needed; the other $350,000 must come from elsewhere."
    )

    sensors = ranking.matches[-1]
    assert sensors.categories_matched == () and [term for term, _ in sensors.terms] == ["sensor"]
    assert sensors.score == pytest.approx(0.8 * sensors.relevance) and sensors.relevance >= 0.2

    # an excluded programme keeps only the reasons it failed on
    states, closed = ranking.excluded
    assert [r.code for r in states.reasons] == ["applicant_type"]
    assert [r.message for r in closed.reasons] == ["Closed on 1 March 2027, 14 days ago."]
    assert not states.eligible and states.relevance > 0


def test_explain_excluded_gives_every_reason_on_request() -> None:
    everything = explain_excluded(PROGRAMMES, CITY, PARKING)
    assert [m.key for m in everything] == ["states", "closed"]
    assert all(len(m.reasons) == 5 for m in everything)
    assert [
        m.key for m in explain_excluded(PROGRAMMES, CITY, PARKING, keys={"closed", "parking", "nope"})
    ] == ["closed"]


def test_limit_and_a_prepared_catalogue() -> None:
    catalogue = Catalogue.build(PROGRAMMES)
    assert rank(catalogue, CITY, PARKING, limit=10) == rank(PROGRAMMES, CITY, PARKING, limit=10)
    short = rank(catalogue, CITY, PARKING, limit=2)
    assert [m.key for m in short.matches] == ["parking", "ohio"] and len(short.excluded) == 2
    assert (short.eligible_count, short.excluded_count) == (4, 2)
    assert rank(catalogue, CITY, PARKING, limit=0).matches == []
    with pytest.raises(ValueError):
        rank(catalogue, CITY, PARKING, limit=-1)
    with pytest.raises(ValueError):
        rank(catalogue, CITY, PARKING, category_weight=1.5)


def test_keys_must_be_unique() -> None:
    with pytest.raises(ValueError, match="own key"):
        Catalogue.build([offer(key="A"), offer(key="A")])


def test_an_empty_catalogue_and_an_empty_need() -> None:
    assert rank([], CITY, PARKING) == rank([], CITY, PARKING)
    assert rank([], CITY, PARKING).matches == []
    plain = rank(PROGRAMMES, CITY, need(text=""), limit=10)
    # with no words nothing is related: every programme is checked and counted, none listed
    assert plain.matches == [] and plain.excluded == [] and plain.unrelated_count == len(PROGRAMMES)


# --- properties ----------------------------------------------------------------------------------------


@given(catalogues, applicants, needs)
def test_the_vectorised_filter_gives_the_verdict_of_check_for_every_programme(
    offers: list[Offer], applicant: Applicant, the_need: Need
) -> None:
    verdicts = Catalogue.build(offers).eligible(applicant, the_need)
    assert list(verdicts) == [eligible(check(item, applicant, the_need)) for item in offers]


@given(catalogues, applicants, needs)
def test_matches_are_eligible_best_first_and_excluded_ones_show_why(
    offers: list[Offer], applicant: Applicant, the_need: Need
) -> None:
    ranking = rank(offers, applicant, the_need, limit=len(offers))
    assert len(ranking.matches) + len(ranking.excluded) + ranking.unrelated_count == len(offers)
    assert ranking.eligible_count == len(ranking.matches)
    for match in ranking.matches:
        assert match.eligible and eligible(match.reasons) and len(match.reasons) == 5
        assert 0 <= match.relevance <= 1 and 0 <= match.score <= 1
    for match in ranking.excluded:
        assert not match.eligible and match.reasons and not any(r.passed for r in match.reasons)
    for ranked in (ranking.matches, ranking.excluded):
        order = [(-m.score, m.key) for m in ranked]
        assert order == sorted(order)


@given(catalogues, applicants, needs, st.randoms(use_true_random=False))
def test_the_ranking_does_not_depend_on_the_order_of_the_catalogue(
    offers: list[Offer], applicant: Applicant, the_need: Need, shuffler: random.Random
) -> None:
    shuffled = offers[:]
    shuffler.shuffle(shuffled)
    first, second = rank(offers, applicant, the_need, limit=10), rank(shuffled, applicant, the_need, limit=10)
    assert [m.key for m in first.matches] == [m.key for m in second.matches]
    assert [m.key for m in first.excluded] == [m.key for m in second.excluded]
    for a, b in zip(first.matches, second.matches, strict=True):
        assert a.score == pytest.approx(b.score, rel=1e-12) and a.reasons == b.reasons


@given(catalogues, needs)
def test_an_unrestricted_copy_of_a_match_is_never_excluded_for_its_applicant_type(
    offers: list[Offer], the_need: Need
) -> None:
    opened = [replace(item, applicant_types=("99",)) for item in offers]
    for match in rank(opened, Applicant("21"), the_need, limit=len(offers)).excluded:
        assert "applicant_type" not in {r.code for r in match.reasons}
