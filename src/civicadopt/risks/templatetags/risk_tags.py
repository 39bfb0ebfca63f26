"""Small filters for the risk pages: rating colours and probabilities as percentages."""

from decimal import Decimal

from django import template

from civicadopt.forms import percent_text

from ..presentation import RATING_CLASSES

register = template.Library()


@register.filter
def rating_class(rating: str) -> str:
    """Return the USWDS background class of a rating (the heat map's colours)."""
    return RATING_CLASSES.get(str(rating), "bg-base-dark")


@register.filter
def percent(fraction: Decimal | None) -> str:
    """Return a stored probability (a fraction) as a percentage: 0.3000 reads 30%."""
    return "" if fraction is None else f"{percent_text(fraction)}%"
