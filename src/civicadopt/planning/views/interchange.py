"""The plan in and out of other tools: Microsoft Project XML, CSV and Excel.

An import replaces every task of the plan, all or nothing (``imports.plan_replace``): the page says so and
asks for a tick before it does, and when anything is wrong it lists every problem and changes nothing.
An export is the same plan in any of the three formats, which the import reads back unchanged.
"""

from collections.abc import Collection
from pathlib import PurePosixPath
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView

from civicadopt import uploads

from .. import tables
from ..imports import MAX_TASKS, TaskRecord, document_from_plan, plan_replace, records_from_document
from ..interchange import InterchangeError, read_mspdi, write_mspdi
from ..schedule import plan_schedule
from .base import PlanMixin

CONTENT_TYPES = {
    "xml": "application/xml",
    "csv": "text/csv; charset=utf-8",
    "xlsx": tables.XLSX_CONTENT_TYPE,
}
# Microsoft Project XML is verbose (a couple of kilobytes a task): it is allowed more than a table.
MAX_XML_BYTES = 20 * 1024 * 1024
# What a file's name says it holds; a name that says nothing is judged by the first bytes.
EXTENSIONS = {"xml": "xml", "csv": "csv", "txt": "csv", "xlsx": "xlsx", "xlsm": "xlsx", "xls": "xlsx"}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Plan file"),
        help_text=gettext_lazy("Microsoft Project XML (.xml), CSV (.csv) or Excel workbook (.xlsx)."),
        widget=forms.FileInput(attrs={"accept": ".xml,.csv,.xlsx,.txt"}),
    )
    confirm = forms.BooleanField(
        error_messages={
            "required": gettext_lazy("Tick the box to confirm that the current tasks are replaced.")
        }
    )

    def __init__(self, *args: Any, count: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.count = count
        if count:
            self.fields["confirm"].label = ngettext(
                "Replace the current %(n)d task", "Replace the current %(n)d tasks", count
            ) % {"n": count}
        else:
            del self.fields["confirm"]  # nothing to lose

    def clean(self) -> dict[str, Any]:
        # The page says how many tasks the tick replaces ("shown"); if others changed the plan since,
        # the tick no longer means what it said.
        cleaned: dict[str, Any] = super().clean()
        shown = str(self.data.get("shown", ""))
        if self.count and shown.isdigit() and int(shown) != self.count:
            self.add_error(
                "confirm" if "confirm" in self.fields else None,
                ngettext(
                    "The plan has changed since this page was opened: it now has %(n)d task. Tick again to replace it.",
                    "The plan has changed since this page was opened: it now has %(n)d tasks. Tick again to replace them.",
                    self.count,
                )
                % {"n": self.count},
            )
        return cleaned


class Refused(Exception):
    """A file that cannot be imported; ``problems`` says why, each naming its row or element and field."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def file_kind(name: str, content: bytes) -> str:
    """Return "xml", "csv" or "xlsx" for an upload, from its extension or else from its first bytes."""
    extension = PurePosixPath(name.lower()).suffix.lstrip(".")
    if extension == "mpp":
        raise Refused([_("Microsoft Project's own .mpp files cannot be read: in Project choose File > Save As, "
                         "save as “XML Format (*.xml)” and import that file.")])  # fmt: skip
    if extension in EXTENSIONS:
        return EXTENSIONS[extension]
    head = content[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if content.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return "xlsx"
    if head.startswith(b"<") or content.startswith((b"\xff\xfe<\x00", b"\xfe\xff\x00<")):
        return "xml"
    if extension:
        raise Refused([_("Choose a .xml, .csv or .xlsx file.")])
    return "csv"


def read_plan_file(name: str, upload: UploadedFile, phases: Collection[str]) -> list[TaskRecord]:
    """Return the tasks in an uploaded plan file; raise Refused listing every problem."""
    limit = MAX_XML_BYTES if PurePosixPath(name.lower()).suffix == ".xml" else tables.MAX_BYTES
    if (upload.size or 0) > limit:
        raise Refused([_("The file is larger than %(n)d MB.") % {"n": limit // (1024 * 1024)}])
    content = upload.read(limit + 1)
    kind = file_kind(name, content)
    # A text kind by its name but a PDF, a Word document... by its bytes (workbooks are checked in tables).
    wrong = uploads.wrong_file_type(content, _("a Microsoft Project XML (.xml), CSV or Excel (.xlsx) file"))
    if wrong and kind in ("csv", "xml"):
        raise Refused([wrong])
    try:
        if kind == "xml":
            if content.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
                raise Refused([_("The file is named .xml but holds a workbook or another binary file: in "
                                 "Microsoft Project choose File > Save As > XML Format (*.xml).")])  # fmt: skip
            return records_from_document(read_mspdi(content, max_bytes=MAX_XML_BYTES, max_tasks=MAX_TASKS))
        if kind == "xlsx":
            return tables.records_from_xlsx(content, phases=phases)
        return tables.records_from_csv(content, phases=phases)
    except InterchangeError as error:
        raise Refused([str(problem) for problem in error.problems]) from error
    except tables.TaskTableError as error:
        raise Refused([str(problem) for problem in error.errors]) from error


class ImportView(PlanMixin, TemplateView):
    """Replace the plan's tasks by those of a file; also the page that offers the exports."""

    template_name = "planning/import.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.load_plan()
        self.require_edit()
        return self.page(ImportForm(count=plan.tasks.count()), [])

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.load_plan()
        self.require_edit()
        form = ImportForm(request.POST, request.FILES, count=plan.tasks.count())
        if not form.is_valid():
            return self.page(form, [], status=400)
        upload = form.cleaned_data["file"]
        name = PurePosixPath((upload.name or "").replace("\\", "/")).name[:200]
        phases = list(plan.initiative.phases.values_list("name", flat=True))
        try:
            records = read_plan_file(name, upload, phases)
            count = plan_replace(user=request.user, plan=plan, records=records, source=name)  # type: ignore[arg-type]
        except Refused as error:
            problems = error.problems
        except ValidationError as error:
            problems = list(error.messages)
        else:
            messages.success(
                request,
                ngettext("Imported %(n)d task from %(file)s.", "Imported %(n)d tasks from %(file)s.", count)
                % {"n": count, "file": name},
            )
            return redirect("planning:plan", org=self.organisation.slug, pk=plan.initiative_id)
        form.add_error("file", uploads.refused_file_errors(problems))
        return self.page(form, problems, status=400)

    def page(self, form: ImportForm, problems: list[str], status: int = 200) -> HttpResponse:
        return render(
            self.request,
            self.template_name,
            self.context(
                form=form,
                problems=problems,
                task_count=self.plan.tasks.count(),
                columns=tables.COLUMNS,
                max_tasks=MAX_TASKS,
                formats=list(CONTENT_TYPES),
            ),
            status=status,
        )


class ExportView(PlanMixin, TemplateView):
    """Download the plan as Microsoft Project XML, CSV or an Excel workbook (``fmt``)."""

    http_method_names = ["get", "head", "options"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.load_plan()
        fmt = kwargs["fmt"]
        if fmt not in CONTENT_TYPES:
            raise Http404
        computed = plan_schedule(plan)
        if fmt == "csv":
            content = tables.csv_from_plan(plan, computed)
        elif fmt == "xlsx":
            content = tables.xlsx_from_plan(plan, computed)
        else:
            try:
                content = write_mspdi(document_from_plan(plan, computed))
            except InterchangeError as error:
                messages.error(
                    request,
                    _("The plan cannot be written as Microsoft Project XML: %(problems)s")
                    % {"problems": "; ".join(str(problem) for problem in error.problems[:10])},
                )
                return redirect("planning:plan", org=self.organisation.slug, pk=plan.initiative_id)
        response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
        name = slugify(plan.initiative.title)[:60] or "plan"
        response["Content-Disposition"] = f'attachment; filename="{name}-plan.{fmt}"'
        return response
