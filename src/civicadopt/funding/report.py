"""The funding part of the Financial case (council report): sources and the funding gap by fiscal year."""

from typing import Any

from django.utils.translation import gettext as _

from civicadopt.initiatives.models import Initiative
from civicadopt.reports.formatting import format_money
from civicadopt.reports.model import Column, Paragraph, Table

from .plan import funding_plan


def funding_blocks(initiative: Initiative) -> list[Any]:
    plan = funding_plan(initiative)
    if not plan.sources:
        return [
            Paragraph(_("No funding sources or grant applications are recorded for this initiative yet."))
        ]
    gap = Table(
        _("Funding gap by fiscal year"),
        (
            Column(_("Fiscal year")),
            Column(_("Costs"), "money"),
            Column(_("Committed"), "money"),
            Column(_("Expected, not yet committed"), "money"),
            Column(_("Gap after committed"), "money"),
            Column(_("Gap after expected"), "money"),
        ),
        tuple(
            (f"FY{r.fiscal_year}", r.cost, r.committed, r.expected_pending, r.gap_committed, r.gap_expected)
            for r in plan.rows
        ),
    )
    sources = Table(
        _("Funding sources and grant applications"),
        (
            Column(_("Source")),
            Column(_("Fiscal year")),
            Column(_("Amount"), "money"),
            Column(_("Chance of the money arriving"), "percent"),
        ),
        tuple((s.label, f"FY{s.fiscal_year}", s.amount, s.probability) for s in plan.sources),
    )
    return [
        Paragraph(
            _(
                "Funding: money committed (budgets approved, grants awarded) and expected (grant applications "
                "pending, weighted by their chance of award, and budget requests awaiting approval) against "
                "the costs of %(option)s. Expected value of the money not yet committed: %(value)s."
            )
            % {
                "option": plan.option or _("the initiative"),
                "value": format_money(plan.expected_pending, initiative.organisation.currency),
            }
        ),
        gap,
        sources,
    ]
