"""The council report's section titles and its plain-language method descriptions, in one place.

Every report builder takes its section titles from :func:`section_title`, so a per-country label (US or
UK names for the Five Case Model's cases) plugs in here without touching the builders. Method versions
stored with a calculation ("business-case/1") are developer terms; :func:`method_words` says what they
are in words a council member reads.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from civicadopt.accounts import conventions

from .formatting import format_number

# HM Treasury's Five Case Model names (Guide to Developing the Project Business Case, 2018).
SECTION_TITLES = {
    "strategic": gettext_lazy("Strategic case"),
    "economic": gettext_lazy("Economic case"),
    "financial": gettext_lazy("Financial case"),
    "management": gettext_lazy("Management case"),
    "assumptions": gettext_lazy("Assumptions"),
}

METHODS = {
    "business-case": gettext_lazy("discounted cash flow appraisal"),
    "schedule-mc": gettext_lazy("schedule and cost simulation"),
}


def section_title(key: str, country: str = "US") -> str:
    """Return the title of the report section ``key`` for an organisation in ``country``.

    The business-case sections are named by country (``accounts.conventions.section_label``: the Five
    Case Model's names in the UK, US names elsewhere); other sections by ``SECTION_TITLES``.
    """
    if key in conventions.SECTION_KEYS:
        return conventions.section_label(key, country)
    return str(SECTION_TITLES[key])


def method_words(method_version: str) -> str:
    """Return a stored method version ("business-case/1") in words: "discounted cash flow appraisal,
    method version 1"; an unknown method reads "method version …" without its code name."""
    name, _slash, version = method_version.partition("/")
    words = METHODS.get(name)
    if words is None:
        return _("method version %(version)s") % {"version": version or name}
    return _("%(method)s, method version %(version)s") % {"method": words, "version": version or "1"}


def trials_words(iterations: int, seed: int) -> str:
    """Return "Monte Carlo simulation, 10,000 trials, seed 123"."""
    return ngettext(
        "Monte Carlo simulation, %(n)s trial, seed %(seed)s",
        "Monte Carlo simulation, %(n)s trials, seed %(seed)s",
        iterations,
    ) % {"n": format_number(iterations), "seed": seed}
