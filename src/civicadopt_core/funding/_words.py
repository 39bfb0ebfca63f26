"""Amounts, percentages and dates written the way a council report writes them."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def cents(amount: Decimal) -> Decimal:
    """Return ``amount`` rounded to the cent, halves away from zero (0.005 -> 0.01)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def money(amount: Decimal) -> str:
    """Return ``amount`` as dollars: $250,000 for whole dollars, $1,234.50 otherwise."""
    value = cents(amount)
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value == value.to_integral_value():
        return f"{sign}${value:,.0f}"
    return f"{sign}${value:,.2f}"


def percent(value: Decimal) -> str:
    """Return ``value`` (already in percent) without trailing zeros: 25%, 12.5%."""
    text = f"{value.normalize():f}"
    return f"{text}%"


def day(value: date) -> str:
    """Return ``value`` as 30 June 2027 (fixed English month names: the core reads no locale)."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def days(count: int) -> str:
    """Return "1 day" or "12 days"."""
    return f"{count} day" if count == 1 else f"{count} days"


def listing(items: list[str]) -> str:
    """Return "a", "a and b" or "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
