from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicadopt_core.finance.recurring import recurring_amounts


def test_three_percent_growth_compounds_from_the_first_year() -> None:
    # 20,000 growing 3% a year: 20,000 x 1.03^k, rounded once to the cent
    amounts = recurring_amounts(first=1, last=10, amount=D("20000"), growth=D("0.03"))
    assert list(amounts) == list(range(1, 11))
    assert amounts[1] == D("20000.00")
    assert amounts[2] == D("20600.00")
    assert amounts[3] == D("21218.00")
    assert amounts[10] == D("26095.46")  # 20000 x 1.03^9 = 26095.4654...


def test_no_growth_repeats_the_amount() -> None:
    assert recurring_amounts(first=0, last=2, amount=D("12.5"), growth=D(0)) == {
        0: D("12.50"), 1: D("12.50"), 2: D("12.50"),
    }  # fmt: skip


@pytest.mark.parametrize(
    ("first", "last", "amount", "growth", "problem"),
    [
        (5, 4, D(1), D(0), "comes before"),
        (1, 2, D(-1), D(0), "negative"),
        (1, 2, D(1), D(-1), "above -100%"),
    ],
)
def test_bad_inputs_are_refused(first: int, last: int, amount: D, growth: D, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        recurring_amounts(first=first, last=last, amount=amount, growth=growth)


@given(
    st.integers(0, 50),
    st.integers(0, 30),
    st.decimals(min_value=0, max_value=10**9, places=2),
    st.decimals(min_value=0, max_value=D("0.5"), places=4),
)
def test_positive_growth_never_decreases_an_amount(first: int, span: int, amount: D, growth: D) -> None:
    amounts = list(recurring_amounts(first=first, last=first + span, amount=amount, growth=growth).values())
    assert len(amounts) == span + 1
    assert amounts == sorted(amounts)
