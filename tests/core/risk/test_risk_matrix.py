"""The probability-impact matrix: known answers for the default 5x5 bands, then properties of any matrix."""

from decimal import Decimal as D
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicadopt_core.risk import (
    DEFAULT_RATING_LIMITS,
    SIZES,
    Matrix,
    Rating,
    band,
    default_matrix,
    ranges,
)

MATRIX = default_matrix(D(1_000_000))


@pytest.mark.parametrize(
    ("probability", "expected"),
    [
        (D("0"), 1),
        (D("0.05"), 1),
        (D("0.10"), 1),  # "10% or less" includes 10%
        (D("0.1001"), 2),
        (D("0.30"), 2),
        (D("0.31"), 3),
        (D("0.50"), 3),
        (D("0.70"), 4),
        (D("0.7001"), 5),
        (D("1"), 5),
    ],
)
def test_default_probability_bands(probability: D, expected: int) -> None:
    assert MATRIX.probability_score(probability) == expected


def test_default_cost_bands_are_shares_of_the_budget() -> None:
    # 1%, 3%, 5% and 10% of 1,000,000
    assert MATRIX.cost_limits == (D(10_000), D(30_000), D(50_000), D(100_000))
    assert [MATRIX.cost_score(D(c)) for c in (0, 10_000, 10_001, 30_000, 49_999, 100_000, 100_001)] == [
        1, 1, 2, 2, 3, 4, 5,
    ]  # fmt: skip


def test_default_schedule_bands_are_working_days() -> None:
    assert MATRIX.schedule_limits == (D(5), D(10), D(20), D(40))
    assert [MATRIX.schedule_score(D(d)) for d in (0, 5, 6, 10, 20, "20.5", 40, 41)] == [
        1,
        1,
        2,
        2,
        3,
        4,
        4,
        5,
    ]


def test_impact_is_the_worse_of_cost_and_schedule_and_missing_impact_scores_one() -> None:
    assert MATRIX.impact_score(D(5_000), D(30)) == 4
    assert MATRIX.impact_score(D(200_000), D(1)) == 5
    assert MATRIX.impact_score(None, None) == 1


@pytest.mark.parametrize(
    ("value", "rating"),
    [(1, Rating.LOW), (4, Rating.LOW), (5, Rating.MEDIUM), (9, Rating.MEDIUM), (10, Rating.HIGH),
     (15, Rating.HIGH), (16, Rating.VERY_HIGH), (25, Rating.VERY_HIGH)],
)  # fmt: skip
def test_default_5x5_ratings_follow_the_common_bands(value: int, rating: Rating) -> None:
    # low 1-4, medium 5-9, high 10-15, very high 16-25
    assert MATRIX.rating(value) is rating


def test_smaller_matrices_merge_the_5x5_probability_bands() -> None:
    three = default_matrix(D(100_000), size=3)
    assert three.probability_limits == (D("0.30"), D("0.70"))
    assert three.cost_limits == (D(3_000), D(10_000))
    assert [three.rating(v) for v in (1, 2, 3, 4, 6, 9)] == [
        Rating.LOW, Rating.LOW, Rating.MEDIUM, Rating.MEDIUM, Rating.HIGH, Rating.VERY_HIGH,
    ]  # fmt: skip
    assert default_matrix(size=4).rating_limits == DEFAULT_RATING_LIMITS[4]


@pytest.mark.parametrize(
    "change",
    [
        {"size": 6},
        {"probability_limits": (D("0.1"), D("0.3"), D("0.5"))},  # one too few
        {"probability_limits": (D("0.1"), D("0.3"), D("0.3"), D("0.7"))},  # not increasing
        {"probability_limits": (D("0.1"), D("0.3"), D("0.5"), D("1"))},  # a band above 100%
        {"cost_limits": (D("0"), D("1"), D("2"), D("3"))},
        {"schedule_limits": (D("5"), D("4"), D("20"), D("40"))},
        {"rating_limits": (4, 9, 25)},
        {"rating_limits": (9, 4, 15)},
        {"cost_limits": (D("NaN"), D("1"), D("2"), D("3"))},
    ],
)
def test_an_inconsistent_matrix_is_refused(change: dict[str, object]) -> None:
    values: dict[str, object] = {
        "size": 5,
        "probability_limits": MATRIX.probability_limits,
        "cost_limits": MATRIX.cost_limits,
        "schedule_limits": MATRIX.schedule_limits,
        "rating_limits": MATRIX.rating_limits,
        **change,
    }
    with pytest.raises(ValueError):
        Matrix(**values)  # type: ignore[arg-type]


def test_out_of_range_inputs_are_refused() -> None:
    with pytest.raises(ValueError):
        MATRIX.probability_score(D("1.01"))
    with pytest.raises(ValueError):
        MATRIX.cost_score(D(-1))
    with pytest.raises(ValueError):
        MATRIX.rating(26)
    with pytest.raises(ValueError):
        default_matrix(D(0))


def test_ranges_describe_each_band_with_open_ends() -> None:
    assert ranges((D(5), D(10))) == ((None, D(5)), (D(5), D(10)), (D(10), None))


# --- properties ---------------------------------------------------------------------------------------

sizes = st.sampled_from(SIZES)
budgets = st.decimals(min_value=D(100), max_value=D(10**12), places=2)
probabilities = st.decimals(min_value=D(0), max_value=D(1), places=4)
money = st.decimals(min_value=D(0), max_value=D(10**13), places=2)


@given(size=sizes, budget=budgets)
def test_every_probability_and_impact_lands_in_a_band_of_the_matrix(size: int, budget: D) -> None:
    matrix = default_matrix(budget, size)
    assert matrix.probability_score(D(0)) == 1 and matrix.probability_score(D(1)) == size
    assert matrix.cost_score(D(10) ** 14) == size
    # every product of two scores has a rating, and the ratings cover 1..size² without a gap
    ratings = [matrix.rating(v) for v in range(1, size * size + 1)]
    assert ratings[0] is Rating.LOW and ratings[-1] is Rating.VERY_HIGH
    order = list(Rating)
    assert all(order.index(a) <= order.index(b) for a, b in pairwise(ratings))


@given(limits=st.lists(st.integers(1, 1000), min_size=1, max_size=4, unique=True), value=st.integers(0, 2000))
def test_a_band_holds_values_up_to_and_including_its_limit(limits: list[int], value: int) -> None:
    ordered = sorted(D(x) for x in limits)
    k = band(D(value), ordered)
    assert 1 <= k <= len(ordered) + 1
    if k <= len(ordered):
        assert D(value) <= ordered[k - 1]
    if k > 1:
        assert D(value) > ordered[k - 2]


@given(size=sizes, a=probabilities, b=probabilities)
def test_probability_score_is_monotone(size: int, a: D, b: D) -> None:
    matrix = default_matrix(size=size)
    low, high = sorted((a, b))
    assert matrix.probability_score(low) <= matrix.probability_score(high)


@given(size=sizes, a=money, b=money)
def test_cost_score_is_monotone(size: int, a: D, b: D) -> None:
    matrix = default_matrix(size=size)
    low, high = sorted((a, b))
    assert matrix.cost_score(low) <= matrix.cost_score(high)
