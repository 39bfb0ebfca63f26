"""How report values read as text: money, percentages, ratios, years, dates.

The HTML, PDF and DOCX renderers use these so that a number reads the same in every document, and the
XLSX renderer takes its number formats from here too. Rounding is half-up (as in Excel and in published
budget tables), not Python's default half-to-even.

One money format per report: whole currency units (``$225,100``), the way council budget tables print
them. Spreadsheets keep the exact amounts in their cells and show them with the same format.
"""

import re
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import dateformat

from .model import ColumnKind, Value

EMPTY = "—"

CURRENCY_SYMBOLS = {"USD": "$", "CAD": "$", "AUD": "$", "GBP": "£", "EUR": "€"}

# Decimal places per kind. Money is whole units everywhere in a report; plain numbers choose theirs per
# column (see column_places). A calendar year is never grouped: 2026, not 2,026.
MONEY_PLACES = 0
PLACES: dict[str, int] = {
    "money": MONEY_PLACES,
    "percent": 1,
    "ratio": 2,
    "years": 1,
    "days": 1,
    "integer": 0,
    "year": 0,
}

# Excel number formats for the same kinds (money is built per currency by xlsx_number_format).
XLSX_FORMATS: dict[str, str] = {
    "percent": "0.0%",
    "ratio": "0.00",
    "years": "0.0",
    "days": "#,##0.0",
    "integer": "#,##0",
    "year": "0",
}

# Dates as the organisation's country writes them: "Dec 8, 2026" in the United States, "8 Dec 2026"
# elsewhere. Django's date format characters (month names translated), then Excel's equivalent.
# The one place the choice is made; an organisation date-format setting would plug in here.
_DATE_PATTERNS = {"US": ("M j, Y", "mmm d, yyyy")}
_DEFAULT_DATE_PATTERN = ("j M Y", "d mmm yyyy")

# XML 1.0 forbids these characters; lxml (python-docx) and openpyxl refuse text that contains them.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def printable(text: str) -> str:
    """Return ``text`` without the control characters that XML-based formats cannot hold."""
    return _XML_ILLEGAL.sub("", text)


def currency_symbol(currency: str) -> str:
    """Return the symbol that prefixes amounts in ``currency``: ``$`` for USD, else the code and a space."""
    return CURRENCY_SYMBOLS.get(currency, f"{currency} ")


def date_patterns(country: str) -> tuple[str, str]:
    """Return ``(Django date format, Excel number format)`` for dates in organisations of ``country``."""
    return _DATE_PATTERNS.get(country.upper(), _DEFAULT_DATE_PATTERN)


def format_date(value: date, country: str = "US") -> str:
    """Return ``value`` as the organisation's country writes dates: ``Dec 8, 2026`` or ``8 Dec 2026``."""
    return dateformat.format(value, date_patterns(country)[0])


def _decimal(value: int | float | Decimal) -> Decimal:
    # str() of a float is its shortest round-tripping form: 0.035 becomes Decimal("0.035"), not 0.0349…
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _fixed(value: Decimal, places: int, grouped: bool = True) -> tuple[str, str]:
    """Return ``(sign, digits)`` of ``value`` rounded half-up to ``places``, with thousands separators."""
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    pattern = f"{',' if grouped else ''}.{places}f"
    if rounded.is_zero():
        return "", format(abs(rounded), pattern)  # never "-0.0"
    return ("-" if rounded < 0 else ""), format(abs(rounded), pattern)


def format_money(value: int | float | Decimal, currency: str = "USD", places: int = MONEY_PLACES) -> str:
    """Return ``value`` as an amount in ``currency``, e.g. ``-$1,234`` or ``£12``."""
    sign, digits = _fixed(_decimal(value), places)
    return f"{sign}{currency_symbol(currency)}{digits}"


def format_percent(fraction: int | float | Decimal, places: int = 1) -> str:
    """Return the fraction ``fraction`` as a percentage: 0.035 reads ``3.5%``."""
    sign, digits = _fixed(_decimal(fraction) * 100, places)
    return f"{sign}{digits}%"


def format_number(value: int | float | Decimal, places: int = 0) -> str:
    """Return ``value`` with thousands separators and ``places`` decimals."""
    sign, digits = _fixed(_decimal(value), places)
    return f"{sign}{digits}"


def format_year(value: int | float | Decimal) -> str:
    """Return a calendar year without a thousands separator: ``2026``."""
    sign, digits = _fixed(_decimal(value), 0, grouped=False)
    return f"{sign}{digits}"


def _has_fraction(value: Value) -> bool:
    if not isinstance(value, int | float | Decimal):
        return False
    number = _decimal(value)
    return number != number.to_integral_value()


def column_places(kind: ColumnKind, values: Iterable[Value]) -> int:
    """Return the decimals a column of ``kind`` shows.

    Plain numbers show two decimals only when some value needs them, so that a column never mixes
    ``1,200`` and ``3.50``; every other kind has fixed decimals.
    """
    if kind in PLACES:
        return PLACES[kind]
    return 2 if any(_has_fraction(value) for value in values) else 0


def format_value(
    value: Value, kind: ColumnKind, currency: str = "USD", places: int | None = None, country: str = "US"
) -> str:
    """Return ``value`` as text for a column of ``kind``; ``None`` reads ``—``."""
    if value is None:
        return EMPTY
    if isinstance(value, str):
        return value
    if isinstance(value, date):
        return format_date(value, country)
    if places is None:
        places = column_places(kind, (value,))
    if kind == "money":
        return format_money(value, currency, places)
    if kind == "percent":
        return format_percent(value, places)
    if kind == "year":
        return format_year(value)
    if kind == "text":
        return str(value)
    return format_number(value, places)


def format_column(
    kind: ColumnKind, values: Sequence[Value], currency: str = "USD", country: str = "US"
) -> list[str]:
    """Return every value of one column as text, all with the column's decimals."""
    places = column_places(kind, values)
    return [format_value(value, kind, currency, places, country) for value in values]


def xlsx_number_format(kind: ColumnKind, values: Sequence[Value], currency: str, country: str = "US") -> str:
    """Return the Excel number format that shows a column of ``kind`` as the documents do."""
    if kind == "money":
        # Currency is three capital letters (checked by Report), so it cannot break out of the quotes.
        return f'"{currency_symbol(currency)}"#,##0'
    if kind == "date":
        return date_patterns(country)[1]
    if kind == "number":
        return "#,##0.00" if column_places("number", values) else "#,##0"
    return XLSX_FORMATS.get(kind, "General")
