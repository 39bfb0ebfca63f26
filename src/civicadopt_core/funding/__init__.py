"""Funding: which programmes an organisation can apply to for an initiative, how relevant each is, the
funding gap by fiscal year, and the cost of paying cash, borrowing, leasing or subscribing.

Pure functions on frozen dataclasses; money is ``Decimal`` (floats only inside the relevance arrays).
The methods, the Grants.gov applicant codes and the sources are in docs/methods/funding.md.
"""

from .eligibility import (
    APPLICANT_TYPES,
    OTHERS,
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
from .matching import CATEGORY_WEIGHT, Catalogue, Match, Ranking, explain_excluded, rank
from .relevance import CategoryIndex, Index, category_overlap
from .tokens import STOP_WORDS, stem, tokenize

__all__ = [
    "APPLICANT_TYPES",
    "CATEGORY_WEIGHT",
    "OTHERS",
    "STOP_WORDS",
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
    "rank",
    "stem",
    "tokenize",
    "total",
]
