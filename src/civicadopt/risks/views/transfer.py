"""The register out to CSV or Excel, and back in (all or nothing, with every problem listed)."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from civicadopt import uploads

from ..exports import COLUMNS, to_csv, to_xlsx
from ..forms import ImportForm
from ..imports import RiskTableError, risks_import
from ..selectors import risk_list
from .base import RiskMixin

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ExportView(RiskMixin, TemplateView):
    """Download the register (``?fmt=csv`` or ``?fmt=xlsx``), from the form under the register."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        initiative = self.load_initiative()
        fmt = request.GET.get("fmt", "csv")
        if fmt not in CONTENT_TYPES:
            raise Http404
        risks = risk_list(
            user=request.user, initiative=initiative, today=timezone.localdate()
        ).prefetch_related("tasks")  # type: ignore[arg-type]
        if fmt == "csv":
            content = to_csv(risks)
        else:
            content = to_xlsx(risks, title=_("Risk register: %(title)s") % {"title": initiative.title})
        response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
        name = slugify(initiative.title)[:60] or "initiative"
        response["Content-Disposition"] = f'attachment; filename="risks-{name}.{fmt}"'
        return response


class ImportView(RiskMixin, TemplateView):
    template_name = "risks/import.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_initiative()
        self.require_edit()
        return render(
            request, self.template_name, self.context(form=ImportForm(), problems=[], columns=COLUMNS)
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        initiative = self.load_initiative()
        self.require_edit()
        form = ImportForm(request.POST, request.FILES)
        problems: list[str] = []
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = risks_import(
                    user=request.user, initiative=initiative, content=upload.read(), filename=upload.name,  # type: ignore[arg-type]
                )  # fmt: skip
            except RiskTableError as error:
                problems = [str(problem) for problem in error.errors]
                form.add_error("file", uploads.refused_file_errors(error.errors))
            else:
                messages.success(request, _("%(created)d risks added and %(updated)d updated.") % {
                    "created": result.created, "updated": result.updated,
                })  # fmt: skip
                return redirect("risks:register", org=self.organisation.slug, pk=initiative.pk)
        return render(
            request, self.template_name, self.context(form=form, problems=problems, columns=COLUMNS)
        )
