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
_SECTION_LABELS: dict[str, dict[str, Promise]] = {
    "GB": {
        "strategic": _("Strategic case"),
        "economic": _("Economic case"),
        "commercial": _("Commercial case"),
        "financial": _("Financial case"),
        "management": _("Management case"),
    },
    "US": {
        "strategic": _("Purpose and need"),
        "economic": _("Benefit-cost analysis"),
        "commercial": _("Procurement approach"),
        "financial": _("Fiscal impact and funding"),
        "management": _("Implementation plan"),
    },
}

# The three stages a business case goes through, by internal key (``business_cases.models.CaseStage``).
STAGE_KEYS = ("strategic_outline", "outline", "full")
_STAGE_LABELS: dict[str, dict[str, Promise]] = {
    "GB": {
        "strategic_outline": _("Strategic outline case"),
        "outline": _("Outline business case"),
        "full": _("Full business case"),
    },
    "US": {
        "strategic_outline": _("Preliminary business case"),
        "outline": _("Detailed business case"),
        "full": _("Final business case"),
    },
}


def _vocabulary(country: str) -> str:
    """Return which vocabulary a country uses: the UK's for the Five Case countries, the US's otherwise."""
    return "GB" if country.upper() in BRITISH_SPELLING_COUNTRIES else "US"


def section_label(key: str, country: str) -> str:
    """Return the name of business-case section ``key`` for an organisation of ``country``."""
    try:
        return str(_SECTION_LABELS[_vocabulary(country)][key])
    except KeyError:
        raise KeyError(
            f"no business-case section {key!r}; the sections are {', '.join(SECTION_KEYS)}"
        ) from None


def stage_label(key: str, country: str) -> str:
    """Return the name of business-case stage ``key`` for an organisation of ``country``."""
    try:
        return str(_STAGE_LABELS[_vocabulary(country)][key])
    except KeyError:
        raise KeyError(f"no business-case stage {key!r}; the stages are {', '.join(STAGE_KEYS)}") from None


def stage_choices(country: str) -> list[tuple[str, str]]:
    """Return the business-case stage choices, labelled for ``country``, in their order."""
    return [(key, stage_label(key, country)) for key in STAGE_KEYS]
