from datetime import date
from decimal import Decimal

from django.utils import translation

import pytest

from civicadopt.reports.formatting import (
    EMPTY,
    format_column,
    format_date,
    format_value,
    printable,
    xlsx_number_format,
)


@pytest.mark.parametrize(
    ("value", "kind", "currency", "expected"),
    [
        (1234, "money", "USD", "$1,234"),
        (-1234, "money", "USD", "-$1,234"),
        (Decimal("1234.5"), "money", "USD", "$1,235"),
        (1_250_000, "money", "GBP", "£1,250,000"),
        (-99.995, "money", "EUR", "-€100"),
        (5, "money", "CAD", "$5"),
        (1234, "money", "CHF", "CHF 1,234"),
        (0.035, "percent", "USD", "3.5%"),
        (Decimal("0.035"), "percent", "USD", "3.5%"),
        (-0.0125, "percent", "USD", "-1.3%"),  # half-up, as in Excel
        (-0.0004, "percent", "USD", "0.0%"),  # never "-0.0%"
        (1.845, "ratio", "USD", "1.85"),
        (2, "ratio", "USD", "2.00"),
        (4.25, "years", "USD", "4.3"),
        (1045.5, "days", "USD", "1,045.5"),
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


def test_money_reads_in_whole_units_throughout_a_report() -> None:
    # one money format per report: a column with cents does not switch to cents
    assert format_column("money", [1000, 2000, None]) == ["$1,000", "$2,000", "—"]
    assert format_column("money", [1000, 12.5, Decimal("225099.99")]) == ["$1,000", "$13", "$225,100"]


@pytest.mark.parametrize("value", [2026, Decimal("2026"), 2026.0])
def test_a_calendar_year_never_has_a_thousands_separator(value) -> None:
    assert format_value(value, "year") == "2026"
    assert format_column("year", [value, None]) == ["2026", EMPTY]
    assert xlsx_number_format("year", [value], "USD") == "0"


@pytest.mark.parametrize(
    ("country", "text", "excel"),
    [
        ("US", "Dec 8, 2026", "mmm d, yyyy"),
        ("GB", "8 Dec 2026", "d mmm yyyy"),
        ("ca", "8 Dec 2026", "d mmm yyyy"),
    ],
)
def test_dates_read_as_the_organisations_country_writes_them(country, text, excel) -> None:
    with translation.override("en"):
        assert format_date(date(2026, 12, 8), country) == text
        assert format_value(date(2026, 12, 8), "date", country=country) == text
    assert xlsx_number_format("date", [date(2026, 12, 8)], "USD", country) == excel


def test_spreadsheet_formats_match_the_documents() -> None:
    assert xlsx_number_format("money", [Decimal("1.5")], "USD") == '"$"#,##0'
    assert xlsx_number_format("money", [1], "CHF") == '"CHF "#,##0'
    assert xlsx_number_format("percent", [0.5], "USD") == "0.0%"
    assert xlsx_number_format("number", [1.5], "USD") == "#,##0.00"
    assert xlsx_number_format("text", ["a"], "USD") == "General"


def test_printable_removes_the_control_characters_xml_cannot_hold() -> None:
    assert printable("a\x00b\x1fc\td\ne") == "abc\td\ne"
