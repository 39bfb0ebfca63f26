from decimal import Decimal

import pytest

from civicadopt.reports.formatting import EMPTY, format_column, format_value, printable


@pytest.mark.parametrize(
    ("value", "kind", "currency", "expected"),
    [
        (1234, "money", "USD", "$1,234"),
        (-1234, "money", "USD", "-$1,234"),
        (Decimal("1234.5"), "money", "USD", "$1,234.50"),
        (1_250_000, "money", "GBP", "£1,250,000"),
        (-99.995, "money", "EUR", "-€100.00"),
        (5, "money", "CAD", "$5"),
        (1234, "money", "CHF", "CHF 1,234"),
        (0.035, "percent", "USD", "3.5%"),
        (Decimal("0.035"), "percent", "USD", "3.5%"),
        (-0.0125, "percent", "USD", "-1.3%"),  # half-up, as in Excel
        (-0.0004, "percent", "USD", "0.0%"),  # never "-0.0%"
        (1.845, "ratio", "USD", "1.85"),
        (2, "ratio", "USD", "2.00"),
        (4.25, "years", "USD", "4.3"),
        (1234567, "integer", "USD", "1,234,567"),
        (1234.5, "number", "USD", "1,234.50"),
        (1234, "number", "USD", "1,234"),
        ("Option A", "text", "USD", "Option A"),
        (None, "money", "USD", EMPTY),
        (None, "text", "USD", "—"),
    ],
)
def test_values_read_as_in_a_published_budget_table(value, kind, currency, expected) -> None:
    assert format_value(value, kind, currency) == expected


def test_a_money_column_shows_cents_only_when_some_amount_has_them() -> None:
    assert format_column("money", [1000, 2000, None]) == ["$1,000", "$2,000", "—"]
    assert format_column("money", [1000, 12.5, None]) == ["$1,000.00", "$12.50", "—"]


def test_printable_removes_the_control_characters_xml_cannot_hold() -> None:
    assert printable("a\x00b\x1fc\td\ne") == "abc\td\ne"
