"""Plans in and out of other tools: a pure model of a project plan and its file formats.

No Django and no database here: the planning app converts between its models and :class:`PlanDocument`,
and the functions below convert between a :class:`PlanDocument` and a file.
"""

from .model import (
    ConstraintType,
    InterchangeError,
    LinkType,
    PlanDocument,
    PlanLink,
    PlanTask,
    Problem,
    outline_numbers,
    round_to_resolution,
    summary_uids,
)
from .mspdi import read_mspdi, write_mspdi

__all__ = [
    "ConstraintType",
    "InterchangeError",
    "LinkType",
    "PlanDocument",
    "PlanLink",
    "PlanTask",
    "Problem",
    "outline_numbers",
    "read_mspdi",
    "round_to_resolution",
    "summary_uids",
    "write_mspdi",
]
