"""Monte Carlo NPV: known answers, the deterministic check against ``appraise``, reproducibility,
correlation groups, properties and input validation."""

import math
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from civicadopt_core.finance import (
    Distribution,
    Kind,
    Line,
    appraise,
    discount_factors,
    flat_schedule,
    year_flows,
)
from civicadopt_core.uncertainty import METHOD_VERSION, SimulationResult, montecarlo, simulate

D = Decimal
FACTORS = discount_factors(flat_schedule(D("0.035")), 10)


def make_line(
    kind: Kind,
    option: str,
    name: str,
    year: int,
    amount: int,
    low: int | None = None,
    high: int | None = None,
    *,
    distribution: Distribution = Distribution.TRIANGULAR,
    group: str = "",
) -> Line:
    category = "implementation" if kind == Kind.COST else "cashable_savings"
    low_high = (None, None) if low is None or high is None else (D(low), D(high))
    return Line(
        option, kind, category, name, year, D(amount), *low_high, distribution=distribution, group=group
    )


def cost(*args: Any, **kwargs: Any) -> Line:
    return make_line(Kind.COST, *args, **kwargs)


def benefit(*args: Any, **kwargs: Any) -> Line:
    return make_line(Kind.BENEFIT, *args, **kwargs)


CASE = [
    cost("cloud", "build", 0, 400, 300, 700),
    cost("cloud", "licences", 1, 80, 70, 120, distribution=Distribution.PERT, group="prices"),
    cost("cloud", "licences", 2, 80, 70, 120, distribution=Distribution.PERT, group="prices"),
    benefit("cloud", "savings", 2, 300, 100, 400, group="adoption"),
    benefit("cloud", "savings", 3, 350, 150, 450, distribution=Distribution.LOGNORMAL),
    cost("on-premises", "servers", 0, 250),
    cost("on-premises", "licences", 1, 60, 55, 90, group="prices"),
    benefit("on-premises", "savings", 2, 200, 50, 300, group="adoption"),
    benefit("on-premises", "savings", 3, 200),
]
RHO = {"prices": 0.8, "adoption": 0.5}


# Known answers ------------------------------------------------------------------------------------------


def test_one_triangular_cost_has_the_triangular_mean_discounted() -> None:
    # given one cost in year 3 of 80..100..160
    lines = [cost("a", "build", 3, 100, 80, 160)]
    # when
    result = simulate(lines, FACTORS, iterations=200_000, seed=7)
    # then: NPV = -DF(3) * amount, so its mean is -DF(3) * (a + m + b) / 3 within 4 standard errors
    df = float(FACTORS[3])
    sd = df * math.sqrt((80**2 + 100**2 + 160**2 - 80 * 100 - 80 * 160 - 100 * 160) / 18)
    assert result.mean("a") == pytest.approx(-df * (80 + 100 + 160) / 3, abs=4 * sd / math.sqrt(200_000))


def test_one_pert_benefit_has_the_pert_mean() -> None:
    lines = [benefit("a", "savings", 0, 100, 80, 160, distribution=Distribution.PERT)]
    result = simulate(lines, FACTORS, iterations=200_000, seed=7)
    mean = (80 + 4 * 100 + 160) / 6
    sd = math.sqrt((mean - 80) * (160 - mean) / 7)
    assert result.mean("a") == pytest.approx(mean, abs=4 * sd / math.sqrt(200_000))


def test_one_lognormal_benefit_recovers_its_median_and_percentiles() -> None:
    lines = [benefit("a", "savings", 0, 100, 50, 200, distribution=Distribution.LOGNORMAL)]
    result = simulate(lines, FACTORS, iterations=200_000, seed=7)
    assert [result.percentile("a", q) for q in (10, 50, 90)] == pytest.approx([50, 100, 200], rel=0.01)


