"""The Gantt chart (zoomed by week, month or quarter, beside the task table) and the milestones (as a page
and as an iCalendar file)."""

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from civicadopt import ical
from civicadopt.charts.gantt import PAGE_HEADER, ROW, ZOOMS, gantt
from civicadopt.charts.gantt_model import GanttLink, GanttRow
from civicadopt_core.schedule import parse_predecessors

from ..schedule import PlanSchedule, Row, plan_schedule
from .base import PlanMixin
from .pages import row_page

ZOOM_NAMES = {
    "week": gettext_lazy("Weeks"),
    "month": gettext_lazy("Months"),
    "quarter": gettext_lazy("Quarters"),
}


def gantt_links(rows: list[Row]) -> list[GanttLink]:
    """One link per predecessor of each row, between rows of ``rows``; critical when both ends are
    critical tasks (not phases)."""
    by_row = {str(row.task.row): row for row in rows}
    links = []
    for row in rows:
        for item in parse_predecessors(row.predecessors):
            before = by_row.get(item.id)
            if before is None:
                continue
            critical = before.critical and row.critical and not before.summary and not row.summary
            links.append(GanttLink(item.id, str(row.task.row), item.type.value, critical))  # type: ignore[arg-type]
    return links


def gantt_chart(
    computed: PlanSchedule,
    *,
    today: dt.date | None,
    zoom: str | None = None,
    names: bool = True,
    rows: list[Row] | None = None,
) -> Any:
    """The plan's Gantt chart with its dependency arrows: of every row, or of ``rows`` only (on the
    whole plan's time scale, so every page of a long plan has the same)."""
    shown = computed.rows if rows is None else rows
    span = None if rows is None or computed.finish is None else (computed.start, computed.finish)
    gantt_rows = [
        GanttRow(
            key=str(row.task.row),
            label=row.task.name,
            level=row.task.outline_level - 1,
            start=row.start,
            finish=row.finish,
            kind=row.kind,  # type: ignore[arg-type]
            critical=row.critical,
            baseline_start=row.task.baseline_start,
            baseline_finish=row.task.baseline_finish,
            percent_complete=float(row.task.percent_complete),
            total_float=row.total_float,
        )
        for row in shown
    ]
    title = _("Plan for %(initiative)s") % {"initiative": computed.plan.initiative.title}
    return gantt(
        gantt_rows, title=title, today=today, links=gantt_links(shown), zoom=zoom, names=names, span=span
    )


def default_zoom(computed: PlanSchedule) -> str:
    """Weeks for a plan of up to four months, months up to two years, quarters beyond."""
    if not computed.rows or computed.finish is None:
        return "month"
    days = (computed.finish - computed.start).days
    return "week" if days <= 120 else "month" if days <= 730 else "quarter"


class GanttView(PlanMixin, TemplateView):
    template_name = "planning/gantt.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.load_plan()
        computed = plan_schedule(plan)
        zoom = request.GET.get("zoom", "")
        if zoom not in ZOOMS:
            zoom = default_zoom(computed)
        page = row_page(computed.rows, request.GET.get("page"))
        chart = None
        if computed.rows and not computed.error:
            chart = gantt_chart(computed, today=timezone.localdate(), zoom=zoom, names=False, rows=page.rows)
        zooms = [(name, label, name == zoom) for name, label in ZOOM_NAMES.items()]
        context = self.context(
            schedule=computed, chart=chart, zoom=zoom, zooms=zooms, page=page, query=f"zoom={zoom}"
        )
        context.update(header_height=PAGE_HEADER, row_height=ROW)
        return render(request, self.template_name, context)


class MilestonesView(PlanMixin, TemplateView):
    template_name = "planning/milestones.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.load_plan()
        computed = plan_schedule(plan)
        return render(request, self.template_name, self.context(schedule=computed))


class MilestonesCalendarView(PlanMixin, TemplateView):
    """The milestones as an iCalendar file, to add to Outlook or Google Calendar."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.load_plan()
        computed = plan_schedule(plan)
        page = request.build_absolute_uri(request.path.rsplit("/", 1)[0] + "/milestones/")
        host = request.get_host().split(":")[0] or "civicadopt"
        events = [
            ical.Event(
                uid=f"milestone-{row.task.pk}@{host}",
                summary=f"{plan.initiative.title}: {row.task.name}",
                day=row.finish,
                description=_("Milestone %(row)s of the plan. %(critical)s")
                % {"row": row.task.row, "critical": _("On the critical path.") if row.critical else ""},
                url=page,
            )
            for row in computed.milestones
        ]
        body = ical.calendar(
            events, name=_("Milestones: %(title)s") % {"title": plan.initiative.title}, stamp=timezone.now()
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        name = slugify(plan.initiative.title)[:60] or "plan"
        response["Content-Disposition"] = f'attachment; filename="{name}-milestones.ics"'
        return response
