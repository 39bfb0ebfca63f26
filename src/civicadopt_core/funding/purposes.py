"""What an initiative is for, in the codes funders file their programmes under.

``purposes_of`` reads the initiative's title and tags (its purpose; the problem statement describes
today's situation and is left to the word ranking) and returns the Grants.gov funding activity
categories (the extract's ``CategoryOfFundingActivity`` codes, e.g. "DPR" disaster prevention and
relief) and the Assistance Listing numbers (formerly CFDA, e.g. "97.137") its words point to, with the
word that led to each, so the page can say why.

The table ``PURPOSES`` is deliberately short and general: each entry is a purpose a municipal
technology initiative commonly has, the categories federal agencies file such programmes under, and
only the few Assistance Listings that are the standing federal programme for exactly that purpose.
Sources and the reasoning for each row are in docs/methods/funding.md ("Purpose codes").
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from .tokens import tokenize


@dataclass(frozen=True)
class Purpose:
    """One row of the table: the words that name the purpose, its categories and listings."""

    words: tuple[str, ...]
    categories: tuple[str, ...]
    listings: tuple[str, ...] = ()


# Categories: Grants.gov Funding Synopsis schema, FundingActivityCategory code list
# (civicadopt.funding.grantsgov.codes.FUNDING_CATEGORIES holds the labels). Listings: SAM.gov
# Assistance Listings. 97.137 State and Local Cybersecurity Grant Program (FEMA; files under DPR);
# 15.817 3D Elevation Program (USGS); 81.128 Energy Efficiency and Conservation Block Grant (DOE);
# 16.738 Edward Byrne Memorial Justice Assistance Grant (DOJ); 20.941 SMART Grants (DOT);
# 11.035 BEAD and 11.036 Digital Equity Competitive Grant (NTIA).
PURPOSES: tuple[Purpose, ...] = (
    Purpose(
        (
            "cybersecurity",
            "cyber security",
            "cyber",
            "multi-factor authentication",
            "authentication",
            "password",
            "phishing",
            "identity",
            "ransomware",
        ),
        ("DPR",),
        ("97.137",),
    ),
    Purpose(("disaster recovery", "disaster", "emergency", "resilience", "flood", "hazard"), ("DPR",)),
    Purpose(("permit", "permitting", "zoning", "housing", "building code", "inspection"), ("CD", "HO")),
    Purpose(
        ("broadband", "internet access", "digital equity", "digital inclusion"),
        ("CD", "IIJ"),
        ("11.035", "11.036"),
    ),
    Purpose(("gis", "geospatial", "lidar", "elevation", "mapping", "map"), ("ST", "NR"), ("15.817",)),
    Purpose(("open data", "transparency", "statistics", "performance data"), ("IS",)),
    Purpose(
        ("fleet", "vehicle", "transportation", "traffic", "transit", "road", "parking", "mobility"),
        ("T",),
    ),
    Purpose(
        (
            "energy",
            "sustainability",
            "efficiency",
            "emission",
            "fuel",
            "streetlight",
            "street lighting",
            "lighting",
            "solar",
        ),
        ("EN", "ENV"),
        ("81.128",),
    ),
    Purpose(("smart", "sensor", "connected vehicle", "intelligent transportation"), ("ST", "T"), ("20.941",)),
    Purpose(("police", "justice", "court", "crime", "dispatch", "law enforcement"), ("LJL",), ("16.738",)),
    Purpose(("health", "telehealth", "clinic"), ("HL",)),
)


@dataclass(frozen=True)
class Purposes:
    """The categories and listings a need's purpose maps to, and which words led to them."""

    categories: tuple[str, ...]
    listings: tuple[str, ...]
    because: Mapping[str, tuple[str, ...]]  # the word as written in the table -> its codes


def _phrases(table: Sequence[Purpose]) -> list[tuple[tuple[str, ...], str, Purpose]]:
    found = []
    for purpose in table:
        for word in purpose.words:
            terms = tuple(tokenize(word))
            if terms:
                found.append((terms, word, purpose))
    return found


_PHRASES = _phrases(PURPOSES)


def _contains(terms: Sequence[str], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(tuple(terms[start : start + size]) == phrase for start in range(len(terms) - size + 1))


def purposes_of(title: str, tags: Iterable[str] = ()) -> Purposes:
    """Return the categories and listings that the words of ``title`` and ``tags`` map to.

    A table word counts when its terms (as ``tokens.tokenize`` makes them: singular, stop words
    dropped) occur one after the other in the title or in one tag. Codes keep the table's order.
    """
    texts = [tokenize(title), *(tokenize(tag) for tag in tags)]
    categories: dict[str, None] = {}
    listings: dict[str, None] = {}
    because: dict[str, tuple[str, ...]] = {}
    for phrase, word, purpose in _PHRASES:
        if any(_contains(terms, phrase) for terms in texts):
            categories.update(dict.fromkeys(purpose.categories))
            listings.update(dict.fromkeys(purpose.listings))
            because[word] = (*purpose.categories, *purpose.listings)
    return Purposes(tuple(categories), tuple(listings), MappingProxyType(because))
