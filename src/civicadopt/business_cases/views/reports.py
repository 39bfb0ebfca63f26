"""Downloads of the council report (HTML, PDF, DOCX, XLSX), built from the latest stored calculation run."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from ..report import build_report
from ..selectors import latest_run
from .base import CaseMixin

FORMATS = ("html", "pdf", "docx", "xlsx")


class ReportView(CaseMixin, TemplateView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if kwargs["fmt"] not in FORMATS:
            raise Http404
        case = self.load_case()
        run = latest_run(case=case)
        if run is None:
            messages.info(request, _("Calculate the business case before downloading its report."))
            return redirect("business_cases:overview", org=self.organisation.slug, pk=case.initiative_id)
        from civicadopt.reports.registry import render  # heavy renderers load only when a report is asked for

        rendered = render(build_report(case, run), kwargs["fmt"])
        response = HttpResponse(rendered.content, content_type=rendered.content_type)
        response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
        return response
