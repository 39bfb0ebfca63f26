"""Programmes, applicants and needs for the funding tests: explicit factories and hypothesis strategies."""

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

from hypothesis import strategies as st

from civicadopt_core.funding import APPLICANT_TYPES, Applicant, Need, Offer

TODAY = date(2027, 3, 15)
CITY = Applicant("02", region="US-OH", match_available=D(150_000))


def offer(**changes: object) -> Offer:
    """An open programme for cities anywhere in the US, 100,000 to 500,000, no match."""
    base = Offer(
        key="P-1",
        name="Smart city pilots",
        applicant_types=("02",),
        geography="US",
        opens=date(2027, 1, 1),
        closes=date(2027, 6, 30),
        rolling=False,
        award_floor=D(100_000),
        award_ceiling=D(500_000),
        match_percent=None,
        cost_sharing=False,
        categories=("ST",),
        text="Pilots of sensors and data platforms in city services.",
    )
    return replace(base, **changes)


def need(amount: int | str = 400_000, today: date = TODAY, text: str = "parking sensors") -> Need:
    return Need(D(amount), today, ("ST",), text)


WORDS = [
    "grant",
    "city",
    "broadband",
    "library",
    "parking",
    "sensor",
    "water",
    "sewer",
    "climate",
    "transit",
    "data",
    "cloud",
]
codes = st.sampled_from([*APPLICANT_TYPES, "X1"])
# whole dollars and cents, with the thresholds the rules compare against kept likely to collide
money = st.one_of(
    st.decimals(min_value=D(0), max_value=D(10**9), places=2),
    st.sampled_from([D(0), D("0.01"), D(100_000), D("99999.99"), D(400_000), D(100_000_000)]),
)
days = st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31))
percents = st.one_of(
    st.decimals(min_value=D(0), max_value=D(100), places=2), st.sampled_from([D(0), D(25), D("25.00"), D(50)])
)
offers = st.builds(
    Offer,
    key=st.just("P"),
    name=st.sampled_from(["Programme", "Smart city pilots", "Rural broadband"]),
    applicant_types=st.lists(codes, max_size=4).map(tuple),
    geography=st.sampled_from(["", "US", "us", "CA", "US-OH", "US-PA"]),
    opens=st.none() | days,
    closes=st.none() | days,
    rolling=st.booleans(),
    award_floor=st.none() | money,
    award_ceiling=st.none() | money,
    match_percent=st.none() | percents,
    cost_sharing=st.booleans(),
    categories=st.lists(st.sampled_from(["ST", "ENV", "CD", "st"]), max_size=3).map(tuple),
    text=st.lists(st.sampled_from(WORDS), max_size=20).map(" ".join),
)
applicants = st.builds(
    Applicant,
    applicant_type=codes,
    country=st.sampled_from(["US", "CA"]),
    region=st.sampled_from(["", "US-OH", "US-PA"]),
    match_available=st.none() | money,
)
needs = st.builds(
    Need,
    amount=st.none() | money,
    today=days,
    categories=st.lists(st.sampled_from(["ST", "ENV", "CD"]), max_size=2).map(tuple),
    text=st.lists(st.sampled_from(WORDS), max_size=5).map(" ".join),
)
catalogues = st.lists(offers, max_size=30).map(
    lambda found: [replace(item, key=f"P-{number:03d}") for number, item in enumerate(found)]
)
