"""The columns of a task table, its limits, its error, and the formula-proofing of text cells."""

from collections.abc import Sequence

from civicadopt.reports.formatting import printable
from civicadopt.reports.renderers.xlsx import FORMULA_TRIGGERS
from civicadopt_core.finance.lines_table import RowError

COLUMNS = (
    "row", "name", "level", "duration", "optimistic", "most_likely", "pessimistic", "predecessors",
    "milestone", "constraint", "constraint_date", "phase", "cost", "cost_per_day", "percent_complete",
    "actual_start", "actual_finish", "notes",
)  # fmt: skip
CALCULATED = ("start", "finish", "total_float", "critical")  # written for reading, ignored on import
REQUIRED = ("name", "duration")
# Headings other tools write for the same columns (Microsoft Project's Excel export among them).
ALIASES = {"id": "row", "outline_level": "level", "%_complete": "percent_complete", "task_name": "name"}
MAX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED = 100 * 1024 * 1024  # a workbook's parts once unzipped: guards against zip bombs
MAX_ERRORS = 50
MAX_COLUMNS = 64
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TaskTableError(ValueError):
    """The table cannot be imported; ``errors`` lists every problem found (at most 50), in row order."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = sorted(errors, key=lambda error: error.row)[:MAX_ERRORS]
        super().__init__("; ".join(str(error) for error in self.errors))


def fail(message: str) -> TaskTableError:
    """Return the error for a problem with the whole file."""
    return TaskTableError([RowError(0, "", message)])


def safe_text(text: str) -> str:
    """Return ``text`` as a spreadsheet cannot take it for a formula, without XML-illegal characters.

    Text that already starts with apostrophes before a trigger gets one more, so that ``unquote`` gives
    back exactly what was written.
    """
    text = printable(text)
    return "'" + text if text.lstrip("'").startswith(FORMULA_TRIGGERS) else text


def unquote(text: str) -> str:
    """Return ``text`` without the apostrophe that ``safe_text`` puts before formula-like text."""
    return text[1:] if text.startswith("'") and text.lstrip("'").startswith(FORMULA_TRIGGERS) else text
