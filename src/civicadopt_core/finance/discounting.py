"""Discount rates kept as dated data with their source, and the discount factor of each year.

Year t is discounted by the product of the annual factors of years 1..t: DF(0) = 1 and
DF(t) = DF(t-1) / (1 + r(t)), where r(t) is the rate that applies to year t. With a flat rate this is the
familiar 1 / (1 + r)^t; with a declining schedule (the UK Green Book's) the rate falls for distant years
without a jump in the factors (HM Treasury, The Green Book 2022, A6.9-A6.12).

Timing: costs and benefits are taken to fall at the end of each year (the convention of OMB Circular A-94
and of spreadsheet NPV functions) unless mid-year is chosen, when year t's flows are discounted half a
year less: DF_mid(t) = DF(t-1) / (1 + r(t))^0.5 for t >= 1. Year 0 is never discounted.
"""

from dataclasses import dataclass
from decimal import Decimal, localcontext
from enum import StrEnum

ONE = Decimal(1)


class Timing(StrEnum):
    END_OF_YEAR = "end"
    MID_YEAR = "mid"


@dataclass(frozen=True)
class RateBand:
    """The rate for years ``first_year``..``last_year`` (``last_year`` None: every later year)."""

    first_year: int
    last_year: int | None
    rate: Decimal


@dataclass(frozen=True)
class DiscountSchedule:
    """A named discount-rate schedule with the source it comes from."""

    name: str
    bands: tuple[RateBand, ...]
    source: str

    def __post_init__(self) -> None:
        expected_first = 0
        for band in self.bands:
            if band.first_year != expected_first:
                raise ValueError(f"{self.name}: the bands must cover every year from 0 without gaps")
            if band.rate <= -1:
                raise ValueError(f"{self.name}: a rate must be above -100%")
            if band.last_year is None:
                break
            expected_first = band.last_year + 1
        else:
            raise ValueError(f"{self.name}: the last band must run to every later year")

    def rate_for(self, year: int) -> Decimal:
        """Return the annual rate that applies to ``year``."""
        for band in self.bands:
            if band.last_year is None or year <= band.last_year:
                return band.rate
        raise AssertionError("unreachable: the last band is open-ended")


def flat_schedule(rate: Decimal, *, source: str = "", name: str = "flat") -> DiscountSchedule:
    """Return a schedule with one rate for every year."""
    return DiscountSchedule(name=name, bands=(RateBand(0, None, rate),), source=source)


# HM Treasury, The Green Book (2022), Table 8 (Annex A6): the social time preference rate, declining for
# the long term. Values are fractions: 0.035 is 3.5% a year.
GREEN_BOOK = DiscountSchedule(
    name="green-book",
    bands=(
        RateBand(0, 30, Decimal("0.035")),
        RateBand(31, 75, Decimal("0.030")),
        RateBand(76, 125, Decimal("0.025")),
        RateBand(126, 200, Decimal("0.020")),
        RateBand(201, 300, Decimal("0.015")),
        RateBand(301, None, Decimal("0.010")),
    ),
    source="HM Treasury, The Green Book (2022), Annex A6, Table 8: social time preference rate",
)


def discount_factors(
    schedule: DiscountSchedule, horizon: int, *, timing: Timing = Timing.END_OF_YEAR
) -> tuple[Decimal, ...]:
    """Return the discount factor of each year 0..``horizon``."""
    if horizon < 0:
        raise ValueError("the horizon must be 0 or later")
    with localcontext() as context:
        context.prec = 34
        end: list[Decimal] = [ONE]
        for year in range(1, horizon + 1):
            end.append(end[-1] / (ONE + schedule.rate_for(year)))
        if timing == Timing.END_OF_YEAR:
            return tuple(+factor for factor in end)
        mid = [ONE] + [
            end[year - 1] / (ONE + schedule.rate_for(year)).sqrt() for year in range(1, horizon + 1)
        ]
        return tuple(+factor for factor in mid)


def present_value(amounts: tuple[Decimal, ...], factors: tuple[Decimal, ...]) -> Decimal:
    """Return the sum of each year's amount times that year's discount factor."""
    return sum((amount * factor for amount, factor in zip(amounts, factors, strict=True)), Decimal(0))
