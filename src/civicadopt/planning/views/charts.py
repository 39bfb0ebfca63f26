"""The Gantt chart and the milestones (as a page and as an iCalendar file)."""

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from civicadopt import ical
from civicadopt.charts.gantt import gantt
from civicadopt.charts.gantt_model import GanttRow

from ..schedule import PlanSchedule, plan_schedule
from .base import PlanMixin


def gantt_chart(computed: PlanSchedule, *, today: dt.date | None) -> Any:
    rows = [
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
        for row in computed.rows
    ]
    title = _("Plan for %(initiative)s") % {"initiative": computed.plan.initiative.title}
    return gantt(rows, title=title, today=today)


class GanttView(PlanMixin, TemplateView):
    template_name = "planning/gantt.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.load_plan()
        computed = plan_schedule(plan)
        chart = (
            gantt_chart(computed, today=timezone.localdate())
            if computed.rows and not computed.error
            else None
        )
        return render(request, self.template_name, self.context(schedule=computed, chart=chart))


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
