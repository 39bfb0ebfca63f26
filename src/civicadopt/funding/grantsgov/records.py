"""What reading the Grants.gov extract produces: opportunities, skipped records, problems and the file's own faults."""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

_VERSION_NUMBER = re.compile(r"(\d{1,9})\s*$", re.ASCII)


class ByteStream(Protocol):
    """What the extract is read from: an open binary file, a zip member, ``open_extract``'s reader."""

    def read(self, size: int = -1, /) -> bytes | None: ...


class ExtractError(Exception):
    """The file as a whole cannot be read as a Grants.gov extract; the message says why, for a person."""


@dataclass(frozen=True)
class RecordProblem:
    """A record (or one of its fields) that could not be read; the record was not imported."""

    opportunity_id: str
    field: str
    message: str
    line: int = 0

    def __str__(self) -> str:
        who = f"Opportunity {self.opportunity_id}" if self.opportunity_id else "A record without an ID"
        where = f" (line {self.line})" if self.line else ""
        what = f"{self.field}: " if self.field else ""
        return f"{who}{where}: {what}{self.message}"


@dataclass(frozen=True)
class SkippedRecord:
    """A readable record that is deliberately not imported (a forecast), with the reason."""

    opportunity_id: str
    reason: str
    line: int = 0


@dataclass(frozen=True)
class Opportunity:
    """One posted opportunity (``OpportunitySynopsisDetail_1_0``), typed.

    Repeated elements are tuples in file order without duplicates. Amounts are None when the element is
    absent, ``none`` or 0: Grants.gov writes 0 when the agency states no amount (a record with an
    estimated total of $31,900 and ceiling and floor 0 is typical). ``url`` is the first of
    AdditionalInformationURL and AdditionalInformationText that is an http(s) address, else "".
    """

    opportunity_id: str
    number: str
    title: str
    agency_code: str
    agency_name: str
    category: str
    category_explanation: str
    instruments: tuple[str, ...]
    funding_categories: tuple[str, ...]
    assistance_listings: tuple[str, ...]
    applicant_types: tuple[str, ...]
    eligibility_notes: str
    posted: date | None
    closes: date | None
    close_date_explanation: str
    last_updated: date | None
    archive_date: date | None
    award_ceiling: Decimal | None
    award_floor: Decimal | None
    total_funding: Decimal | None
    expected_awards: int | None
    cost_sharing: bool | None
    description: str
    version: str
    url: str
    line: int = 0


Record = Opportunity | RecordProblem | SkippedRecord


def version_number(version: str) -> int | None:
    """Return the number at the end of a Version such as ``Synopsis 3``, or None when it has none."""
    match = _VERSION_NUMBER.search(version)
    return int(match.group(1)) if match else None
