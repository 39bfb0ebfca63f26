"""Whether a funding programme is open to an applicant for a need, rule by rule, with a reason for each.

``check`` applies five rules and returns one ``Reason`` per rule, in this order: applicant type,
geography, deadline, award range, match. A reason that passes may still be *flagged*: the rule could not
be settled from the data (code 25 "others", a programme not open yet, an award smaller than the need, a
match the city has not budgeted), so a person should read the notice before relying on it. ``eligible``
is true when every rule passes; flags do not make an offer ineligible.

Every message is a sentence a council member can read aloud, with the numbers in it. The rules and the
Grants.gov applicant codes are explained in docs/methods/funding.md.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from ._words import cents, day, days, listing, money, percent

# Grants.gov "Eligible Applicants" codes, as in the XML extract (EligibleApplicants) and the search API
# (applicantTypes). Codes 03, 09, 10, 14-19 and 24 are not used. Labels are Grants.gov's own.
APPLICANT_TYPES: Mapping[str, str] = MappingProxyType(
    {
        "00": "State governments",
        "01": "County governments",
        "02": "City or township governments",
        "04": "Special district governments",
        "05": "Independent school districts",
        "06": "Public and State controlled institutions of higher education",
        "07": "Native American tribal governments (Federally recognized)",
        "08": "Public housing authorities/Indian housing authorities",
        "11": "Native American tribal organizations (other than Federally recognized tribal governments)",
        "12": "Nonprofits having a 501(c)(3) status with the IRS, other than institutions of higher education",
        "13": "Nonprofits that do not have a 501(c)(3) status with the IRS, other than institutions of higher education",
        "20": "Private institutions of higher education",
        "21": "Individuals",
        "22": "For profit organizations other than small businesses",
        "23": "Small businesses",
        "25": 'Others (see text field entitled "Additional Information on Eligibility" for clarification)',
        "99": 'Unrestricted (i.e., open to any type of entity above), subject to any clarification in text field entitled "Additional Information on Eligibility"',
    }
)
OTHERS = "25"
UNRESTRICTED = "99"


class Rule(StrEnum):
    """The code of each rule ``check`` applies (``Reason.code``)."""

    APPLICANT_TYPE = "applicant_type"
    GEOGRAPHY = "geography"
    DEADLINE = "deadline"
    AWARD = "award"
    MATCH = "match"


@dataclass(frozen=True)
class Applicant:
    """Who applies: a Grants.gov applicant code (02 for a city), where it is, and its match money."""

    applicant_type: str
    country: str = "US"
    region: str = ""
    rural: bool = False
    match_available: Decimal | None = None

    def __post_init__(self) -> None:
        if self.match_available is not None and self.match_available < 0:
            raise ValueError("the match money available cannot be negative")


@dataclass(frozen=True)
class Offer:
    """A funding programme as the rules see it.

    ``geography`` is empty (anywhere), a country code ("US") or a region code ("US-OH"). An award floor
    or ceiling of 0 or less counts as not published: the Grants.gov extract writes 0 for "none".
    ``match_percent`` is the match required as a percentage of the project (25 for 25%).
    ``assistance_listings``: its Assistance Listing numbers (formerly CFDA, "97.137").
    ``any_purpose``: the organisation's own budget, which funds any of its initiatives that meet the
    rules, so it is related to every need without sharing words with it (see ``matching``).
    """

    key: str
    name: str
    applicant_types: tuple[str, ...]
    geography: str
    opens: date | None
    closes: date | None
    rolling: bool
    award_floor: Decimal | None
    award_ceiling: Decimal | None
    match_percent: Decimal | None
    cost_sharing: bool
    categories: tuple[str, ...]
    text: str
    assistance_listings: tuple[str, ...] = ()
    any_purpose: bool = False


@dataclass(frozen=True)
class Need:
    """What the initiative needs: an amount, the day the search is made, its categories and its words.

    ``amount`` is None while the initiative has no cost estimate (the stage at which cities look for
    funding): the award and match rules then pass without comparing amounts, and say so.
    ``categories`` (Grants.gov funding activity codes) and ``listings`` (Assistance Listing numbers)
    are those its purpose maps to (``purposes.purposes_of``). ``title``: the words that say what the
    initiative is (its title); a programme must share one of them to be related (``matching``). Empty:
    the words of ``text`` are used.
    """

    amount: Decimal | None
    today: date
    categories: tuple[str, ...] = ()
    text: str = ""
    listings: tuple[str, ...] = ()
    title: str = ""

    def __post_init__(self) -> None:
        if self.amount is not None and self.amount < 0:
            raise ValueError("the amount needed cannot be negative")


@dataclass(frozen=True)
class Reason:
    """The outcome of one rule. ``flagged``: passed, but a person should read the notice to be sure."""

    code: str
    passed: bool
    message: str
    flagged: bool = False


def check(offer: Offer, applicant: Applicant, need: Need) -> tuple[Reason, ...]:
    """Return one reason per rule (applicant type, geography, deadline, award, match), in that order."""
    return (
        applicant_type_reason(offer, applicant),
        geography_reason(offer, applicant),
        deadline_reason(offer, need.today),
        award_reason(offer, need.amount),
        match_reason(offer, applicant, need.amount),
    )


def eligible(reasons: Iterable[Reason]) -> bool:
    """Return True when every rule passed (flagged reasons count as passed)."""
    return all(reason.passed for reason in reasons)


def applicant_label(code: str) -> str:
    """Return Grants.gov's label for an applicant code, or the code itself when it is not one of them."""
    return APPLICANT_TYPES.get(code, code)


