"""Eligibility rules: the Grants.gov code table, each rule's outcome and wording, then properties."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from funding_factories import CITY, TODAY, applicants, money, need, needs, offer, offers
from hypothesis import given
from hypothesis import strategies as st

from civicadopt_core.funding import APPLICANT_TYPES, Applicant, Need, Offer, Reason, Rule, check, eligible


def reason(rule: Rule, the_offer: Offer, applicant: Applicant = CITY, the_need: Need | None = None) -> Reason:
    reasons = {r.code: r for r in check(the_offer, applicant, the_need or need())}
    return reasons[rule]


def test_the_code_table_is_grants_govs_seventeen_codes() -> None:
    # Grants.gov "Eligible Applicants": 00-08 without 03, 11-13, 20-23, 25 and 99.
    assert list(APPLICANT_TYPES) == [
        "00", "01", "02", "04", "05", "06", "07", "08", "11", "12", "13", "20", "21", "22", "23", "25", "99",
    ]  # fmt: skip
    assert APPLICANT_TYPES["02"] == "City or township governments"
    assert APPLICANT_TYPES["25"].startswith("Others (see text field entitled")


def test_check_gives_one_reason_per_rule_in_order() -> None:
    reasons = check(offer(), CITY, need())
    assert [r.code for r in reasons] == ["applicant_type", "geography", "deadline", "award", "match"]
    assert eligible(reasons)
    assert [r.message for r in reasons] == [
        "The programme accepts City or township governments (code 02), which this organisation is.",
        "Open to applicants anywhere in US, where this organisation is.",
        "Open until 30 June 2027: 107 days from today.",
        "Awards range from $100,000 to $500,000; the $400,000 needed is within it.",
        "No local match is required.",
    ]


# --- applicant type ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("codes", "passed", "flagged", "message"),
    [
        (("02", "01"), True, False, "The programme accepts City or township governments (code 02), which this organisation is."),
        (("99",), True, False, "The programme is open to every type of applicant (code 99, unrestricted); its notice may still add conditions."),
        (("12", "25"), True, True, "Possibly eligible: the programme is open to “others” described in its eligibility notes (code 25). Read the notes to confirm that City or township governments (code 02) can apply."),
        ((), True, True, "Possibly eligible: the programme does not say which types of applicant it accepts. Read its eligibility notes."),
        (("00", "01"), False, False, "The programme accepts only State governments (code 00) and County governments (code 01); this organisation is City or township governments (code 02)."),
        (("12",), False, False, "The programme accepts only Nonprofits having a 501(c)(3) status with the IRS, other than institutions of higher education (code 12); this organisation is City or township governments (code 02)."),
    ],
)  # fmt: skip
def test_applicant_type(codes: tuple[str, ...], passed: bool, flagged: bool, message: str) -> None:
    assert reason(Rule.APPLICANT_TYPE, offer(applicant_types=codes)) == Reason(
        "applicant_type", passed, message, flagged
    )


def test_an_unknown_applicant_code_is_named_by_itself() -> None:
    result = reason(Rule.APPLICANT_TYPE, offer(applicant_types=("00",)), Applicant("X9"))
    assert result.message.endswith("this organisation is X9 (code X9).")


# --- geography -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("geography", "applicant", "passed", "message"),
    [
        ("", Applicant("02", country="CA"), True, "Applicants may be anywhere."),
        ("US", Applicant("02", region="US-TX"), True, "Open to applicants anywhere in US, where this organisation is."),
        ("us", Applicant("02"), True, "Open to applicants anywhere in US, where this organisation is."),
        ("US", Applicant("02", country="CA"), False, "Open only to applicants in US; this organisation is in CA."),
        ("US-OH", Applicant("02", region="us-oh"), True, "Open only to applicants in US-OH, where this organisation is."),
        ("US-OH", Applicant("02", region="US-PA"), False, "Open only to applicants in US-OH; this organisation is in US-PA."),
        ("US-OH", Applicant("02"), False, "Open only to applicants in US-OH; this organisation has no state or region recorded."),
    ],
)  # fmt: skip
def test_geography(geography: str, applicant: Applicant, passed: bool, message: str) -> None:
    assert reason(Rule.GEOGRAPHY, offer(geography=geography), applicant) == Reason(
        "geography", passed, message
    )


# --- deadline ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "passed", "flagged", "message"),
    [
        ({"closes": date(2027, 3, 14)}, False, False, "Closed on 14 March 2027, 1 day ago."),
        ({"closes": date(2027, 3, 1)}, False, False, "Closed on 1 March 2027, 14 days ago."),
        ({"closes": TODAY}, True, False, "Closes today, 15 March 2027."),
        ({"closes": date(2027, 3, 16)}, True, False, "Open until 16 March 2027: 1 day from today."),
        ({"closes": None}, True, False, "No closing date is published."),
        ({"closes": date(2026, 1, 1), "rolling": True}, True, False, "Applications are taken at any time (rolling)."),
        ({"opens": date(2027, 4, 4)}, True, True, "Not open yet: it opens on 4 April 2027, in 20 days and closes on 30 June 2027."),
        ({"opens": date(2027, 3, 16), "closes": None}, True, True, "Not open yet: it opens on 16 March 2027, in 1 day."),
        ({"opens": None, "closes": None}, True, False, "No closing date is published."),
    ],
)  # fmt: skip
def test_deadline(changes: dict[str, object], passed: bool, flagged: bool, message: str) -> None:
    assert reason(Rule.DEADLINE, offer(**changes)) == Reason("deadline", passed, message, flagged)


# --- award range ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("floor", "ceiling", "amount", "passed", "flagged", "message"),
    [
        (100_000, 250_000, 400_000, True, True, "Covers at most $250,000 of the $400,000 needed; the other $150,000 must come from elsewhere."),
        (500_000, None, 200_000, False, False, "The smallest award is $500,000, more than the $200,000 needed."),
        (100_000, 500_000, 100_000, True, False, "Awards range from $100,000 to $500,000; the $100,000 needed is within it."),
        (100_000, 500_000, 500_000, True, False, "Awards range from $100,000 to $500,000; the $500,000 needed is within it."),
        (100_000, 500_000, "99999.99", False, False, "The smallest award is $100,000, more than the $99,999.99 needed."),
        (None, 250_000, 40_000, True, False, "Awards go up to $250,000, enough for the $40,000 needed."),
        (25_000, None, 40_000, True, False, "Awards start at $25,000; the $40,000 needed is above that."),
        (None, None, 40_000, True, False, "No award range is published; the $40,000 needed cannot be checked against one."),
        # Grants.gov writes 0 for "not published"
        (0, 0, 40_000, True, False, "No award range is published; the $40,000 needed cannot be checked against one."),
    ],
)  # fmt: skip
def test_award_range(
    floor: int | None, ceiling: int | None, amount: int | str, passed: bool, flagged: bool, message: str
) -> None:
    limits = offer(
        award_floor=None if floor is None else D(floor), award_ceiling=None if ceiling is None else D(ceiling)
    )
    assert reason(Rule.AWARD, limits, the_need=need(amount)) == Reason("award", passed, message, flagged)


# --- match ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("percent", "cost_sharing", "available", "passed", "flagged", "message"),
    [
        ("25", True, 150_000, True, False, "A 25% match on the $400,000 needed is $100,000; $150,000 is available for match."),
        ("25", True, 100_000, True, False, "A 25% match on the $400,000 needed is $100,000; $100,000 is available for match."),
        ("25.00", True, 60_000, False, False, "A 25% match on the $400,000 needed is $100,000, but only $60,000 is available for match ($40,000 short)."),
        ("12.5", True, None, True, True, "A 12.5% match on the $400,000 needed is $50,000; no match budget is recorded, so check that the money is available."),
        (None, True, 60_000, True, True, "The programme requires a local match but does not say how much; read the notice."),
        (None, False, None, True, False, "No local match is required."),
        ("0", True, 0, True, False, "No local match is required (0%)."),
    ],
)  # fmt: skip
def test_match(
    percent: str | None, cost_sharing: bool, available: int | None, passed: bool, flagged: bool, message: str
) -> None:
    terms = offer(match_percent=None if percent is None else D(percent), cost_sharing=cost_sharing)
    applicant = replace(CITY, match_available=None if available is None else D(available))
    assert reason(Rule.MATCH, terms, applicant) == Reason("match", passed, message, flagged)


def test_the_match_is_rounded_to_the_cent_before_it_is_compared() -> None:
    # 33.333% of 100.01 = 33.33633... -> 33.34, which 33.34 covers and 33.33 does not
    terms = offer(match_percent=D("33.333"), award_floor=None)
    the_need = need("100.01")
    assert reason(Rule.MATCH, terms, replace(CITY, match_available=D("33.34")), the_need).passed
    short = reason(Rule.MATCH, terms, replace(CITY, match_available=D("33.33")), the_need)
    assert not short.passed and "is $33.34, but only $33.33" in short.message


def test_eligible_needs_every_rule_and_ignores_flags() -> None:
    flagged = Reason("award", True, "covers part", flagged=True)
    assert eligible([Reason("applicant_type", True, "ok"), flagged])
    assert not eligible([Reason("applicant_type", True, "ok"), Reason("deadline", False, "closed")])
    assert eligible([])


def test_negative_amounts_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        Need(D(-1), TODAY)
    with pytest.raises(ValueError, match="negative"):
        Applicant("02", match_available=D("-0.01"))


# --- properties ----------------------------------------------------------------------------------------


@given(offers, applicants, needs)
def test_every_rule_gives_one_plain_sentence_with_no_missing_values(
    the_offer: Offer, applicant: Applicant, the_need: Need
) -> None:
    reasons = check(the_offer, applicant, the_need)
    assert [r.code for r in reasons] == list(Rule)
    for r in reasons:
        assert r.message.endswith(".") and "None" not in r.message
        assert not (r.flagged and not r.passed)


@given(offers, applicants, needs)
def test_unrestricted_programmes_never_fail_on_applicant_type(
    the_offer: Offer, applicant: Applicant, the_need: Need
) -> None:
    open_offer = replace(the_offer, applicant_types=(*the_offer.applicant_types, "99"))
    assert reason(Rule.APPLICANT_TYPE, open_offer, applicant, the_need).passed


@given(offers, applicants, needs, st.integers(1, 400))
def test_a_programme_that_closes_later_is_never_less_open(
    the_offer: Offer, applicant: Applicant, the_need: Need, extra: int
) -> None:
    if the_offer.closes is None:
        return
    later = replace(the_offer, closes=the_offer.closes + timedelta(days=extra))
    if reason(Rule.DEADLINE, the_offer, applicant, the_need).passed:
        assert reason(Rule.DEADLINE, later, applicant, the_need).passed


@given(offers, applicants, needs, money)
def test_more_match_money_never_makes_a_programme_unaffordable(
    the_offer: Offer, applicant: Applicant, the_need: Need, extra: D
) -> None:
    if applicant.match_available is None:
        return
    richer = replace(applicant, match_available=applicant.match_available + extra)
    if reason(Rule.MATCH, the_offer, applicant, the_need).passed:
        assert reason(Rule.MATCH, the_offer, richer, the_need).passed
