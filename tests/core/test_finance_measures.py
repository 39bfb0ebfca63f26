"""The measures of value: known answers from published worked examples, then properties."""

from decimal import Decimal as D

from hypothesis import assume, given
from hypothesis import strategies as st

from civicadopt_core.finance import (
    Kind,
    Line,
    YearFlows,
    appraise,
    discount_factors,
    equivalent_annual_cost,
    flat_schedule,
    irr,
    payback,
    year_flows,
)

ZERO = D(0)


def flows(net: list[int]) -> YearFlows:
    return YearFlows(
        costs=tuple(D(-n) if n < 0 else ZERO for n in net),
        benefits=tuple(D(n) if n > 0 else ZERO for n in net),
    )


def test_npv_matches_microsofts_worked_example() -> None:
    # Microsoft Excel NPV function, example 1: rate 10%, -10,000 after one year, then 3,000, 4,200 and
    # 6,800: NPV = $1,188.44. Excel discounts its first value by one period: our year 1.
    result = appraise(flows([0, -10000, 3000, 4200, 6800]), discount_factors(flat_schedule(D("0.10")), 4))
    assert round(result.npv, 2) == D("1188.44")


def test_irr_matches_published_examples() -> None:
    # Wikipedia, "Internal rate of return", worked example: -123,400, 36,200, 54,800, 48,100 -> 5.96%.
    assert round(irr([D(-123400), D(36200), D(54800), D(48100)]), 4) == D("0.0596")
    # Microsoft Excel IRR function example: -70,000, 12,000, 15,000, 18,000, 21,000, 26,000 -> 8.66%.
    assert round(irr([D(-70000), D(12000), D(15000), D(18000), D(21000), D(26000)]), 4) == D("0.0866")


def test_irr_is_none_without_a_sign_change_or_with_several_rates() -> None:
    assert irr([D(-100), D(-50)]) is None
    assert irr([D(100), D(50)]) is None
    # -100, +230, -132 has two IRRs, 10% and 20% (Brealey, Myers & Allen, "multiple rates of return").
    assert irr([D(-100), D(230), D(-132)]) is None


def test_payback_interpolates_within_the_year() -> None:
    assert payback([D(-100), D(30), D(40), D(50)]) == D("2.6")
    assert payback([D(-100), D(100)]) == 1
    assert payback([D(10), D(-5)]) == 0
    assert payback([D(0), D(-100), D(60), D(60)]) == D("2") + D(40) / D(60)
    assert payback([D(-100), D(30), D(30)]) is None


def test_equivalent_annual_cost_matches_the_capital_recovery_factor() -> None:
    # EAC = PV x r / (1 - (1 + r)^-n): PV 1,000 at 10% over 5 years -> 263.80 (any engineering-economy text).
    factors = discount_factors(flat_schedule(D("0.10")), 5)
    assert round(equivalent_annual_cost(D(1000), factors), 2) == D("263.80")


def test_a_full_appraisal_of_a_small_option() -> None:
    # given: 1,000 now, then 100 a year of licences; benefits of 400 a year for 4 years; 5% flat
    lines = [Line("A", Kind.COST, "capital", "Build", 0, D(1000))]
    lines += [Line("A", Kind.COST, "licences", "Licences", year, D(100)) for year in range(1, 5)]
    lines += [Line("A", Kind.BENEFIT, "cashable_savings", "Savings", year, D(400)) for year in range(1, 5)]
    factors = discount_factors(flat_schedule(D("0.05")), 4)
    # when
    result = appraise(year_flows(lines), factors)
    # then: annuity factor at 5% for 4 years is 3.5459505
    assert round(result.pv_costs, 2) == D("1354.60")
    assert round(result.pv_benefits, 2) == D("1418.38")
    assert round(result.npv, 2) == D("63.79")  # 300 x 3.5459505 - 1,000
    assert round(result.bcr, 4) == D("1.0471")
    assert round(result.roi, 4) == D("0.0471")
    assert result.payback_years == D("3.333333333333333333333333333")
    assert result.whole_life_cost == D(1400)
    assert round(result.irr, 4) == D("0.0771")


net_flows = st.lists(st.integers(min_value=-10_000, max_value=10_000), min_size=1, max_size=40)


@given(net=net_flows)
def test_npv_at_rate_zero_is_the_sum_of_net_flows(net: list[int]) -> None:
    result = appraise(flows(net), discount_factors(flat_schedule(ZERO), len(net) - 1))
    assert result.npv == sum(net)


@given(
    outlay=st.integers(min_value=1, max_value=10_000),
    returns=st.lists(st.integers(min_value=1, max_value=10_000), min_size=1, max_size=30),
    low=st.decimals(min_value=D("0"), max_value=D("0.2"), places=3),
    step=st.decimals(min_value=D("0.001"), max_value=D("0.2"), places=3),
)
def test_npv_falls_as_the_rate_rises_for_an_outlay_followed_by_returns(
    outlay: int, returns: list[int], low: D, step: D
) -> None:
    net = [-outlay, *returns]
    npv_low = appraise(flows(net), discount_factors(flat_schedule(low), len(net) - 1)).npv
    npv_high = appraise(flows(net), discount_factors(flat_schedule(low + step), len(net) - 1)).npv
    assert npv_high < npv_low


@given(
    outlay=st.integers(min_value=100, max_value=10_000),
    returns=st.lists(st.integers(min_value=1, max_value=10_000), min_size=1, max_size=30),
)
def test_the_irr_makes_npv_zero(outlay: int, returns: list[int]) -> None:
    net = [D(-outlay), *map(D, returns)]
    rate = irr(net)
    assume(rate is not None)
    assert rate is not None
    npv = sum(float(amount) / (1 + float(rate)) ** year for year, amount in enumerate(net))
    assert abs(npv) < 1e-6 * outlay