def _named(code: str) -> str:
    return f"{applicant_label(code)} (code {code})"


def applicant_type_reason(offer: Offer, applicant: Applicant) -> Reason:
    """Return whether the offer accepts the applicant's type of organisation."""
    codes = offer.applicant_types
    own = _named(applicant.applicant_type)
    if applicant.applicant_type in codes:
        return Reason(Rule.APPLICANT_TYPE, True, f"The programme accepts {own}, which this organisation is.")
    if UNRESTRICTED in codes:
        return Reason(
            Rule.APPLICANT_TYPE,
            True,
            "The programme is open to every type of applicant (code 99, unrestricted); its notice may "
            "still add conditions.",
        )
    if OTHERS in codes:
        return Reason(
            Rule.APPLICANT_TYPE,
            True,
            f"Possibly eligible: the programme is open to “others” described in its eligibility notes "
            f"(code 25). Read the notes to confirm that {own} can apply.",
            flagged=True,
        )
    if not codes:
        return Reason(
            Rule.APPLICANT_TYPE,
            True,
            "Possibly eligible: the programme does not say which types of applicant it accepts. Read its "
            "eligibility notes.",
            flagged=True,
        )
    accepted = listing([_named(code) for code in codes])
    return Reason(
        Rule.APPLICANT_TYPE,
        False,
        f"The programme accepts only {accepted}; this organisation is {own}.",
    )


def geography_matches(geography: str, applicant: Applicant) -> bool:
    """Return True when an applicant in its country and region may apply to an offer for ``geography``.

    Empty means anywhere; a country code ("US") takes any applicant in that country, whatever its region;
    a region code ("US-OH") takes only applicants whose region is exactly that one. Case is ignored.
    """
    wanted = geography.strip().upper()
    if not wanted:
        return True
    if "-" not in wanted:
        return applicant.country.strip().upper() == wanted
    return applicant.region.strip().upper() == wanted


def geography_reason(offer: Offer, applicant: Applicant) -> Reason:
    """Return whether the applicant is in the place the offer is for."""
    wanted = offer.geography.strip().upper()
    if not wanted:
        return Reason(Rule.GEOGRAPHY, True, "Applicants may be anywhere.")
    if geography_matches(wanted, applicant):
        if "-" in wanted:
            return Reason(
                Rule.GEOGRAPHY, True, f"Open only to applicants in {wanted}, where this organisation is."
            )
        return Reason(
            Rule.GEOGRAPHY, True, f"Open to applicants anywhere in {wanted}, where this organisation is."
        )
    where = applicant.region.strip().upper() if "-" in wanted else applicant.country.strip().upper()
    if not where:
        return Reason(
            Rule.GEOGRAPHY,
            False,
            f"Open only to applicants in {wanted}; this organisation has no state or region recorded.",
        )
    return Reason(
        Rule.GEOGRAPHY, False, f"Open only to applicants in {wanted}; this organisation is in {where}."
    )


def deadline_reason(offer: Offer, today: date) -> Reason:
    """Return whether the offer still takes applications on ``today``, and when it opens or closes."""
    if offer.opens is not None and offer.opens > today:
        wait = (offer.opens - today).days
        closing = ""
        if offer.closes is not None and not offer.rolling:
            closing = f" and closes on {day(offer.closes)}"
        return Reason(
            Rule.DEADLINE,
            True,
            f"Not open yet: it opens on {day(offer.opens)}, in {days(wait)}{closing}.",
            flagged=True,
        )
    if offer.rolling:
        return Reason(Rule.DEADLINE, True, "Applications are taken at any time (rolling).")
    if offer.closes is None:
        return Reason(Rule.DEADLINE, True, "No closing date is published.")
    left = (offer.closes - today).days
    if left < 0:
        return Reason(Rule.DEADLINE, False, f"Closed on {day(offer.closes)}, {days(-left)} ago.")
    if left == 0:
        return Reason(Rule.DEADLINE, True, f"Closes today, {day(offer.closes)}.")
    return Reason(Rule.DEADLINE, True, f"Open until {day(offer.closes)}: {days(left)} from today.")


