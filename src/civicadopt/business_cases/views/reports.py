"""Downloads of the council report (HTML, PDF, DOCX, XLSX), built from the latest stored calculation run."""

import base64
import hashlib
import re
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
        if kwargs["fmt"] == "html":
            # "Web page (HTML)" opens in the browser. The document embeds its stylesheet (it must also work
            # saved to disk), so this response's policy allows exactly that stylesheet by its hash.
            response["Content-Disposition"] = f'inline; filename="{rendered.filename}"'
            response._csp_update = {"style-src": style_hashes(rendered.content)}  # type: ignore[attr-defined]
        else:
            response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
        return response


def style_hashes(document: bytes) -> list[str]:
    """Return the CSP sources (``'sha256-…'``) of the ``<style>`` elements in an HTML document."""
    return [
        "'sha256-{}'".format(base64.b64encode(hashlib.sha256(css).digest()).decode("ascii"))
        for css in re.findall(rb"<style>(.*?)</style>", document, flags=re.DOTALL)
    ]
