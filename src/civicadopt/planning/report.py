"""The Management case of the business case report (HM Treasury Five Case Model): how the initiative
will be delivered — the plan and its critical path, the Gantt chart, milestones, the most serious
risks, and the schedule and cost contingency with its confidence level.

Every figure comes from the stored plan and the latest stored simulation run, which the section names.
"""

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from civicadopt.initiatives.models import Initiative
from civicadopt.reports.formatting import format_date, format_money, format_number
from civicadopt.reports.model import Column, ColumnKind, Figure, Paragraph, Section, Table
from civicadopt.reports.titles import method_words, section_title, trials_words

from .models import Plan
from .schedule import PlanSchedule, plan_schedule

GANTT_ROWS = 60  # beyond this, the report's chart shows phases and the tasks one level inside them
# How the Gantt chart's data columns read in the report (the chart gives dates as ISO text).
GANTT_KINDS: dict[str, ColumnKind] = {
    "Start": "date", "Finish": "date", "Baseline finish": "date", "Working days of float": "days", "% complete": "number",
}  # fmt: skip


def management_case(initiative: Initiative) -> Section:
    country = initiative.organisation.country
    title = section_title("management", country)
    plan = Plan.objects.filter(initiative=initiative).first()
    if plan is None:
        return Section(title, (Paragraph(_("No implementation plan has been made yet.")),))
    plan.initiative = initiative
    computed = plan_schedule(plan)
    blocks: list[Any] = [_summary(computed, country)]
    if computed.rows and not computed.error:
        blocks.append(_gantt(computed))
        blocks.append(_milestones(computed))
    blocks += _risks(initiative)
    blocks += _contingency(plan, country)
    return Section(title, tuple(blocks))


def _days(days: float) -> str:
    return ngettext("%(n)s working day", "%(n)s working days", 1 if days == 1 else 2) % {"n": f"{days:,g}"}


def _summary(computed: PlanSchedule, country: str) -> Paragraph:
    if computed.error:
        return Paragraph(computed.error)
    if not computed.rows:
        return Paragraph(_("The plan has no tasks yet."))
    phases = [row.task.name for row in computed.rows if row.summary and row.task.outline_level == 1]
    tasks = sum(1 for row in computed.rows if not row.summary and not row.task.milestone)
    milestones = len(computed.milestones)
    text = _("The plan runs from %(start)s to %(finish)s: %(days)s, %(tasks)s and %(milestones)s.") % {
        "start": format_date(computed.start, country),
        "finish": format_date(computed.finish, country),
        "days": _days(computed.duration),
        "tasks": ngettext("%(n)d task", "%(n)d tasks", tasks) % {"n": tasks},
        "milestones": ngettext("%(n)d milestone", "%(n)d milestones", milestones) % {"n": milestones},
    }
    # By name, never by row number: a council reader has no row numbers in front of them.
    names = {row.task.row: row.task.name for row in computed.rows}
    critical = [names[row] for row in computed.critical_rows if row in names]
    if critical:
        text += " " + ngettext(
            "The critical path (the tasks that set the finish date) is %(path)s.",
            "The critical path (the tasks that set the finish date) runs through %(path)s.",
            len(critical),
        ) % {"path": " → ".join(critical)}
    if phases:
        text += " " + ngettext(
            "It is delivered in %(n)d phase: %(phases)s.",
            "It is delivered in %(n)d phases: %(phases)s.",
            len(phases),
        ) % {"n": len(phases), "phases": "; ".join(phases)}
    return Paragraph(text)


