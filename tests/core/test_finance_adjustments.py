"""Optimism bias, real and nominal prices, and sensitivity: known answers and properties."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicadopt_core.finance import Kind, Line, discount_factors, flat_schedule
from civicadopt_core.finance.optimism import ProjectType, apply_optimism_bias, optimism_bias
from civicadopt_core.finance.prices import deflate, to_nominal, to_real
from civicadopt_core.finance.sensitivity import _npv as npv_of
from civicadopt_core.finance.sensitivity import preference_switching_value, switching_values, tornado


def test_optimism_bias_for_technology_follows_the_green_book_table() -> None:
    # HM Treasury (2003) Table 1, equipment/development: upper bounds 200% capital, 54% works duration.
    bias = optimism_bias(ProjectType.EQUIPMENT_DEVELOPMENT, D("0"))
    assert (bias.cost_uplift, bias.duration_uplift) == (D("2.00"), D("0.54"))
    half = optimism_bias(ProjectType.EQUIPMENT_DEVELOPMENT, D("0.5"))
    assert (half.cost_uplift, half.duration_uplift) == (D("1.000"), D("0.270"))
    assert optimism_bias(ProjectType.STANDARD_BUILDINGS, D("0")).cost_uplift == D("0.24")


def test_optimism_bias_uplifts_capital_costs_only_or_operating_costs_for_outsourcing() -> None:
    lines = [
        Line("A", Kind.COST, "capital", "Build", 0, D(100), D(90), D(130)),
        Line("A", Kind.COST, "licences", "Licences", 1, D(50)),
        Line("A", Kind.BENEFIT, "cashable_savings", "Savings", 1, D(80)),
    ]
    uplifted = apply_optimism_bias(lines, optimism_bias(ProjectType.EQUIPMENT_DEVELOPMENT, D("0.75")))
    assert [line.amount for line in uplifted] == [D("150.00"), D(50), D(80)]
    assert (uplifted[0].low, uplifted[0].high) == (D("135.00"), D("195.00"))
    outsourced = apply_optimism_bias(lines, optimism_bias(ProjectType.OUTSOURCING, D("0")))
    assert [line.amount for line in outsourced] == [D(100), D("70.50"), D(80)]


@pytest.mark.parametrize("mitigation", [D("-0.1"), D("1.01")])
def test_mitigation_must_be_between_0_and_1(mitigation: D) -> None:
    with pytest.raises(ValueError):
        optimism_bias(ProjectType.OUTSOURCING, mitigation)


def test_one_amount_is_deflated_like_the_series() -> None:
    series = to_real([D(100), D(102), D("104.04")], inflation=D("0.02"), base_year_index=1)
    assert [
        deflate(a, year=t, inflation=D("0.02"), base_year_index=1)
        for t, a in enumerate([D(100), D(102), D("104.04")])
    ] == list(series)


def test_real_prices_remove_inflation_from_the_base_year() -> None:
    # 2% inflation: 102 paid next year is 100 in this year's prices.
    assert to_real([D(100), D(102), D("104.04")], inflation=D("0.02")) == (D(100), D(100), D(100))
    assert to_real([D(100), D(102)], inflation=D("0.02"), base_year_index=1)[0] == D(102)


@given(
    amounts=st.lists(st.decimals(min_value=0, max_value=10**6, places=2), min_size=1, max_size=30),
    inflation=st.decimals(min_value=D("-0.05"), max_value=D("0.2"), places=3),
)
def test_nominal_and_real_are_inverse(amounts: list[D], inflation: D) -> None:
    back = to_nominal(to_real(amounts, inflation=inflation), inflation=inflation)
    assert all(abs(a - b) < D("1e-15") * (1 + a) for a, b in zip(amounts, back, strict=True))


OPTION = [
    Line("New", Kind.COST, "capital", "Build", 0, D(1000), D(800), D(1500)),
    Line("New", Kind.COST, "licences", "Licences", 1, D(100), D(90), D(120)),
    Line("New", Kind.COST, "licences", "Licences", 2, D(100), D(90), D(120)),
    Line("New", Kind.BENEFIT, "cashable_savings", "Savings", 1, D(700), D(500), D(800)),
    Line("New", Kind.BENEFIT, "cashable_savings", "Savings", 2, D(700), D(500), D(800)),
    Line("BAU", Kind.COST, "legacy_maintenance", "Legacy support", 1, D(150)),
    Line("BAU", Kind.COST, "legacy_maintenance", "Legacy support", 2, D(150)),
]
FACTORS = discount_factors(flat_schedule(D("0.05")), 2)


def test_tornado_puts_the_widest_swing_first_and_varies_one_item_at_a_time() -> None:
    bars = tornado(OPTION, FACTORS, option="New")
    assert [bar.item for bar in bars] == ["Build", "Savings", "Licences"]
    build = bars[0]
    assert abs(build.npv_at_low - build.npv_at_high - 700) < D("1e-20")  # Build runs 800..1500 in year 0
    savings = bars[1]
    assert savings.npv_at_high > savings.npv_at_low


def test_switching_value_turns_the_npv_to_exactly_zero() -> None:
    # given
    values = {value.item: value for value in switching_values(OPTION, FACTORS, option="New")}
    build = values["Build"]
    # when: the build cost is scaled by its switching multiplier
    scaled = [line if line.name != "Build" else Line(**{**line.__dict__, "amount": line.amount * build.multiplier,
              "low": None, "high": None}) for line in OPTION if line.option == "New"]  # fmt: skip
    # then
    assert abs(npv_of(scaled, FACTORS)) < D("1e-20")
    assert build.change is not None and build.change > 0  # the build may overrun by this much


def test_preference_switching_value_equalises_the_two_options() -> None:
    multiplier = preference_switching_value(OPTION, FACTORS, option="New", item="Savings", rival="BAU")
    assert multiplier is not None and 0 < multiplier < 1
    scaled = [
        Line(**{**line.__dict__, "amount": line.amount * multiplier, "low": None, "high": None})
        if line.option == "New" and line.name == "Savings"
        else line
        for line in OPTION
    ]
    new = npv_of([line for line in scaled if line.option == "New"], FACTORS)
    bau = npv_of([line for line in scaled if line.option == "BAU"], FACTORS)
    assert abs(new - bau) < D("1e-20")
