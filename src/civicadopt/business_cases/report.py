"""The council business case report (v1): the Strategic, Economic and Financial cases of the Five Case
Model (HM Treasury, Guide to Developing the Project Business Case, 2018), built from one stored run.

Every figure comes from ``run`` and the report says so (its provenance and each figure's source), so the
same report can be produced again from the same run.
"""

from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from civicadopt.funding.report import funding_blocks
from civicadopt.planning.report import management_case
from civicadopt.reports.formatting import format_number, format_percent
from civicadopt.reports.model import Column, ColumnKind, Figure, Paragraph, Report, Section, Table
from civicadopt.reports.titles import section_title
from civicadopt_core.calendar import fiscal_year

from .models import BusinessCase, CalculationRun
from .presentation import BASELINE_ONLY_BLANK, MEASURES, build_charts, number, preferred_verdict, provenance

# Calendar years in a chart's data (the x axis of the cumulative net flow) read 2026, never 2,026.
_YEARS = range(1800, 2300)


def _is_year(value: Any) -> bool:
    text = str(value)
    return isinstance(value, int | str) and text.isdigit() and int(text) in _YEARS


def _column_kind(chart: Any, index: int) -> ColumnKind:
    """Return how a chart's data column reads: words, calendar years, counts, or (the rest) money."""
    values = [row[index] for row in chart.rows if row[index] is not None]
    if index == 0 and values and all(_is_year(value) for value in values):
        return "year"  # the bar charts label their years as text; a spreadsheet wants numbers
    if any(isinstance(value, str) for value in values):
        return "text"
    if chart.columns[index] == "Count":
        return "integer"
    return "money"  # every business case chart plots amounts


def _figure(chart: Any, source: str) -> Figure:
    """Return the chart as a report figure, its data table typed column by column."""
    columns = tuple(Column(heading, _column_kind(chart, i)) for i, heading in enumerate(chart.columns))
    rows = tuple(
        tuple(
            int(cell) if column.kind == "year" and cell is not None else cell
            for cell, column in zip(row, columns, strict=True)
        )
        for row in chart.rows
    )
    return Figure(
        title=chart.title,
        svg=chart.svg,
        alt=chart.alt,
        table=Table(chart.title, columns, rows),
        source=source,
    )


def _strategic(case: BusinessCase) -> Section:
    initiative = case.initiative
    goals = [goal.title for goal in initiative.goals.all()]
    blocks: list[Any] = [Paragraph(initiative.problem_statement)]
    if goals:
        blocks.append(
            Paragraph(
                ngettext(
                    "This initiative serves the council's goal: %(goals)s.",
                    "This initiative serves the council's goals: %(goals)s.",
                    len(goals),
                )
                % {"goals": "; ".join(goals)}
            )
        )
    return Section(section_title("strategic", initiative.organisation.country), tuple(blocks))


def _appraisal_tables(results: dict[str, Any], key: str = "") -> list[Table]:
    """Return the measures as two tables (value, then timing and life cost), one row per option."""
    options = [option for option in results["options"] if not key or key in option]
    groups = (MEASURES[:4] + MEASURES[5:6], MEASURES[4:5] + MEASURES[6:])
    captions = (
        (_("Value for money"), _("Timing and whole-life cost"))
        if not key
        else (
            _("Value for money compared with business as usual"),
            _("Timing compared with business as usual"),
        )
    )
    tables = []
    for caption, measures in zip(captions, groups, strict=True):
        columns = (Column(_("Option")), *(Column(str(m.label), m.kind) for m in measures))
        # Business as usual is the baseline: its return, ratio and payback are left empty (said below).
        rows = tuple(
            (option["name"], *(
                None if option["is_business_as_usual"] and m.key in BASELINE_ONLY_BLANK
                else number((option.get(key) if key else option).get(m.key))
                for m in measures
            ))
            for option in options
        )  # fmt: skip
        tables.append(Table(caption, columns, rows))
    return tables


