"""How report values read as text: money, percentages, ratios, years.

The HTML, PDF and DOCX renderers use these so that a number reads the same in every document. Rounding
is half-up (as in Excel and in published budget tables), not Python's default half-to-even.
"""

import re
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from .model import ColumnKind, Value

EMPTY = "—"

CURRENCY_SYMBOLS = {"USD": "$", "CAD": "$", "GBP": "£", "EUR": "€"}

# Fixed decimal places per kind; money and plain numbers choose theirs per column (see column_places).
PLACES: dict[str, int] = {"percent": 1, "ratio": 2, "years": 1, "integer": 0}

# XML 1.0 forbids these characters; lxml (python-docx) and openpyxl refuse text that contains them.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def printable(text: str) -> str:
    """Return ``text`` without the control characters that XML-based formats cannot hold."""
    return _XML_ILLEGAL.sub("", text)


def currency_symbol(currency: str) -> str:
    """Return the symbol that prefixes amounts in ``currency``: ``$`` for USD, else the code and a space."""
    return CURRENCY_SYMBOLS.get(currency, f"{currency} ")


def _decimal(value: int | float | Decimal) -> Decimal:
    # str() of a float is its shortest round-tripping form: 0.035 becomes Decimal("0.035"), not 0.0349…
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _fixed(value: Decimal, places: int) -> tuple[str, str]:
    """Return ``(sign, digits with thousands separators)`` of ``value`` rounded half-up to ``places``."""
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded.is_zero():
        return "", f"{abs(rounded):,.{places}f}"  # never "-0.0"
    return ("-" if rounded < 0 else ""), f"{abs(rounded):,.{places}f}"


def format_money(value: int | float | Decimal, currency: str = "USD", places: int = 0) -> str:
    """Return ``value`` as an amount in ``currency``, e.g. ``-$1,234`` or ``£12.50``."""
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


def _has_fraction(value: Value) -> bool:
    if not isinstance(value, int | float | Decimal):
        return False
    number = _decimal(value)
    return number != number.to_integral_value()


def column_places(kind: ColumnKind, values: Iterable[Value]) -> int:
    """Return the decimals a column of ``kind`` shows.

    Money shows cents only when some amount in the column has cents, and plain numbers show two
    decimals only when some value needs them, so that a column never mixes ``$1,200`` and ``$3.50``.
    """
    if kind in PLACES:
        return PLACES[kind]
    return 2 if any(_has_fraction(value) for value in values) else 0


def format_value(value: Value, kind: ColumnKind, currency: str = "USD", places: int | None = None) -> str:
    """Return ``value`` as text for a column of ``kind``; ``None`` reads ``—``."""
    if value is None:
        return EMPTY
    if isinstance(value, str):
        return value
    if places is None:
        places = column_places(kind, (value,))
    if kind == "money":
        return format_money(value, currency, places)
    if kind == "percent":
        return format_percent(value, places)
    if kind == "text":
        return str(value)
    return format_number(value, places)


def format_column(kind: ColumnKind, values: Sequence[Value], currency: str = "USD") -> list[str]:
    """Return every value of one column as text, all with the column's decimals."""
    places = column_places(kind, values)
    return [format_value(value, kind, currency, places) for value in values]
