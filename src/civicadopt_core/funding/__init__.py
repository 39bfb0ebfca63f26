"""Funding: which programmes an organisation can apply to for an initiative, how relevant each is, the
funding gap by fiscal year, and the cost of paying cash, borrowing, leasing or subscribing.

Pure functions on frozen dataclasses (``purposes`` maps an initiative's purpose to Grants.gov codes); money is ``Decimal`` (floats only inside the relevance arrays).
The methods, the Grants.gov applicant codes and the sources are in docs/methods/funding.md.
"""

from .eligibility import (
    APPLICANT_TYPES,
    OTHERS,
    UNKNOWN_NEED,
    UNRESTRICTED,
    Applicant,
    Need,
    Offer,
    Reason,
    Rule,
    applicant_label,
    check,
    eligible,
)
from .financing import Financing, FinancingOption, annuity_payment, compare_financing
from .gap import GapRow, SourceLine, expected_value, funding_gap, total
from .matching import CATEGORY_WEIGHT, FLOOR_RELEVANCE, Catalogue, Match, Ranking, explain_excluded, rank
from .purposes import PURPOSES, Purpose, Purposes, purposes_of
from .relevance import CategoryIndex, Index, category_overlap
from .tokens import FILLER_WORDS, FUNCTION_WORDS, STOP_WORDS, stem, tokenize

__all__ = [
    "APPLICANT_TYPES",
    "CATEGORY_WEIGHT",
    "FILLER_WORDS",
    "FLOOR_RELEVANCE",
    "FUNCTION_WORDS",
    "OTHERS",
    "PURPOSES",
    "STOP_WORDS",
    "UNKNOWN_NEED",
    "UNRESTRICTED",
    "Applicant",
    "Catalogue",
    "CategoryIndex",
    "Financing",
    "FinancingOption",
    "GapRow",
    "Index",
    "Match",
    "Need",
    "Offer",
    "Purpose",
    "Purposes",
    "Ranking",
    "Reason",
    "Rule",
    "SourceLine",
    "annuity_payment",
    "applicant_label",
    "category_overlap",
    "check",
    "compare_financing",
    "eligible",
    "expected_value",
    "explain_excluded",
    "funding_gap",
    "purposes_of",
    "rank",
    "stem",
    "tokenize",
    "total",
]
