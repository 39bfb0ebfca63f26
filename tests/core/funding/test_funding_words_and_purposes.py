"""Words that never match, the purpose codes of an initiative, the relevance floor and the unknown need."""

from datetime import date
from decimal import Decimal as D

import pytest
from funding_factories import CITY, TODAY, WORDS, catalogues, needs, offer
from hypothesis import given
from hypothesis import strategies as st

from civicadopt_core.funding import STOP_WORDS, Index, Need, Offer, check, rank, stem, tokenize
from civicadopt_core.funding.eligibility import UNKNOWN_NEED, award_reason, match_reason
from civicadopt_core.funding.matching import FLOOR_RELEVANCE
from civicadopt_core.funding.purposes import PURPOSES, purposes_of

TEXTS = st.lists(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join), min_size=1, max_size=12
)
STOPS = st.sampled_from(sorted(STOP_WORDS))
NUMBERS = st.one_of(
    st.integers(min_value=0, max_value=10**9).map(str),
    st.sampled_from(["000", "2,000", "$1.1", "FY2027", "ffy2025", "1990s", "19th", "100k"]),
)


# --- words that never count ----------------------------------------------------------------------------


def test_the_words_seen_matching_unrelated_programmes_are_filler() -> None:
    # issue 10: "matches" on "year", "city", "service" and "000"
    assert tokenize("each year the city service costs $250,000") == []
    assert tokenize("programme program project new use public local government support funding") == []


@given(TEXTS, st.lists(st.sampled_from(WORDS), max_size=5).map(" ".join), STOPS)
def test_adding_a_stop_word_to_the_query_never_changes_a_score(
    texts: list[str], query: str, stop: str
) -> None:
    index = Index.build([*texts, f"{stop} {stop} {texts[0]}"])
    assert list(index.scores(f"{query} {stop}")) == list(index.scores(query))
    assert list(index.scores(f"{stop} {stop.upper()}")) == [0.0] * len(index)


@given(TEXTS, NUMBERS)
def test_a_number_never_matches(texts: list[str], number: str) -> None:
    index = Index.build([f"{number} {text} {number}" for text in texts])
    assert tokenize(number) == []
    assert not index.scores(number).any()
    assert index.explain(f"{number} {WORDS[0]}", 0) == index.explain(WORDS[0], 0)


@given(st.text(max_size=60))
def test_no_term_is_a_stop_word_or_a_number(text: str) -> None:
    for term in tokenize(text):
        assert term not in STOP_WORDS and not term.isnumeric() and len(term) > 1


# --- purpose codes --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "tags", "categories", "listings"),
    [
        ("Multi-factor authentication for all staff", ["cybersecurity", "identity"], ("DPR",), ("97.137",)),
        ("Password manager for the village office", ["cybersecurity"], ("DPR",), ("97.137",)),
        ("GIS modernization", ["gis", "infrastructure"], ("ST", "NR"), ("15.817",)),
        ("Open-data portal", ["open data", "transparency"], ("IS",), ()),
        ("Fleet telematics for city vehicles", ["fleet", "sustainability"], ("T", "EN", "ENV"), ("81.128",)),
        ("Replace the 1990s permitting system", ["permits"], ("CD", "HO"), ()),
        ("Online forms for common requests", ["online services", "forms"], (), ()),
        ("Finance (ERP) system upgrade", ["erp", "finance"], (), ()),
    ],
)
def test_purpose_codes(
    title: str, tags: list[str], categories: tuple[str, ...], listings: tuple[str, ...]
) -> None:
    found = purposes_of(title, tags)
    assert (found.categories, found.listings) == (categories, listings)
    for codes in found.because.values():
        assert set(codes) <= {*categories, *listings}


def test_every_word_of_the_purpose_table_counts() -> None:
    # a filler or stop word inside a table word would be dropped silently ("smart city" -> "smart")
    for purpose in PURPOSES:
        for word in purpose.words:
            assert tokenize(word) == [stem(part) for part in word.replace("-", " ").split()], word


def test_purpose_words_are_whole_phrases_in_one_tag_or_the_title() -> None:
    assert purposes_of("Open a room for data").categories == ()  # "open data" is not one run of terms
    assert purposes_of("Data", ["open data"]).because == {"open data": ("IS",)}
    assert purposes_of("Disaster recovery site").because.keys() == {"disaster recovery", "disaster"}


# --- the relevance floor and the unknown need --------------------------------------------------------


def _city(**changes: object) -> Offer:
    return offer(award_floor=None, award_ceiling=None, **changes)


def test_a_programme_must_share_a_word_of_the_title_unless_it_is_an_own_budget_or_a_listed_programme() -> (
    None
):
    programmes = [
        _city(key="title", name="Password managers", text="Password managers for small offices."),
        _city(key="problem", name="Notebooks", text="Paper notebooks and desk drawers."),
        _city(key="budget", name="Capital budget", text="Capital projects.", any_purpose=True),
        _city(key="listed", name="Cyber grants", text="Grants.", assistance_listings=("97.137",)),
    ]
    the_need = Need(
        None, TODAY, text="Password manager. Passwords are kept in a notebook in a desk drawer.",
        title="Password manager", listings=("97.137",),
    )  # fmt: skip
    ranking = rank(programmes, CITY, the_need)
    assert [m.key for m in ranking.matches] == ["title", "listed", "budget"]
    assert ranking.unrelated_count == 1 and not ranking.amount_known
    listed = ranking.matches[1]
    assert listed.relevance == 0 and listed.score == pytest.approx(
        0.2
    )  # the listing is a full category match


@given(catalogues, needs)
def test_every_listed_programme_is_over_the_floor(offers: list[Offer], the_need: Need) -> None:
    ranking = rank(offers, CITY, the_need, limit=len(offers))
    for match in (*ranking.matches, *ranking.excluded):
        assert match.relevance >= FLOOR_RELEVANCE and match.terms


def test_an_unknown_need_is_not_excluded_by_award_floors_and_says_so() -> None:
    floored = offer(award_floor=D(300_000), award_ceiling=D(12_000_000), match_percent=D(20))
    unknown = Need(None, TODAY, text="sensors")
    reasons = check(floored, CITY, unknown)
    assert all(reason.passed for reason in reasons)
    assert reasons[3].message == UNKNOWN_NEED + " Awards range from $300,000 to $12,000,000."
    assert UNKNOWN_NEED == (
        "The amount needed is not known yet (no cost estimate), so award limits were not checked."
    )
    assert reasons[4].flagged and reasons[4].message == (
        "A 20% match is required; its amount cannot be worked out until the cost is estimated."
    )
    # the old behaviour, for the record: a $0 need failed every floor
    assert not award_reason(floored, D(0)).passed
    assert award_reason(offer(award_floor=None, award_ceiling=None), None).message == UNKNOWN_NEED
    assert match_reason(offer(match_percent=None), CITY, None).message == "No local match is required."
    ranking = rank([floored], CITY, unknown)
    assert [m.key for m in ranking.matches] == ["P-1"] and not ranking.amount_known


def test_a_known_need_still_meets_the_floor() -> None:
    ranking = rank([offer(award_floor=D(300_000))], CITY, Need(D(1000), date(2027, 3, 15), text="sensors"))
    assert ranking.matches == [] and [r.code for r in ranking.excluded[0].reasons] == ["award"]