def _economic(case: BusinessCase, run: CalculationRun, results: dict[str, Any]) -> Section:
    country = case.initiative.organisation.country
    source = provenance(run, country)
    years = results["horizon_years"] + 1
    blocks: list[Any] = [
        Paragraph(ngettext("Each option is appraised over %(years)d year at the discount rates in the assumptions below. ",
                           "Each option is appraised over %(years)d years at the discount rates in the assumptions below. ",
                           years) % {"years": years}
                  + _("Net present value (NPV) is benefits minus costs in today's money.")),
        *_appraisal_tables(results),
    ]  # fmt: skip
    if results.get("baseline"):
        blocks += _appraisal_tables(results, key="incremental")
    if results.get("baseline"):
        blocks.append(Paragraph(_(
            "Business as usual is the baseline every option is compared with, so it has no benefit-cost ratio, "
            "return or payback. An empty cell elsewhere means the measure does not exist for that option: no "
            "costs counted (no ratio), no single rate of return, or not paid back within the appraisal."
        )))  # fmt: skip
    blocks.append(Paragraph(_("Highest NPV: %(option)s.") % {"option": results["highest_npv"]}))
    if case.preferred_option_id:
        blocks.append(Paragraph(_("Preferred option: %(option)s. %(why)s") % {
            "option": case.preferred_option.name, "why": case.preferred_rationale,
        }))  # fmt: skip
        verdict = preferred_verdict(case, run)
        if verdict:
            blocks.append(Paragraph(verdict))
    charts = build_charts(results, case.first_year, case.initiative.organisation.currency)
    blocks += [_figure(chart, source) for chart in charts]
    switching = [
        (
            option["name"],
            value["item"],
            number(value["multiplier"]) - 1 if value["multiplier"] is not None else None,
        )
        for option in results["options"]
        for value in option["switching_values"]
    ]
    if switching:
        blocks.append(
            Paragraph(
                _(
                    "Switching value: how much one item alone would have to change for its option's NPV to reach zero."
                )
            )
        )
        blocks.append(
            Table(
                _("Switching values"),
                (Column(_("Option")), Column(_("Item")), Column(_("Change that makes NPV zero"), "percent")),
                tuple(switching),
            )
        )
    ranking = [
        (
            value["item"],
            value["option"],
            value["rival"],
            number(value["multiplier"]) - 1 if value["multiplier"] else None,
        )
        for value in results.get("preference_switching_values", [])
    ]
    if ranking:
        blocks.append(Table(
            _("When would the ranking change? The change in one item of the leading option that makes the next best as good"),
            (Column(_("Item")), Column(_("Option")), Column(_("Next best")), Column(_("Change"), "percent")),
            tuple(ranking),
        ))  # fmt: skip
    simulation = results.get("simulation")
    if simulation:
        rows = tuple(
            (option["name"], Decimal(str(option["simulation"]["p10"])), Decimal(str(option["simulation"]["p50"])),
             Decimal(str(option["simulation"]["p90"])), option["simulation"]["prob_npv_positive"])
            for option in results["options"] if "simulation" in option
        )  # fmt: skip
        blocks.append(Table(
            ngettext("Uncertainty: NPV ranges from %(n)s simulation", "Uncertainty: NPV ranges from %(n)s simulations",
                     simulation["iterations"]) % {"n": format_number(simulation["iterations"])},
            (Column(_("Option")), Column("P10", "money"), Column("P50", "money"), Column("P90", "money"),
             Column(_("Probability NPV above zero"), "percent")),
            rows,
        ))  # fmt: skip
    return Section(section_title("economic", country), tuple(blocks))


def _financial(case: BusinessCase, results: dict[str, Any]) -> Section:
    start_month = case.initiative.organisation.fiscal_year_start_month
    first = fiscal_year(timezone.datetime(case.first_year, start_month, 1).date(), start_month).year
    options = results["options"]
    rows = []
    budgets = {budget.fiscal_year: budget.amount for budget in case.budgets.all()}
    preferred = next(
        (o for o in options if case.preferred_option and o["name"] == case.preferred_option.name), None
    )
    for year in range(results["horizon_years"] + 1):
        costs = [number(option["yearly"]["costs"][year]) for option in options]
        budget = budgets.get(first + year)
        gap = None
        if budget is not None and preferred is not None:
            gap = budget - number(preferred["yearly"]["costs"][year])  # type: ignore[operator]
        rows.append((f"FY{first + year}", *costs, budget, gap))
    columns = (
        Column(_("Fiscal year")), *(Column(option["name"], "money") for option in options),
        Column(_("Budget available"), "money"), Column(_("Budget left after the preferred option"), "money"),
    )  # fmt: skip
    blocks: list[Any] = [
        Paragraph(_("Costs by fiscal year, in %(year)d prices, before discounting: what each option asks of the budget.") % {"year": case.price_base_year}),
        Table(_("Costs by fiscal year"), columns, tuple(rows)),
    ]  # fmt: skip
    if not budgets:
        blocks.append(Paragraph(_("No budget has been entered yet, so affordability is not shown.")))
    blocks += funding_blocks(case.initiative)
    return Section(section_title("financial", case.initiative.organisation.country), tuple(blocks))


def _assumptions(case: BusinessCase, results: dict[str, Any]) -> Section:
    rows = [
        (_("Discounting"), str(case.get_schedule_display()) + ("" if case.schedule != "flat" else " " + format_percent(case.discount_rate, 2)),
         case.discount_rate_source or "—"),
        (_("Price base year"), str(case.price_base_year), "—"),
        (_("Amounts entered in"), str(case.get_prices_display())
         + (_(", deflated at %(rate)s a year") % {"rate": format_percent(case.inflation, 2)} if case.prices == "nominal" else ""), "—"),
        (_("Optimism bias"), (_("%(type)s, %(share)s mitigated") % {"type": case.get_project_type_display(), "share": format_percent(case.optimism_mitigation, 0)}) if case.project_type else _("none"),
         _("HM Treasury Supplementary Green Book Guidance: Optimism Bias (2003)") if case.project_type else "—"),
    ]  # fmt: skip
    rows += [(a.name, a.value, a.source) for a in case.assumptions.all()]
    return Section(
        section_title("assumptions", case.initiative.organisation.country),
        (
            Table(
                _("Assumptions and their sources"),
                (Column(_("Assumption")), Column(_("Value")), Column(_("Source"))),
                tuple(rows),
            ),
        ),
    )


def build_report(case: BusinessCase, run: CalculationRun) -> Report:
    """Return the business case report for ``run`` (the run's results, the case's current narrative)."""
    results = run.results
    initiative = case.initiative
    country = initiative.organisation.country
    return Report(
        title=_("Business case: %(title)s") % {"title": initiative.title},
        subtitle=case.get_stage_display(),
        organisation=initiative.organisation.name,
        prepared_on=timezone.localdate(),
        sections=(
            _strategic(case),
            _economic(case, run, results),
            _financial(case, results),
            management_case(initiative),
            _assumptions(case, results),
        ),
        provenance=(
            provenance(run, country),
            _(
                "Methods: the Civic Adopt methods guide explains the business case appraisal, the uncertainty "
                "analysis, and the schedule and risk simulation."
            ),
        ),
        currency=initiative.organisation.currency,
        country=country,
    )
