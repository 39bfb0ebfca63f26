"""The tabulated PERT quantiles used for fast draws, against scipy's exact Beta quantiles."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.special import betaincinv

from civicadopt_core.schedule.pert import pert_draw, pert_row

PROBABILITIES = np.linspace(0.01, 0.99, 99)


@given(
    low=st.floats(-1e4, 1e4),
    width=st.floats(0.01, 1e4),
    position=st.floats(0.0, 1.0),
)
def test_tabulated_quantiles_are_within_2e_5_of_the_range_between_p1_and_p99(
    low: float, width: float, position: float
) -> None:
    high = low + width
    mode = low + position * width
    drawn = pert_draw(PROBABILITIES.copy(), pert_row(low, mode, high), low, high)
    r = (mode - low) / width
    exact = low + width * betaincinv(1 + 4 * r, 5 - 4 * r, PROBABILITIES)
    assert np.max(np.abs(drawn - exact)) <= 2e-5 * width + 1e-9 * max(abs(low), abs(high))


@pytest.mark.parametrize("position", [0.0, 0.146, 0.5, 0.9, 1.0])
def test_the_ends_of_the_range_are_the_estimates_and_the_tails_are_close(position: float) -> None:
    row = pert_row(10.0, 10.0 + 20.0 * position, 30.0)
    ends = pert_draw(np.array([0.0, 1.0]), row, 10.0, 30.0)
    assert list(ends) == [10.0, 30.0]
    tails = np.array([0.0005, 0.001, 0.999, 0.9995])
    exact = 10.0 + 20.0 * betaincinv(1 + 4 * position, 5 - 4 * position, tails)
    assert np.max(np.abs(pert_draw(tails, row, 10.0, 30.0) - exact)) <= 3e-4 * 20.0


def test_draws_have_the_pert_mean_and_standard_deviation() -> None:
    # PERT(2, 5, 14): mean (a + 4m + b) / 6 = 6; alpha = 2, beta = 4 gives sd = 12 * sqrt(8 / 252).
    rng = np.random.default_rng(20270111)
    values = pert_draw(rng.random(400_000), pert_row(2.0, 5.0, 14.0), 2.0, 14.0)
    assert values.mean() == pytest.approx(36 / 6, abs=0.01)
    assert values.std() == pytest.approx(12 * np.sqrt(8 / 252), rel=0.005)