def test_percentile_and_shares_on_a_known_sample() -> None:
    # given four iterations
    result = SimulationResult(
        iterations=4,
        seed=0,
        method_version=METHOD_VERSION,
        npv={"a": np.array([-1.0, 0.0, 2.0, 3.0]), "b": np.array([0.0, 0.0, 1.0, 3.0])},
    )
    # then: 'linear' percentiles interpolate between the sorted values; zero is not positive, a tie is no win
    assert result.percentile("a", 50) == 1.0
    assert result.percentile("a", 10) == pytest.approx(-0.7)
    assert (result.percentile("a", 0), result.percentile("a", 100)) == (-1.0, 3.0)
    assert result.prob_positive("a") == 0.5
    assert result.prob_beats("a", "b") == 0.25
    assert result.prob_beats("b", "a") == 0.25
    assert result.mean("a") == 1.0
    assert result.options == ("a", "b")


# The deterministic check --------------------------------------------------------------------------------

constant_lines = st.lists(
    st.builds(
        Line,
        option=st.sampled_from(["a", "b", "c"]),
        kind=st.sampled_from(list(Kind)),
        category=st.just("other_cost"),
        name=st.sampled_from(["x", "y"]),
        year=st.integers(0, 10),
        amount=st.decimals(min_value=0, max_value=10**9, places=2),
    ),
    min_size=1,
    max_size=30,
)


@settings(deadline=None)
@given(constant_lines, st.decimals(min_value=0, max_value="0.2", places=3), st.integers(0, 2**64))
def test_without_uncertain_lines_every_iteration_is_the_appraise_npv(
    lines: list[Line], rate: Decimal, seed: int
) -> None:
    factors = discount_factors(flat_schedule(rate), 10)
    result = simulate(lines, factors, iterations=50, seed=seed)
    for option, npv in result.npv.items():
        expected = float(appraise(year_flows([line for line in lines if line.option == option]), factors).npv)
        assert np.all(npv == npv[0])
        assert npv[0] == pytest.approx(expected, rel=1e-12, abs=1e-6)


def test_a_range_with_low_equal_to_high_is_a_constant() -> None:
    lines = [cost("a", "build", 1, 100, 100, 100), benefit("a", "savings", 2, 40, 40, 40)]
    result = simulate(lines, FACTORS, iterations=10, seed=1)
    expected = float(appraise(year_flows(lines), FACTORS).npv)
    assert result.npv["a"].tolist() == pytest.approx([expected] * 10, rel=1e-15)


# Reproducibility ----------------------------------------------------------------------------------------


@settings(deadline=None, max_examples=25)
@given(st.integers(0, 2**63), st.integers(1, 300))
def test_the_same_seed_gives_identical_arrays(seed: int, iterations: int) -> None:
    first = simulate(CASE, FACTORS, iterations=iterations, seed=seed, correlation=RHO)
    second = simulate(CASE, FACTORS, iterations=iterations, seed=seed, correlation=RHO)
    assert first.options == second.options == ("cloud", "on-premises")
    for option in first.options:
        np.testing.assert_array_equal(first.npv[option], second.npv[option])


def test_another_seed_gives_other_draws() -> None:
    first = simulate(CASE, FACTORS, iterations=100, seed=1, correlation=RHO)
    second = simulate(CASE, FACTORS, iterations=100, seed=2, correlation=RHO)
    assert not np.array_equal(first.npv["cloud"], second.npv["cloud"])


def test_the_result_records_how_it_was_made_and_cannot_be_changed() -> None:
    result = simulate(CASE, FACTORS, iterations=100, seed=42, correlation=RHO)
    assert (result.iterations, result.seed, result.method_version) == (100, 42, "mc-npv/2")
    assert all(len(npv) == 100 and npv.dtype == np.float64 for npv in result.npv.values())
    with pytest.raises(ValueError, match="read-only"):
        result.npv["cloud"][0] = 0.0
    with pytest.raises(TypeError):
        result.npv["new"] = np.zeros(100)  # type: ignore[index]


def test_reordering_lines_and_options_changes_nothing() -> None:
    first = simulate(CASE, FACTORS, iterations=500, seed=3, correlation=RHO)
    second = simulate(CASE[::-1], FACTORS, iterations=500, seed=3, correlation=RHO)
    assert second.options == ("on-premises", "cloud")
    for option in first.options:
        np.testing.assert_array_equal(first.npv[option], second.npv[option])


