"""The catalogue out to CSV or Excel, and the organisation's own programmes back in (all or nothing)."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from civicadopt import uploads

from ..exports import COLUMNS, MAX_EXPORT, to_csv, to_xlsx
from ..forms import ImportForm, ProgrammeFilterForm
from ..imports import ProgrammeTableError, programmes_import
from ..selectors import ProgrammeFilters, programme_list
from .base import FundingMixin
from .catalogue import filters_from

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ExportView(FundingMixin, TemplateView):
    """Download the catalogue as filtered on its page (``?fmt=csv`` or ``?fmt=xlsx`` with the same
    filters), at most ``MAX_EXPORT`` programmes; or, with ``scope=own``, all the organisation's own."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        fmt = request.GET.get("fmt", "csv")
        if fmt not in CONTENT_TYPES:
            raise Http404
        if request.GET.get("scope") == "own":
            filters = ProgrammeFilters(owner="own", order="name")
        else:
            filters, _filtered = filters_from(ProgrammeFilterForm(request.GET))
        context = self.context()
        programmes = programme_list(
            user=request.user,  # type: ignore[arg-type]
            organisation=self.organisation,
            today=context["today"],
            filters=filters,
        )
        # The export has the purposes and notes that the list leaves out; still not the long descriptions.
        programmes = programmes.defer(None).defer("description", "eligibility_notes")[:MAX_EXPORT]
        if fmt == "csv":
            content = to_csv(programmes.iterator(chunk_size=1000))
        else:
            content = to_xlsx(
                programmes.iterator(chunk_size=1000),
                title=_("Funding programmes: %(name)s") % {"name": self.organisation.name},
            )
        response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
        name = slugify(self.organisation.slug)[:60] or "organisation"
        response["Content-Disposition"] = f'attachment; filename="programmes-{name}.{fmt}"'
        return response


class ImportView(FundingMixin, TemplateView):
    template_name = "funding/import.html"

    def page(self, form: ImportForm, problems: list[str]) -> HttpResponse:
        return render(
            self.request, self.template_name, self.context(form=form, problems=problems, columns=COLUMNS)
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require_catalogue_edit()
        return self.page(ImportForm(), [])

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require_catalogue_edit()
        form = ImportForm(request.POST, request.FILES)
        problems: list[str] = []
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = programmes_import(
                    user=request.user,  # type: ignore[arg-type]
                    organisation=self.organisation,
                    content=upload.read(),
                    filename=upload.name,
                )
            except ProgrammeTableError as error:
                problems = [str(problem) for problem in error.errors]
                form.add_error("file", uploads.refused_file_errors(error.errors))
            else:
                messages.success(request, _("%(created)d programmes added and %(updated)d updated.") % {
                    "created": result.created, "updated": result.updated,
                })  # fmt: skip
                return redirect("funding:catalogue", org=self.organisation.slug)
        return self.page(form, problems)
