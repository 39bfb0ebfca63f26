"""The Management case of the business case report (HM Treasury Five Case Model): how the initiative
will be delivered — the plan and its critical path, the Gantt chart, milestones, the most serious
risks, and the schedule and cost contingency with its confidence level.

Every figure comes from the stored plan and the latest stored simulation run, which the section names.
"""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from civicadopt.initiatives.models import Initiative
from civicadopt.reports.model import Column, Figure, Paragraph, Section, Table

from .models import Plan
from .schedule import PlanSchedule, plan_schedule

GANTT_ROWS = 60  # beyond this, the report's chart shows phases and the tasks one level inside them


def management_case(initiative: Initiative) -> Section:
    plan = Plan.objects.filter(initiative=initiative).first()
    if plan is None:
        return Section(_("Management case"), (Paragraph(_("No implementation plan has been made yet.")),))
    plan.initiative = initiative
    computed = plan_schedule(plan)
    blocks: list[Any] = [_summary(computed)]
    if computed.rows and not computed.error:
        blocks.append(_gantt(computed))
        blocks.append(_milestones(computed))
    blocks += _risks(initiative)
    blocks += _contingency(plan)
    return Section(_("Management case"), tuple(blocks))


def _summary(computed: PlanSchedule) -> Paragraph:
    if computed.error:
        return Paragraph(computed.error)
    if not computed.rows:
        return Paragraph(_("The plan has no tasks yet."))
    phases = [row.task.name for row in computed.rows if row.summary and row.task.outline_level == 1]
    text = _(
        "The plan runs from %(start)s to %(finish)s: %(days)s working days, %(tasks)d tasks and %(milestones)d "
        "milestones. The critical path (the tasks that set the finish date) runs through rows %(path)s."
    ) % {
        "start": f"{computed.start:%d %B %Y}",
        "finish": f"{computed.finish:%d %B %Y}",
        "days": f"{computed.duration:g}",
        "tasks": sum(1 for row in computed.rows if not row.summary and not row.task.milestone),
        "milestones": len(computed.milestones),
        "path": ", ".join(str(row) for row in computed.critical_rows),
    }
    if phases:
        text += " " + _("It is delivered in phases: %(phases)s.") % {"phases": "; ".join(phases)}
    return Paragraph(text)


def _gantt(computed: PlanSchedule) -> Figure:
    from .views.charts import gantt_chart

    shown = computed
    if len(computed.rows) > GANTT_ROWS:
        shown = PlanSchedule(
            computed.plan, computed.calendar, [r for r in computed.rows if r.task.outline_level <= 2]
        )
    chart = gantt_chart(shown, today=timezone.localdate())
    columns = tuple(
        Column(heading, "number" if heading in ("Working days of float", "% complete") else "text")
        for heading in chart.columns
    )
    rows = tuple(
        tuple(cell if not isinstance(cell, bool) else (_("yes") if cell else _("no")) for cell in row)
        for row in chart.rows
    )
    return Figure(
        title=chart.title,
        svg=chart.svg,
        alt=chart.alt,
        table=Table(chart.title, columns, rows),
        source=_("The plan's tasks and links, scheduled by the critical path method."),
    )


def _milestones(computed: PlanSchedule) -> Table:
    rows = tuple(
        (
            row.task.name,
            f"{row.finish:%Y-%m-%d}",
            f"{row.task.baseline_finish:%Y-%m-%d}" if row.task.baseline_finish else None,
            _("yes") if row.critical else _("no"),
            f"{row.task.actual_finish:%Y-%m-%d}" if row.task.actual_finish else _("not yet"),
        )
        for row in computed.milestones
    )
    columns = (
        Column(_("Milestone")), Column(_("Planned date")), Column(_("Baseline date")),
        Column(_("On the critical path")), Column(_("Reached")),
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


def _contingency(plan: Plan) -> list[Any]:
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
        (_("Plan"), results["planned_finish_date"], results["planned_finish"], results["planned_cost"]),
        ("P50", finish["p50_date"], finish["p50"], cost["p50"]),
        ("P80", finish["p80_date"], finish["p80"], cost["p80"]),
        ("P90", finish["p90_date"], finish["p90"], cost["p90"]),
    )
    columns = (
        Column(_("Outcome")),
        Column(_("Finish")),
        Column(_("Working days"), "number"),
        Column(_("Cost"), "money"),
    )
    return [
        Table(_("Simulated finish and cost"), columns, rows),
        Paragraph(
            _(
                "Recommended contingency at %(p)s%% confidence: %(days)s working days of schedule reserve and "
                "%(money)s of cost reserve (the P%(p)s outcome minus the plan). The chance of finishing by the "
                "planned date is %(on_plan)s%%. Simulation of %(when)s: %(n)s iterations, seed %(seed)s, "
                "method %(method)s; each task's duration is drawn from its three-point estimate and each open "
                "risk occurs with its probability (docs/methods/schedule-and-risk.md)."
            )
            % {
                "p": confidence,
                "days": f"{results['reserve_days']:,.1f}",
                "money": f"{results['reserve_cost']:,.0f}",
                "on_plan": f"{results['probability_on_plan'] * 100:.0f}",
                "when": f"{run.created_at:%Y-%m-%d %H:%M}",
                "n": f"{run.iterations:,}",
                "seed": run.seed,
                "method": run.method_version,
            }
        ),
    ]
