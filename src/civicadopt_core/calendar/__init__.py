"""Dates the rest of the core reasons about: fiscal years (working-day calendars come with scheduling)."""

from .fiscal import FiscalYear, fiscal_year

__all__ = ["FiscalYear", "fiscal_year"]
