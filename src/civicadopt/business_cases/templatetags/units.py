"""Units as people read them: a stored fraction as "3.5%", an amount with its currency symbol."""

from decimal import Decimal
from typing import Any

from django import template

from civicadopt.forms import percent_text
from civicadopt.reports.formatting import format_money

register = template.Library()


@register.filter
def percent(fraction: Any) -> str:
    """Return a stored fraction as an exact percentage: 0.0350 reads "3.5%"; None reads ""."""
    return "" if fraction is None or fraction == "" else f"{percent_text(Decimal(str(fraction)))}%"


@register.filter
def money(amount: Any, currency: str = "USD") -> str:
    """Return an amount with its currency symbol and no cents: 1234.5 in USD reads "$1,235"."""
    return "" if amount is None or amount == "" else format_money(Decimal(str(amount)), currency, 0)


@register.filter
def percent_round(chance: Any) -> str:
    """Return a chance (a fraction) as a whole percentage, as people say it: 0.6512 reads "65%"."""
    if chance is None or chance == "":
        return ""
    return f"{(Decimal(str(chance)) * 100).quantize(Decimal(1))}%"


@register.filter
def amount(value: Any, currency: str = "USD") -> str:
    """Return an entered amount with its currency symbol, cents only when it has some: "$45,000", "$12.50"."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    return format_money(number, currency, 0 if number == number.to_integral_value() else 2)
