"""Scoring risks: known answers on the default 5x5 matrix, then properties (monotone, residual ≤ inherent)."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicadopt_core.risk import (
    Exposure,
    Rating,
    Risk,
    Score,
    assess,
    default_matrix,
    expected_delay,
    expected_monetary_value,
    score,
)

MATRIX = default_matrix(D(1_000_000))


@pytest.mark.parametrize(
    ("probability", "cost", "days", "expected"),
    [
        # 40% (3) x cost 60,000 (4) = 12: high
        (D("0.40"), D(60_000), None, Score(3, 4, 12, Rating.HIGH)),
        # 80% (5) x 45 working days late (5) = 25: very high
        (D("0.80"), D(1_000), D(45), Score(5, 5, 25, Rating.VERY_HIGH)),
        # 5% (1) x 8 days (2) = 2: low
        (D("0.05"), None, D(8), Score(1, 2, 2, Rating.LOW)),
        # 60% (4) x 35,000 (3) = 12: high; 20% (2) x 35,000 (3) = 6: medium; 25,000 is only minor (2)
        (D("0.60"), D(35_000), D(3), Score(4, 3, 12, Rating.HIGH)),
        (D("0.20"), D(35_000), D(3), Score(2, 3, 6, Rating.MEDIUM)),
        (D("0.60"), D(25_000), D(3), Score(4, 2, 8, Rating.MEDIUM)),
        # 70% is still "likely" (4), 16 = very high with a major impact (4)
        (D("0.70"), D(99_000), None, Score(4, 4, 16, Rating.VERY_HIGH)),
    ],
)
def test_known_scores_on_the_default_matrix(probability: D, cost: D, days: D, expected: Score) -> None:
    assert score(probability, cost, days, MATRIX) == expected


def test_expected_monetary_value_and_delay_are_exact() -> None:
    # PMBOK's EMV: probability x impact; a 30% chance of a 50,000 overrun is worth 15,000
    assert expected_monetary_value(D("0.30"), D(50_000)) == D(15_000)
    assert expected_monetary_value(D("0.3333"), D("100.01")) == D("33.333333")
    assert expected_monetary_value(D("0.5"), None) == 0
    assert expected_delay(D("0.25"), D(20)) == D(5)


def test_residual_inputs_left_empty_are_the_inherent_ones() -> None:
    risk = Risk("R1", D("0.6"), D(60_000), D(15), residual_probability=D("0.2"))
    assert risk.residual == Exposure(D("0.2"), D(60_000), D(15))
    result = assess(risk, MATRIX)
    assert (result.inherent.value, result.inherent.rating) == (16, Rating.VERY_HIGH)  # 4 x 4
    assert (result.residual.value, result.residual.rating) == (8, Rating.MEDIUM)  # 2 x 4
    assert (result.inherent_emv, result.residual_emv) == (D(36_000), D(12_000))
    assert (result.inherent_delay, result.residual_delay) == (D(9), D(3))


def test_an_avoided_risk_with_no_residual_probability_has_no_expected_cost() -> None:
    result = assess(Risk("R2", D("0.5"), D(80_000), residual_probability=D(0)), MATRIX)
    assert result.residual_emv == 0 and result.residual.probability_score == 1


@pytest.mark.parametrize(
    "values",
    [(D("-0.1"), None, None), (D("1.5"), None, None), (D("0.5"), D(-1), None), (D("0.5"), None, D(-2))],
)
def test_exposures_outside_their_ranges_are_refused(values: tuple[D, D | None, D | None]) -> None:
    with pytest.raises(ValueError):
        Exposure(*values)


# --- properties ---------------------------------------------------------------------------------------

probabilities = st.decimals(min_value=D(0), max_value=D(1), places=4)
money = st.one_of(st.none(), st.decimals(min_value=D(0), max_value=D(10**9), places=2))
days = st.one_of(st.none(), st.decimals(min_value=D(0), max_value=D(1000), places=2))
sizes = st.sampled_from((3, 4, 5))


def _le(a: D | None, b: D | None) -> bool:
    return (a or 0) <= (b or 0)


@given(size=sizes, p=probabilities, q=probabilities, cost=money, delay=days)
def test_score_is_monotone_in_probability(size: int, p: D, q: D, cost: D | None, delay: D | None) -> None:
    matrix = default_matrix(size=size)
    low, high = sorted((p, q))
    assert score(low, cost, delay, matrix).value <= score(high, cost, delay, matrix).value


@given(size=sizes, p=probabilities, a=money, b=money, delay=days)
def test_score_is_monotone_in_cost(size: int, p: D, a: D | None, b: D | None, delay: D | None) -> None:
    matrix = default_matrix(size=size)
    low, high = (a, b) if _le(a, b) else (b, a)
    assert score(p, low, delay, matrix).value <= score(p, high, delay, matrix).value


@given(size=sizes, p=probabilities, cost=money, a=days, b=days)
def test_score_is_monotone_in_delay(size: int, p: D, cost: D | None, a: D | None, b: D | None) -> None:
    matrix = default_matrix(size=size)
    low, high = (a, b) if _le(a, b) else (b, a)
    assert score(p, cost, low, matrix).value <= score(p, cost, high, matrix).value


@given(size=sizes, p=probabilities, cost=money, delay=days)
def test_a_score_is_its_two_scores_multiplied_and_within_the_matrix(
    size: int, p: D, cost: D | None, delay: D | None
) -> None:
    matrix = default_matrix(size=size)
    result = score(p, cost, delay, matrix)
    assert 1 <= result.probability_score <= size and 1 <= result.impact_score <= size
    assert result.value == result.probability_score * result.impact_score
    assert result.rating is matrix.rating(result.value)


RANK = {rating: position for position, rating in enumerate(Rating)}


@given(
    size=sizes,
    p=probabilities,
    cost=money,
    delay=days,
    p_share=st.decimals(min_value=D(0), max_value=D(1), places=2),
    cost_share=st.one_of(st.none(), st.decimals(min_value=D(0), max_value=D(1), places=2)),
    delay_share=st.one_of(st.none(), st.decimals(min_value=D(0), max_value=D(1), places=2)),
)
def test_residual_never_rates_above_inherent_when_its_inputs_are_no_larger(
    size: int, p: D, cost: D | None, delay: D | None, p_share: D, cost_share: D | None, delay_share: D | None
) -> None:
    risk = Risk(
        "R1", p, cost, delay,
        residual_probability=p * p_share,
        residual_cost=None if cost is None or cost_share is None else cost * cost_share,
        residual_schedule=None if delay is None or delay_share is None else delay * delay_share,
    )  # fmt: skip
    result = assess(risk, default_matrix(size=size))
    assert result.residual.value <= result.inherent.value
    assert RANK[result.residual.rating] <= RANK[result.inherent.rating]
    assert result.residual_emv <= result.inherent_emv
    assert result.residual_delay <= result.inherent_delay


def test_the_worked_example_of_the_method_page() -> None:
    # docs/methods/risk-scoring.md: the e-permitting data-migration risk
    risk = Risk("R1", D("0.60"), D(45_000), D(20), residual_probability=D("0.25"), residual_schedule=D(10))
    result = assess(risk, MATRIX)
    assert result.inherent == Score(4, 3, 12, Rating.HIGH)
    assert result.residual == Score(2, 3, 6, Rating.MEDIUM)
    assert (result.inherent_emv, result.residual_emv) == (D(27_000), D(11_250))
    assert (result.inherent_delay, result.residual_delay) == (D(12), D("2.5"))