def published(amount: Decimal | None) -> Decimal | None:
    """Return an award limit, or None when it is missing or 0 or less (not published)."""
    return amount if amount is not None and amount > 0 else None


UNKNOWN_NEED = "The amount needed is not known yet (no cost estimate), so award limits were not checked."


def award_reason(offer: Offer, need: Decimal | None) -> Reason:
    """Return whether an award of the offer's size can meet ``need``.

    A need below the smallest award fails (the programme does not fund projects that small); a need
    above the largest award passes, flagged, with the part it leaves to other sources. An unknown need
    (None) passes: nothing can be compared, and the reason says so with the published range.
    """
    floor, ceiling = published(offer.award_floor), published(offer.award_ceiling)
    if need is None:
        if floor is not None and ceiling is not None:
            limits = f" Awards range from {money(floor)} to {money(ceiling)}."
        elif ceiling is not None:
            limits = f" Awards go up to {money(ceiling)}."
        elif floor is not None:
            limits = f" Awards start at {money(floor)}."
        else:
            limits = ""
        return Reason(Rule.AWARD, True, UNKNOWN_NEED + limits)
    if floor is not None and need < floor:
        return Reason(
            Rule.AWARD,
            False,
            f"The smallest award is {money(floor)}, more than the {money(need)} needed.",
        )
    if ceiling is not None and need > ceiling:
        return Reason(
            Rule.AWARD,
            True,
            f"Covers at most {money(ceiling)} of the {money(need)} needed; the other "
            f"{money(need - ceiling)} must come from elsewhere.",
            flagged=True,
        )
    if floor is not None and ceiling is not None:
        text = f"Awards range from {money(floor)} to {money(ceiling)}; the {money(need)} needed is within it."
    elif ceiling is not None:
        text = f"Awards go up to {money(ceiling)}, enough for the {money(need)} needed."
    elif floor is not None:
        text = f"Awards start at {money(floor)}; the {money(need)} needed is above that."
    else:
        text = f"No award range is published; the {money(need)} needed cannot be checked against one."
    return Reason(Rule.AWARD, True, text)


def required_match(offer: Offer, need: Decimal | None) -> Decimal | None:
    """Return the match the city must put up (match percent x need / 100, to the cent), or None if unknown."""
    if offer.match_percent is None or need is None:
        return None
    return cents(offer.match_percent * need / 100)


def match_affordable(match_percent: Decimal | None, need: Decimal | None, available: Decimal | None) -> bool:
    """Return False only when a known match (percent x need / 100, to the cent) exceeds a known budget."""
    if match_percent is None or need is None or available is None:
        return True
    return cents(match_percent * need / 100) <= available


def match_reason(offer: Offer, applicant: Applicant, need: Decimal | None) -> Reason:
    """Return whether the city can afford the match (cost share) the offer requires."""
    if need is None and offer.match_percent is not None and offer.match_percent > 0:
        return Reason(
            Rule.MATCH,
            True,
            f"A {percent(offer.match_percent)} match is required; its amount cannot be worked out until "
            "the cost is estimated.",
            flagged=True,
        )
    required = required_match(offer, need)
    if required is None:
        if offer.cost_sharing:
            return Reason(
                Rule.MATCH,
                True,
                "The programme requires a local match but does not say how much; read the notice.",
                flagged=True,
            )
        return Reason(Rule.MATCH, True, "No local match is required.")
    match_percent = offer.match_percent or Decimal(0)  # known here: required_match returned an amount
    if match_percent == 0:
        return Reason(Rule.MATCH, True, "No local match is required (0%).")
    share = f"A {percent(match_percent)} match on the {money(need or Decimal(0))} needed is {money(required)}"
    available = applicant.match_available
    if available is None:
        return Reason(
            Rule.MATCH,
            True,
            f"{share}; no match budget is recorded, so check that the money is available.",
            flagged=True,
        )
    if match_affordable(offer.match_percent, need, available):
        return Reason(Rule.MATCH, True, f"{share}; {money(available)} is available for match.")
    return Reason(
        Rule.MATCH,
        False,
        f"{share}, but only {money(available)} is available for match ({money(required - available)} short).",
    )
