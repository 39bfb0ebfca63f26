"""Reading the fields of one ``OpportunitySynopsisDetail_1_0`` record into an Opportunity.

Each field is checked against the extract's schema (OpportunityDetail-V1.0.xsd): dates MMDDYYYY, amounts
in whole dollars (``none`` allowed for AwardCeiling), Yes or No for cost sharing. Every problem of the
record is collected, not only the first, so that one report shows all that is wrong with it.
"""

import re
from datetime import date
from decimal import Decimal
from urllib.parse import urlsplit

from .records import Opportunity, Record, RecordProblem

# Above any programme's funding (a hundred trillion dollars) and beyond the 16 digits a programme stores.
MAX_AMOUNT = Decimal("99999999999999.99")

# ASCII digits only: Python's \d also matches other scripts' digits, which int() and date() accept.
ID = re.compile(r"\d{1,20}", re.ASCII)
_MMDDYYYY = re.compile(r"(\d\d)(\d\d)(\d{4})", re.ASCII)
_AMOUNT = re.compile(r"\d{1,20}(?:\.\d{1,2})?", re.ASCII)
_COUNT = re.compile(r"\d{1,9}", re.ASCII)
_SPACE = re.compile(r"\s")


def read_synopsis(fields: dict[str, list[str]], line: int) -> list[Record]:
    """Return the Opportunity of a synopsis record's element texts, or its problems (one per field)."""
    return _RecordReader(fields, line).opportunity()


class _RecordReader:
    """Turns the texts of one synopsis record into an Opportunity, collecting every problem on the way."""

    def __init__(self, fields: dict[str, list[str]], line: int) -> None:
        self.fields = fields
        self.line = line
        self.problems: list[RecordProblem] = []
        self.opportunity_id = ""

    def add(self, field: str, message: str) -> None:
        self.problems.append(RecordProblem(self.opportunity_id, field, message, self.line))

    def one(self, name: str) -> str:
        """Return the stripped text of the single element ``name`` ("" when absent)."""
        values = self.fields.get(name)
        if not values:
            return ""
        if len(values) > 1:
            self.add(name, f"appears {len(values)} times; a record has it once")
        return values[0].strip()

    def many(self, name: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(text.strip() for text in self.fields.get(name, ()) if text.strip()))

    def day(self, name: str) -> date | None:
        text = self.one(name)
        if not text:
            return None
        match = _MMDDYYYY.fullmatch(text)
        if match is None:
            self.add(name, f"“{text[:40]}” is not a date written MMDDYYYY (such as 03152026)")
            return None
        month, day, year = (int(part) for part in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            self.add(name, f"“{text}” is not a real date (month {month}, day {day}, year {year})")
            return None

    def amount(self, name: str) -> Decimal | None:
        text = self.one(name)
        if not text or text.lower() == "none":
            return None
        if not _AMOUNT.fullmatch(text):
            self.add(name, f"“{text[:40]}” is not an amount in dollars (digits only, such as 250000)")
            return None
        value = Decimal(text)
        if value > MAX_AMOUNT:
            self.add(name, f"“{text}” is larger than any programme's funding")
            return None
        return value or None

    def count(self, name: str) -> int | None:
        text = self.one(name)
        if not text:
            return None
        if not _COUNT.fullmatch(text):
            self.add(name, f"“{text[:40]}” is not a whole number")
            return None
        return int(text)

    def yes_no(self, name: str) -> bool | None:
        text = self.one(name)
        if not text:
            return None
        if text.lower() in ("yes", "no"):
            return text.lower() == "yes"
        self.add(name, f"“{text[:40]}” is neither Yes nor No")
        return None

    def web_address(self, *names: str) -> str:
        for name in names:
            text = self.one(name)
            if _is_web_address(text):
                return text
        return ""

    def opportunity(self) -> list[Record]:
        raw_id = self.one("OpportunityID")
        if not ID.fullmatch(raw_id):
            self.add("OpportunityID", f"“{raw_id[:40]}” is not an opportunity ID" if raw_id else "is missing")
            return list(self.problems)
        self.opportunity_id = raw_id
        title = self.one("OpportunityTitle")
        if not title:
            self.add("OpportunityTitle", "is missing")
        opportunity = Opportunity(
            opportunity_id=raw_id,
            number=self.one("OpportunityNumber"),
            title=title,
            agency_code=self.one("AgencyCode"),
            agency_name=self.one("AgencyName"),
            category=self.one("OpportunityCategory"),
            category_explanation=self.one("CategoryExplanation"),
            instruments=self.many("FundingInstrumentType"),
            funding_categories=self.many("CategoryOfFundingActivity"),
            assistance_listings=self.many("CFDANumbers"),
            applicant_types=self.many("EligibleApplicants"),
            eligibility_notes=self.one("AdditionalInformationOnEligibility"),
            posted=self.day("PostDate"),
            closes=self.day("CloseDate"),
            close_date_explanation=self.one("CloseDateExplanation"),
            last_updated=self.day("LastUpdatedDate"),
            archive_date=self.day("ArchiveDate"),
            award_ceiling=self.amount("AwardCeiling"),
            award_floor=self.amount("AwardFloor"),
            total_funding=self.amount("EstimatedTotalProgramFunding"),
            expected_awards=self.count("ExpectedNumberOfAwards"),
            cost_sharing=self.yes_no("CostSharingOrMatchingRequirement"),
            description=self.one("Description"),
            version=self.one("Version"),
            url=self.web_address("AdditionalInformationURL", "AdditionalInformationText"),
            line=self.line,
        )
        floor, ceiling = opportunity.award_floor, opportunity.award_ceiling
        if floor is not None and ceiling is not None and floor > ceiling:
            self.add("AwardFloor", f"{floor:,} is above the award ceiling of {ceiling:,}")
        return list(self.problems) or [opportunity]


def _is_web_address(text: str) -> bool:
    if not text or _SPACE.search(text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
