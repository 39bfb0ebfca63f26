"""Fiscal years of a municipality.

A fiscal year is twelve months starting on the first day of a chosen month. It is named by the calendar
year in which it *ends*, the convention of the US federal government (FY2026 runs 1 October 2025 to
30 September 2026, 31 U.S.C. 1102) and of most US cities and states (New York City's FY2026 runs
1 July 2025 to 30 June 2026). A year starting in January is simply the calendar year.
"""

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class FiscalYear:
    """One fiscal year: its name (the calendar year it ends in) and its first and last days."""

    year: int
    start: date
    end: date

    @property
    def label(self) -> str:
        """Return the short name used in reports, e.g. ``FY2026``."""
        return f"FY{self.year}"


def fiscal_year(day: date, start_month: int) -> FiscalYear:
    """Return the fiscal year, starting on the first of ``start_month`` (1-12), that contains ``day``."""
    if not 1 <= start_month <= 12:
        raise ValueError(f"start_month must be 1 to 12, not {start_month}")
    first_year = day.year if day.month >= start_month else day.year - 1
    start = date(first_year, start_month, 1)
    next_start = date(first_year + 1, start_month, 1)
    end_year = first_year if start_month == 1 else first_year + 1
    return FiscalYear(year=end_year, start=start, end=next_start - timedelta(days=1))
