"""The numbers MSPDI uses for link types, constraints and formats (Microsoft's schema reference)."""

from ..model import ConstraintType, LinkType

NAMESPACE = "http://schemas.microsoft.com/project"

LINK_TYPES: dict[int, LinkType] = {0: "FF", 1: "FS", 2: "SF", 3: "SS"}
LINK_CODES = {name: code for code, name in LINK_TYPES.items()}
CONSTRAINTS: dict[int, ConstraintType] = {4: "SNET", 7: "FNLT"}
CONSTRAINT_CODES = {name: code for code, name in CONSTRAINTS.items()}
# Elapsed (calendar-time) formats, for LagFormat and DurationFormat alike
ELAPSED_FORMATS = frozenset({4, 6, 8, 10, 12, 36, 38, 40, 42, 44})
PERCENT_LAG_FORMATS = frozenset({19, 20, 51, 52})
DAYS_FORMAT = 7  # DurationFormat and LagFormat 7: (working) days
ELAPSED_MINUTES_PER_DAY = 1440
CENTS = 2  # currency amounts are written in hundredths of the unit: scale by 10**2
