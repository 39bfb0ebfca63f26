"""The product's areas that later releases fill, and what each will hold.

Shown to users now so that an empty area says what will be there instead of looking broken.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Area:
    slug: str
    title: Promise
    summary: Promise
    coming: tuple[Promise, ...]


AREAS: tuple[Area, ...] = (
    Area(
        "portfolio",
        _("Portfolio"),
        _("Choose which initiatives to fund when the budget cannot cover them all."),
        (
            _("Compare initiatives by value, cost, risk and fit with the council's goals."),
            _("Pick the best set under each year's budget, respecting dependencies between initiatives."),
            _("See what each extra dollar of budget would buy (the efficient frontier)."),
        ),
    ),
    Area(
        "systems",
        _("Systems"),
        _("Know the legacy systems the city runs, what they cost and what depends on them."),
        (
            _("An inventory of systems with age, support status, cost and the data they hold."),
            _("Which initiatives replace or connect to which systems."),
            _("Security and privacy assessments against NIST CSF 2.0."),
        ),
    ),
    Area(
        "people",
        _("People"),
        _("Bring staff along: engage them early, measure readiness for change and close skill gaps."),
        (
            _("Stakeholders and how each group is affected."),
            _("Change-readiness surveys (ADKAR) and a readiness scorecard."),
            _("Training plans and the skills each initiative needs."),
        ),
    ),
    Area(
        "vendors",
        _("Vendors"),
        _("Research the market, evaluate technology partners fairly and keep the record."),
        (
            _("Vendors and their products, references and certifications."),
            _("Weighted evaluations by a committee, with scores kept private until award."),
            _("Contracts, renewal dates and service levels."),
        ),
    ),
    Area(
        "reports",
        _("Reports"),
        _("Council-ready reports where every figure traces back to its inputs and method."),
        (
            _(
                "A business case in the Five Case Model (strategic, economic, commercial, financial, management)."
            ),
            _("Downloads as PDF, Word and Excel, with accessible charts and data tables."),
            _("Portfolio and progress reports for the council and project boards."),
        ),
    ),
)

AREAS_BY_SLUG: dict[str, Area] = {area.slug: area for area in AREAS}