def _gantt(computed: PlanSchedule) -> Figure:
    from .views.charts import gantt_chart

    shown = computed
    if len(computed.rows) > GANTT_ROWS:
        shown = PlanSchedule(
            computed.plan, computed.calendar, [r for r in computed.rows if r.task.outline_level <= 2]
        )
    chart = gantt_chart(shown, today=timezone.localdate())
    kinds = [GANTT_KINDS.get(heading, "text") for heading in chart.columns]
    columns = tuple(Column(heading, kind) for heading, kind in zip(chart.columns, kinds, strict=True))
    rows = tuple(
        tuple(_cell(cell, kind) for cell, kind in zip(row, kinds, strict=True)) for row in chart.rows
    )
    return Figure(
        title=chart.title,
        svg=chart.svg,
        alt=chart.alt,
        table=Table(chart.title, columns, rows),
        source=_("The plan's tasks and links, scheduled by the critical path method."),
    )


def _cell(cell: Any, kind: ColumnKind) -> Any:
    if isinstance(cell, bool):
        return _("yes") if cell else _("no")
    if kind == "date" and isinstance(cell, str):
        return date.fromisoformat(cell)
    return cell


def _milestones(computed: PlanSchedule) -> Table:
    rows = tuple(
        (
            row.task.name,
            row.finish,
            row.task.baseline_finish,
            _("yes") if row.critical else _("no"),
            row.task.actual_finish or _("not yet"),
        )
        for row in computed.milestones
    )
    columns = (
        Column(_("Milestone")), Column(_("Planned date"), "date"), Column(_("Baseline date"), "date"),
        Column(_("On the critical path")), Column(_("Reached"), "date"),
    )  # fmt: skip
    return Table(_("Milestones"), columns, rows)


def _risks(initiative: Initiative) -> list[Any]:
    from civicadopt.risks.selectors import top_risks

    risks = top_risks(initiative, 5)
    if not risks:
        return [Paragraph(_("No open risks are recorded."))]
    rows = tuple(
        (risk.key, risk.title, risk.get_inherent_rating_display(), risk.get_residual_rating_display(),
         risk.get_response_display(), risk.owner_display, risk.emv)
        for risk in risks
    )  # fmt: skip
    columns = (
        Column(_("Risk")), Column(_("Title")), Column(_("Rating before response")), Column(_("Rating after response")),
        Column(_("Response")), Column(_("Owner")), Column(_("Expected cost (probability times cost)"), "money"),
    )  # fmt: skip
    return [Table(_("The most serious open risks"), columns, rows)]


def _day(value: Any) -> Any:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _contingency(plan: Plan, country: str) -> list[Any]:
    run = plan.runs.first()
    if run is None:
        return [
            Paragraph(
                _("The schedule and cost risk has not been simulated yet, so no contingency is recommended.")
            )
        ]
    results = run.results
    finish, cost = results["finish"], results["cost"]
    confidence = run.inputs["confidence"]
    rows = (
        (_("Plan"), _day(results["planned_finish_date"]), results["planned_finish"], results["planned_cost"]),
        ("P50", _day(finish["p50_date"]), finish["p50"], cost["p50"]),
        ("P80", _day(finish["p80_date"]), finish["p80"], cost["p80"]),
        ("P90", _day(finish["p90_date"]), finish["p90"], cost["p90"]),
    )
    columns = (
        Column(_("Outcome")),
        Column(_("Finish"), "date"),
        Column(_("Working days"), "days"),
        Column(_("Cost"), "money"),
    )
    return [
        Table(_("Simulated finish and cost"), columns, rows),
        Paragraph(
            _(
                "Recommended contingency at %(p)s%% confidence: %(days)s of schedule reserve and %(money)s of "
                "cost reserve (the P%(p)s outcome minus the plan). The chance of finishing by the planned date "
                "is %(on_plan)s%%. Simulation of %(when)s (%(method)s): %(trials)s; each task's duration is "
                "drawn from its three-point estimate and each open risk occurs with its probability."
            )
            % {
                "p": confidence,
                "days": _days(round(float(results["reserve_days"]), 1)),
                "money": format_money(results["reserve_cost"], plan.initiative.organisation.currency),
                "on_plan": format_number(results["probability_on_plan"] * 100),
                "when": format_date(timezone.localtime(run.created_at).date(), country),
                "method": method_words(run.method_version),
                "trials": trials_words(run.iterations, run.seed),
            }
        ),
    ]
