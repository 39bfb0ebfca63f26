"""Conventions by country: the language, the time zone, the discount-rate defaults and the names of the
business-case stages and sections that an organisation's country implies.

Internal keys never change (``strategic``, ``economic``, ``commercial``, ``financial``, ``management``
for the sections; ``strategic_outline``, ``outline``, ``full`` for the stages): code, URLs, stored data and
later features name them by key. Only the words shown differ: a UK council reads the HM Treasury Five Case
Model's names, a US city the names of US capital-planning practice.

Every page under ``/o/<slug>/`` runs inside ``activate_for(organisation)`` (see
``middleware.OrganisationConventionsMiddleware``); a report built outside a request (the command line, a
background task) must do the same::

    with conventions.activate_for(organisation):
        report = build_report(...)
"""

import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civicadopt_core.finance.rates import OMB_A94_1992_BASE_CASE

if TYPE_CHECKING:
    from .models import Organisation

AMERICAN = "en-us"
BRITISH = "en-gb"

# Countries whose councils write British spelling; every other country gets the default (American).
BRITISH_SPELLING_COUNTRIES = frozenset({"GB", "IE", "AU", "NZ"})


@dataclass(frozen=True)
class CountryDefaults:
    """What a new organisation of this country starts with."""

    language: str
    time_zone: str
    currency: str
    fiscal_year_start_month: int
    discount_schedule: str
    discount_rate: Decimal
    discount_rate_source: str


COUNTRY_DEFAULTS: dict[str, CountryDefaults] = {
    # US cities most often start the fiscal year on 1 July; A-94's base case is the federal default.
    "US": CountryDefaults(
        language=AMERICAN,
        time_zone="America/New_York",
        currency="USD",
        fiscal_year_start_month=7,
        discount_schedule="flat",
        discount_rate=OMB_A94_1992_BASE_CASE.rate,
        discount_rate_source=OMB_A94_1992_BASE_CASE.source,
    ),
    # English local authorities' financial year starts on 1 April; the Green Book schedule applies.
    "GB": CountryDefaults(
        language=BRITISH,
        time_zone="Europe/London",
        currency="GBP",
        fiscal_year_start_month=4,
        discount_schedule="green-book",
        discount_rate=Decimal("0.035"),
        discount_rate_source="HM Treasury, The Green Book (2022), Annex A6, Table 8",
    ),
}


def defaults_for(country: str) -> CountryDefaults | None:
    """Return the defaults of ``country`` (ISO 3166-1 alpha-2), or None for a country without any."""
    return COUNTRY_DEFAULTS.get(country.upper())


def language_for(organisation: "Organisation") -> str:
    """Return the language code the organisation's pages and reports use.

    The organisation's own choice wins; otherwise its country decides (British spelling for GB and a few
    others, American English for the rest).
    """
    if organisation.language:
        return organisation.language
    return BRITISH if organisation.country.upper() in BRITISH_SPELLING_COUNTRIES else AMERICAN


def time_zone_for(organisation: "Organisation") -> zoneinfo.ZoneInfo:
    """Return the time zone every time of the organisation is shown in."""
    name = organisation.time_zone
    if not name:
        defaults = defaults_for(organisation.country)
        name = defaults.time_zone if defaults is not None else settings.TIME_ZONE
    return zoneinfo.ZoneInfo(name)


@contextmanager
def activate_for(organisation: "Organisation") -> Iterator[None]:
    """Render inside this block in the organisation's language and time zone; restore both after."""
    with translation.override(language_for(organisation)), timezone.override(time_zone_for(organisation)):
        yield


# The sections of a business case, by internal key. UK: the Five Case Model (HM Treasury, The Green Book
# 2022 and its business case guidance). US: the words US capital-planning and grant guidance uses for the
# same questions (purpose and need as in federal grant and NEPA practice; benefit-cost analysis as in
# OMB A-94; fiscal impact as in city council agenda reports).
SECTION_KEYS = ("strategic", "economic", "commercial", "financial", "management")
UK_SECTIONS = {
    "strategic": "Strategic case",
    "economic": "Economic case",
    "commercial": "Commercial case",
    "financial": "Financial case",
    "management": "Management case",
}
US_SECTIONS = {
    "strategic": "Purpose and need",
    "economic": "Benefit-cost analysis",
    "commercial": "Procurement approach",
    "financial": "Fiscal impact and funding",
    "management": "Implementation plan",
}

# The three stages a business case goes through, by internal key (``business_cases.models.CaseStage``).
STAGE_KEYS = ("strategic_outline", "outline", "full")
UK_STAGES = {
    "strategic_outline": "Strategic outline case",
    "outline": "Outline business case",
    "full": "Full business case",
}
US_STAGES = {
    "strategic_outline": "Preliminary business case",
    "outline": "Detailed business case",
    "full": "Final business case",
}

# How the labels reach the page. The UK names are looked up with a message context, so that no catalogue
# ever turns them into the US names; the US names are plain messages. Code that still writes
# _("Strategic case") (without asking for the country) gets the US name from the American English
# catalogue through us_vocabulary() below, so a US page is right either way.
_LABELS: dict[str, dict[str, Promise]] = {
    # Literal strings, so that makemessages collects them.
    "GB": {
        "strategic": pgettext_lazy("UK business case", "Strategic case"),
        "economic": pgettext_lazy("UK business case", "Economic case"),
        "commercial": pgettext_lazy("UK business case", "Commercial case"),
        "financial": pgettext_lazy("UK business case", "Financial case"),
        "management": pgettext_lazy("UK business case", "Management case"),
        "strategic_outline": pgettext_lazy("UK business case", "Strategic outline case"),
        "outline": pgettext_lazy("UK business case", "Outline business case"),
        "full": pgettext_lazy("UK business case", "Full business case"),
    },
    "US": {
        "strategic": _("Purpose and need"),
        "economic": _("Benefit-cost analysis"),
        "commercial": _("Procurement approach"),
        "financial": _("Fiscal impact and funding"),
        "management": _("Implementation plan"),
        "strategic_outline": _("Preliminary business case"),
        "outline": _("Detailed business case"),
        "full": _("Final business case"),
    },
}


def us_vocabulary() -> dict[str, str]:
    """Return the UK name -> US name of every section and stage (hand overrides of the US catalogue)."""
    pairs = [(UK_SECTIONS[key], US_SECTIONS[key]) for key in SECTION_KEYS]
    pairs += [(UK_STAGES[key], US_STAGES[key]) for key in STAGE_KEYS]
    return dict(pairs)


def _vocabulary(country: str) -> str:
    """Return which vocabulary a country uses: the UK's for the Five Case countries, the US's otherwise."""
    return "GB" if country.upper() in BRITISH_SPELLING_COUNTRIES else "US"


def section_label(key: str, country: str) -> str:
    """Return the name of business-case section ``key`` for an organisation of ``country``."""
    if key not in SECTION_KEYS:
        raise KeyError(f"no business-case section {key!r}; the sections are {', '.join(SECTION_KEYS)}")
    return str(_LABELS[_vocabulary(country)][key])


def stage_label(key: str, country: str) -> str:
    """Return the name of business-case stage ``key`` for an organisation of ``country``."""
    if key not in STAGE_KEYS:
        raise KeyError(f"no business-case stage {key!r}; the stages are {', '.join(STAGE_KEYS)}")
    return str(_LABELS[_vocabulary(country)][key])


def stage_choices(country: str) -> list[tuple[str, str]]:
    """Return the business-case stage choices, labelled for ``country``, in their order."""
    return [(key, stage_label(key, country)) for key in STAGE_KEYS]
