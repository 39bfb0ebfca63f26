"""The funding gap by fiscal year and the expected value of pending applications."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicadopt_core.funding import GapRow, SourceLine, expected_value, funding_gap, total


def test_a_two_year_plan() -> None:
    costs = {2026: D(500_000), 2027: D(300_000)}
    sources = [
        SourceLine(2026, D(200_000), D(1), "General fund", "own_budget"),
        SourceLine(2026, D(250_000), D("0.4"), "Smart city grant", "grant"),  # worth 100,000
        SourceLine(2027, D(300_000), D(1), "County partnership", "partner"),
        SourceLine(2027, D(100_000), D("0.3"), "State digital equity grant", "grant"),  # worth 30,000
        SourceLine(2028, D(20_000), D("0.5"), "Foundation", "grant"),  # a year with no cost
    ]
    assert funding_gap(costs, sources) == [
        GapRow(2026, D(500_000), D(200_000), D(100_000), D(300_000), D(200_000)),
        GapRow(2027, D(300_000), D(300_000), D(30_000), D(0), D(-30_000)),  # surplus on average
        GapRow(2028, D(0), D(0), D(10_000), D(0), D(-10_000)),
    ]
    assert total(funding_gap(costs, sources)) == GapRow(
        0, D(800_000), D(500_000), D(140_000), D(300_000), D(160_000)
    )


def test_expected_value_is_rounded_once_to_the_cent_half_up() -> None:
    # 100.01 x 0.333 = 33.30333 -> 33.30; 0.01 x 0.5 = 0.005 -> 0.01 (half up, not half to even)
    assert expected_value([SourceLine(2026, D("100.01"), D("0.333"))]) == D("33.30")
    assert expected_value([SourceLine(2026, D("0.01"), D("0.5"))]) == D("0.01")
    # two lines of 0.005 each make 0.01, not 0.02: the sum is rounded, not each line
    assert expected_value([SourceLine(2026, D("0.01"), D("0.5"))] * 2) == D("0.01")
    assert expected_value([]) == D("0.00")


def test_rows_add_up_as_printed() -> None:
    rows = funding_gap({2026: D("1000.005")}, [SourceLine(2026, D("333.333"), D("0.5"))])
    assert rows == [GapRow(2026, D("1000.01"), D("0.00"), D("166.67"), D("1000.01"), D("833.34"))]


@pytest.mark.parametrize(("amount", "probability"), [(D(-1), D(1)), (D(1), D("1.01")), (D(1), D("-0.1"))])
def test_impossible_lines_are_refused(amount: D, probability: D) -> None:
    with pytest.raises(ValueError):
        SourceLine(2026, amount, probability, "Grant")


# --- properties ----------------------------------------------------------------------------------------

years = st.integers(2025, 2030)
money = st.decimals(min_value=D(0), max_value=D(10**8), places=2)
lines = st.lists(
    st.builds(
        SourceLine,
        fiscal_year=years,
        amount=money,
        probability=st.one_of(st.just(D(1)), st.decimals(min_value=D(0), max_value=D(1), places=3)),
    ),
    max_size=12,
)
costs = st.dictionaries(years, money, max_size=6)


@given(costs, lines)
def test_gaps_are_cost_less_committed_less_expected(plan: dict[int, D], sources: list[SourceLine]) -> None:
    rows = funding_gap(plan, sources)
    assert [row.fiscal_year for row in rows] == sorted(set(plan) | {line.fiscal_year for line in sources})
    for row in rows:
        assert row.gap_committed == row.cost - row.committed
        assert row.gap_expected == row.gap_committed - row.expected_pending
        pending = [s for s in sources if s.fiscal_year == row.fiscal_year and not s.committed]
        assert 0 <= row.expected_pending <= sum((s.amount for s in pending), D(0))


@given(lines)
def test_expected_value_of_committed_money_is_the_money(sources: list[SourceLine]) -> None:
    certain = [SourceLine(s.fiscal_year, s.amount) for s in sources]
    assert expected_value(certain) == sum((s.amount for s in sources), D("0.00"))


def test_money_awaiting_approval_is_expected_in_full_but_not_committed() -> None:
    from decimal import Decimal

    from civicadopt_core.funding.gap import SourceLine, funding_gap

    [row] = funding_gap(
        {2027: Decimal("100")},
        [SourceLine(2027, Decimal("30")), SourceLine(2027, Decimal("50"), pending=True)],
    )
    assert (row.committed, row.expected_pending, row.gap_committed, row.gap_expected) == (
        Decimal("30.00"), Decimal("50.00"), Decimal("70.00"), Decimal("20.00"),
    )  # fmt: skip
