from datetime import date
from decimal import Decimal

import pytest

from civicadopt.reports.model import Column, Figure, Paragraph, Report, Section, Table

from .factories import CHART_SVG, sample_report


def _table(*rows, kind="money") -> Table:
    return Table("Costs", (Column("Option"), Column("Cost", kind)), rows)


def test_rows_given_as_lists_are_stored_as_tuples() -> None:
    table = Table("Costs", [Column("Option"), Column("Cost", "money")], [["A", 1], ["B", None]])
    assert table.rows == (("A", 1), ("B", None))
    assert table.column_values(1) == (1, None)


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda: Column("Cost", "dollars"), ValueError),
        (lambda: _table(("A", 1, 2)), ValueError),
        (lambda: _table(("A", True)), TypeError),
        (lambda: _table(("A", "1,000")), TypeError),
        (lambda: _table(("A", float("nan"))), ValueError),
        (lambda: _table(("A", Decimal("Infinity"))), ValueError),
        (lambda: _table(("A", [1])), TypeError),
        (lambda: Table("Empty", (), ()), ValueError),
        (lambda: Section("S", (object(),)), TypeError),
        (lambda: Figure("F", CHART_SVG, " ", _table(), "Run 1"), ValueError),
        (lambda: Figure("F", CHART_SVG, "Alt", _table(), ""), ValueError),
        (lambda: Figure("F", "<svg><script>x</script></svg>", "Alt", _table(), "Run 1"), ValueError),
    ],
)
def test_invalid_content_is_refused_when_the_report_is_built(make, error) -> None:
    with pytest.raises(error):
        make()


@pytest.mark.parametrize("currency", ["usd", "US", "US$", ""])
def test_the_currency_must_be_an_iso_code(currency: str) -> None:
    with pytest.raises(ValueError, match="ISO 4217"):
        Report("T", "", "City", date(2026, 1, 1), (), (), currency=currency)


def test_a_report_holds_sections_only() -> None:
    with pytest.raises(TypeError):
        Report("T", "", "City", date(2026, 1, 1), (Paragraph("loose"),), ())


def test_walk_yields_every_block_in_reading_order_with_its_depth() -> None:
    walked = [
        (depth, getattr(block, "title", None) or getattr(block, "caption", None) or "¶")
        for depth, block in sample_report().walk()
    ]
    assert walked == [
        (1, "Strategic case"),
        (2, "¶"),
        (2, "Spending objectives"),
        (3, "¶"),
        (1, "Economic case"),
        (2, "¶"),
        (2, "Whole-life cost by option"),
        (2, "Options appraisal"),
        (3, "Net present value by option"),
        (3, "Sensitivity"),
        (4, "¶"),
    ]
