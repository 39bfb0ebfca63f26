"""Financial appraisal of options: yearly flows, discounting, the measures of value, optimism bias and
sensitivity. Pure functions on frozen dataclasses; money is ``Decimal``.
"""

from .discounting import GREEN_BOOK, DiscountSchedule, RateBand, Timing, discount_factors, flat_schedule
from .flows import CAPITAL_CATEGORIES, Category, Distribution, Kind, Line, YearFlows, options_of, year_flows
from .measures import Appraisal, appraise, equivalent_annual_cost, irr, payback

__all__ = [
    "CAPITAL_CATEGORIES",
    "GREEN_BOOK",
    "Appraisal",
    "Category",
    "DiscountSchedule",
    "Distribution",
    "Kind",
    "Line",
    "RateBand",
    "Timing",
    "YearFlows",
    "appraise",
    "discount_factors",
    "equivalent_annual_cost",
    "flat_schedule",
    "irr",
    "options_of",
    "payback",
    "year_flows",
]
