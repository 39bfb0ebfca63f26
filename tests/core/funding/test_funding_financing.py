"""Cash, loan, lease and subscription: the annuity payment, present values, then properties."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicadopt_core.finance import GREEN_BOOK, discount_factors
from civicadopt_core.funding import Financing, annuity_payment, compare_financing


@pytest.mark.parametrize(
    ("principal", "rate", "years", "payment"),
    [
        # the capital recovery factor: A = P r / (1 - (1 + r)^-n); spreadsheet PMT(5%, 10, -100000)
        (D(100_000), D("0.05"), 10, D("12950.46")),
        (D(200_000), D("0.04"), 30, D("11566.02")),  # PMT(4%, 30, -200000)
        (D(1_000), D("0.10"), 1, D("1100.00")),  # one year: principal plus a year's interest
        (D(100_000), D(0), 3, D("33333.33")),  # no interest: equal shares
    ],
)
def test_annuity_payment(principal: D, rate: D, years: int, payment: D) -> None:
    assert annuity_payment(principal, rate, years) == payment


def test_a_five_year_comparison() -> None:
    options = compare_financing(
        D(100_000),
        5,
        borrowing_rate=D("0.04"),
        loan_rate=D("0.06"),
        lease_payment=D(22_000),
        subscription_payment=D(24_000),
    )
    assert [o.name for o in options] == ["cash", "loan", "lease", "subscription"]
    cash, loan, lease, subscription = options
    assert cash.payments == (D(100_000), 0, 0, 0, 0, 0) and cash.present_value == D(100_000)
    # loan: 100,000 x 0.06 / (1 - 1.06^-5) = 23,739.64 at the end of years 1..5, discounted at 4%:
    # 23,739.64 x (1 - 1.04^-5) / 0.04 = 23,739.64 x 4.451822 = 105,684.66
    assert loan.payments == (0, *[D("23739.64")] * 5) and loan.total == D("118698.20")
    assert loan.present_value == D("105684.66")
    # lease: 22,000 at the start of years 0..4: 22,000 x (1 + 3.629895) = 101,857.69
    assert lease.payments == (*[D(22_000)] * 5, 0) and lease.present_value == D("101857.69")
    assert subscription.present_value == D("111117.49") and subscription.total == D(120_000)
    assert [o.cheapest for o in options] == [True, False, False, False]


def test_a_cheap_lease_can_beat_cash() -> None:
    options = compare_financing(
        D(100_000), 5, borrowing_rate=D("0.04"), loan_rate=D("0.06"), lease_payment=D(21_000)
    )
    # 21,000 x (1 + 3.629895) = 97,227.80, below the 100,000 paid in cash
    assert options[2].present_value == D("97227.80")
    assert [o.name for o in options if o.cheapest] == [Financing.LEASE]


def test_the_discount_rate_and_schedule_override_the_borrowing_rate() -> None:
    common = {"borrowing_rate": D("0.04"), "loan_rate": D("0.05")}
    at_five = compare_financing(D(100_000), 10, discount_rate=D("0.05"), **common)
    # a loan discounted at its own rate is worth what it lends, up to the rounding of its payments
    assert abs(at_five[1].present_value - D(100_000)) <= D("0.10")
    green = compare_financing(D(100_000), 10, schedule=GREEN_BOOK, discount_rate=D("0.09"), **common)
    factors = discount_factors(GREEN_BOOK, 10)
    assert green[1].present_value == round(sum(D("12950.46") * f for f in factors[1:]), 2)


def test_ties_are_all_marked_cheapest() -> None:
    options = compare_financing(
        D(100_000), 4, borrowing_rate=D(0), loan_rate=D(0), subscription_payment=D(25_000)
    )
    assert all(o.cheapest for o in options)


@pytest.mark.parametrize(
    "arguments",
    [
        {"amount": D(1), "years": 0},
        {"amount": D(-1), "years": 2},
        {"amount": D(1), "years": 2, "lease_payment": D(-5)},
    ],
)
def test_impossible_inputs_are_refused(arguments: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        compare_financing(borrowing_rate=D("0.03"), loan_rate=D("0.04"), **arguments)  # type: ignore[arg-type]


# --- properties ----------------------------------------------------------------------------------------

amounts = st.decimals(min_value=D(0), max_value=D(10**8), places=2)
rates = st.decimals(min_value=D(0), max_value=D("0.15"), places=4)
terms = st.integers(1, 30)


@given(amounts, terms, rates)
def test_at_a_zero_discount_rate_present_value_is_the_total(amount: D, years: int, loan_rate: D) -> None:
    for option in compare_financing(
        amount, years, borrowing_rate=D(0), loan_rate=loan_rate, lease_payment=amount
    ):
        assert option.present_value == option.total
        assert len(option.payments) == years + 1


@given(amounts, terms, rates)
def test_a_loan_at_the_borrowing_rate_costs_what_cash_does(amount: D, years: int, rate: D) -> None:
    cash, loan = compare_financing(amount, years, borrowing_rate=rate, loan_rate=rate)
    assert cash.present_value == amount
    assert abs(loan.present_value - amount) <= D("0.01") * years  # the cent rounding of each payment


@given(amounts, terms, rates, rates)
def test_a_dearer_loan_never_costs_less(amount: D, years: int, rate: D, extra: D) -> None:
    cheaper = compare_financing(amount, years, borrowing_rate=D("0.03"), loan_rate=rate)[1]
    dearer = compare_financing(amount, years, borrowing_rate=D("0.03"), loan_rate=rate + extra)[1]
    assert dearer.present_value >= cheaper.present_value


@given(amounts, terms, rates, rates)
def test_a_higher_discount_rate_never_raises_a_present_value(
    amount: D, years: int, rate: D, extra: D
) -> None:
    low = compare_financing(amount, years, borrowing_rate=rate, loan_rate=D("0.05"), lease_payment=amount)
    high = compare_financing(
        amount, years, borrowing_rate=rate + extra, loan_rate=D("0.05"), lease_payment=amount
    )
    for a, b in zip(low, high, strict=True):
        assert b.present_value <= a.present_value
