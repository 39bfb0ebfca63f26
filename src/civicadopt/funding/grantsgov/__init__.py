"""The Grants.gov XML extract: open it (``open_extract``) and read its opportunities (``iter_opportunities``).

Pure Python with no Django: the database side is ``civicadopt.funding.grants_import``.
"""

from .archive import ExtractReader, open_extract
from .parser import (
    ByteStream,
    ExtractError,
    Opportunity,
    Record,
    RecordProblem,
    SkippedRecord,
    iter_opportunities,
    version_number,
)

__all__ = [
    "ByteStream",
    "ExtractError",
    "ExtractReader",
    "Opportunity",
    "Record",
    "RecordProblem",
    "SkippedRecord",
    "iter_opportunities",
    "open_extract",
    "version_number",
]