def test_editing_one_option_leaves_the_others_draws_alone() -> None:
    # given a new uncertain line and a changed range, both in the cloud option
    edited = [*CASE[:3], benefit("cloud", "savings", 2, 300, 250, 320, group="adoption"), *CASE[4:]]
    edited.append(benefit("cloud", "new service", 4, 50, 0, 90))
    # when
    before = simulate(CASE, FACTORS, iterations=500, seed=3, correlation=RHO)
    after = simulate(edited, FACTORS, iterations=500, seed=3, correlation=RHO)
    # then: the on-premises NPVs are exactly the same, the cloud ones moved
    np.testing.assert_array_equal(before.npv["on-premises"], after.npv["on-premises"])
    assert not np.array_equal(before.npv["cloud"], after.npv["cloud"])


def test_more_iterations_extend_the_sample() -> None:
    short = simulate(CASE, FACTORS, iterations=100, seed=9, correlation=RHO)
    long = simulate(CASE, FACTORS, iterations=1000, seed=9, correlation=RHO)
    for option in short.options:
        np.testing.assert_allclose(long.npv[option][:100], short.npv[option], rtol=1e-13)


def test_computing_the_matrix_in_blocks_gives_the_same_npvs(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = simulate(CASE, FACTORS, iterations=400, seed=5, correlation=RHO)
    monkeypatch.setattr(montecarlo, "_BLOCK_FLOATS", 400)  # one line per block
    blocks = simulate(CASE, FACTORS, iterations=400, seed=5, correlation=RHO)
    for option in whole.options:
        np.testing.assert_allclose(blocks.npv[option], whole.npv[option], rtol=1e-13)


# Correlation groups -------------------------------------------------------------------------------------


def two_lines(rho: float, distribution: Distribution = Distribution.TRIANGULAR) -> SimulationResult:
    # One line in each option, so each option's NPV is minus its line's amount.
    lines = [
        cost("a", "licences", 0, 100, 80, 150, distribution=distribution, group="prices"),
        cost("b", "licences", 0, 100, 80, 150, distribution=distribution, group="prices"),
    ]
    return simulate(lines, FACTORS, iterations=20_000, seed=11, correlation={"prices": rho})


@pytest.mark.parametrize("distribution", list(Distribution))
def test_full_correlation_makes_lines_move_as_one(distribution: Distribution) -> None:
    result = two_lines(1.0, distribution)
    assert stats.spearmanr(result.npv["a"], result.npv["b"]).statistic == pytest.approx(1.0)
    np.testing.assert_array_equal(result.npv["a"], result.npv["b"])
    assert result.prob_beats("a", "b") == 0.0


def test_zero_correlation_leaves_lines_independent() -> None:
    result = two_lines(0.0)
    # The rank correlation of 20,000 independent pairs has a standard error of about 0.007.
    assert abs(stats.spearmanr(result.npv["a"], result.npv["b"]).statistic) < 0.03


def test_a_group_without_a_coefficient_is_uncorrelated() -> None:
    lines = [cost("a", "x", 0, 100, 80, 150, group="g"), cost("b", "x", 0, 100, 80, 150, group="g")]
    result = simulate(lines, FACTORS, iterations=20_000, seed=11, correlation={"other": 1.0})
    assert abs(stats.spearmanr(result.npv["a"], result.npv["b"]).statistic) < 0.03


@pytest.mark.parametrize("rho", [0.3, 0.5, 0.9])
def test_partial_correlation_gives_the_gaussian_copula_rank_correlation(rho: float) -> None:
    # The rank correlation of a Gaussian copula is 6/pi * arcsin(rho / 2) (Kruskal 1958).
    result = two_lines(rho)
    expected = 6 / math.pi * math.asin(rho / 2)
    assert stats.spearmanr(result.npv["a"], result.npv["b"]).statistic == pytest.approx(expected, abs=0.02)


# Properties ---------------------------------------------------------------------------------------------


@st.composite
def uncertain_lines(draw: st.DrawFn) -> list[Line]:
    lines = []
    for index in range(draw(st.integers(1, 8))):
        low, amount, high = sorted(draw(st.lists(st.integers(1, 10_000), min_size=3, max_size=3)))
        make = draw(st.sampled_from([cost, benefit]))
        lines.append(
            make(
                draw(st.sampled_from(["a", "b"])),
                f"line {index}",
                draw(st.integers(0, 10)),
                amount,
                low,
                high,
                distribution=draw(st.sampled_from(list(Distribution))),
                group=draw(st.sampled_from(["", "g", "h"])),
            )
        )
    return lines


@settings(deadline=None, max_examples=50)
@given(uncertain_lines(), st.integers(0, 2**32), st.floats(0, 1), st.floats(0, 1))
def test_percentiles_are_in_order(lines: list[Line], seed: int, rho_g: float, rho_h: float) -> None:
    result = simulate(lines, FACTORS, iterations=200, seed=seed, correlation={"g": rho_g, "h": rho_h})
    for option in result.options:
        p10, p50, p90 = (result.percentile(option, q) for q in (10, 50, 90))
        assert p10 <= p50 <= p90
        assert 0.0 <= result.prob_positive(option) <= 1.0


@settings(deadline=None, max_examples=50)
@given(
    st.lists(st.integers(0, 1000), min_size=3, max_size=3),
    st.sampled_from([Distribution.TRIANGULAR, Distribution.PERT]),
    st.integers(0, 2**32),
    st.floats(0, 1),
)
def test_bounded_draws_stay_within_low_and_high(
    values: list[int], distribution: Distribution, seed: int, rho: float
) -> None:
    low, amount, high = sorted(values)
    lines = [
        benefit("a", "x", 0, amount, low, high, distribution=distribution, group="g"),
        benefit("a", "y", 0, amount, low, high, distribution=distribution, group="g"),
    ]
    result = simulate(lines, FACTORS, iterations=300, seed=seed, correlation={"g": rho})
    assert np.all((result.npv["a"] >= 2 * low) & (result.npv["a"] <= 2 * high))


# Input validation ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"iterations": 0}, "between 1 and 1,000,000"),
        ({"iterations": 1_000_001}, "between 1 and 1,000,000"),
        ({"iterations": 10.0}, "whole number"),
        ({"iterations": True}, "whole number"),
        ({"seed": -1}, "0 or more"),
        ({"seed": "7"}, "whole number"),
        ({"correlation": {"prices": 1.5}}, "between 0 and 1"),
        ({"correlation": {"prices": -0.1}}, "between 0 and 1"),
        ({"correlation": {"prices": math.nan}}, "between 0 and 1"),
        ({"factors": FACTORS[:3]}, "no discount factor for year 3"),
    ],
)
def test_invalid_input_is_refused(change: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {"factors": FACTORS, "iterations": 100, "seed": 1, "correlation": RHO}
    arguments.update(change)
    with pytest.raises(ValueError, match=message):
        simulate(CASE, **arguments)  # type: ignore[arg-type]


def test_a_lognormal_line_needs_a_positive_low() -> None:
    lines = [cost("a", "build", 0, 10, 0, 20, distribution=Distribution.LOGNORMAL)]
    with pytest.raises(ValueError, match="a / build: a lognormal range needs low > 0"):
        simulate(lines, FACTORS, iterations=10, seed=1)


def test_asking_about_an_unknown_option_or_percentile_is_refused() -> None:
    result = simulate(CASE, FACTORS, iterations=10, seed=1)
    with pytest.raises(ValueError, match=r"no option named 'other'.*'cloud', 'on-premises'"):
        result.percentile("other", 50)
    with pytest.raises(ValueError, match="no option named"):
        result.prob_beats("cloud", "other")
    with pytest.raises(ValueError, match="between 0 and 100"):
        result.percentile("cloud", 101)


def test_no_lines_give_no_options() -> None:
    assert simulate([], FACTORS, iterations=10, seed=1).options == ()
