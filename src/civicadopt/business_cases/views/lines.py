"""Options, their cost and benefit lines (edited in place with htmx), copying lines, and imports."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from civicadopt import uploads
from civicadopt.forms import apply_errors, flash_warnings

from .. import services
from ..forms import ImportForm, LineForm, LinesCopyForm, OptionForm
from ..imports import LinesTableError, lines_import
from ..models import Line, Option
from ..selectors import duplicate_lines
from .base import CaseMixin


class OptionFormView(CaseMixin, TemplateView):
    """Add an option, or edit one when the URL names it."""

    template_name = "business_cases/option_form.html"

    def _option(self) -> Option | None:
        return self.load_option(self.kwargs["option_pk"]) if "option_pk" in self.kwargs else None

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        case = self.load_case()
        self.require_edit()
        option = self._option()
        form = OptionForm(instance=Option.objects.get(pk=option.pk) if option else None, case=case)
        return render(request, self.template_name, self.context(form=form, option=option))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        case = self.load_case()
        self.require_edit()
        option = self._option()
        form = OptionForm(
            request.POST, instance=Option.objects.get(pk=option.pk) if option else None, case=case
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                if option is None:
                    option = services.option_create(user=request.user, case=case, data=data)  # type: ignore[arg-type]
                else:
                    services.option_update(user=request.user, option=option, data=data)  # type: ignore[arg-type]
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Option saved."))
                return redirect(
                    "business_cases:lines",
                    org=self.organisation.slug,
                    pk=case.initiative_id,
                    option_pk=option.pk,
                )
        return render(request, self.template_name, self.context(form=form, option=option))


class OptionDeleteView(CaseMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        case = self.load_case()
        self.require_edit()
        option = self.load_option(kwargs["option_pk"])
        try:
            services.option_delete(user=request.user, option=option)  # type: ignore[arg-type]
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Option “%(name)s” removed.") % {"name": option.name})
        return redirect("business_cases:overview", org=self.organisation.slug, pk=case.initiative_id)


class LinesView(CaseMixin, TemplateView):
    """The line editor of one option: the table of lines and a form to add one (htmx swaps the table)."""

    template_name = "business_cases/lines.html"

    def page(self, option: Option, form: LineForm | None = None, status: int = 200) -> HttpResponse:
        template = "business_cases/_lines_table.html" if self.request.htmx else self.template_name  # type: ignore[attr-defined]
        lines = option.lines.all()
        copy_form = LinesCopyForm(option=option) if self.may_edit() else None
        return render(self.request, template, self.context(
            option=option, lines=lines, form=form or LineForm(option=option), copy_form=copy_form,
            other_options=self.case.options.exclude(pk=option.pk), duplicates=duplicate_lines(option=option),
        ), status=status)  # fmt: skip

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_case()
        return self.page(self.load_option(kwargs["option_pk"]))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Add a line."""
        self.load_case()
        self.require_edit()
        option = self.load_option(kwargs["option_pk"])
        form = LineForm(request.POST, option=option)
        if form.is_valid():
            try:
                services.line_create(user=request.user, option=option, data=form.cleaned_data)  # type: ignore[arg-type]
            except ValidationError as error:
                apply_errors(form, error)
            else:
                if not request.htmx:  # type: ignore[attr-defined]
                    messages.success(request, _("Line added."))
                    flash_warnings(request, form)
                    return redirect(request.path)
                return self.page(option)
        return self.page(option, form)


class LineView(CaseMixin, TemplateView):
    """Edit one line (GET: its form; POST: save) or remove it (POST with 'delete')."""

    template_name = "business_cases/line_form.html"

    def _line(self, option: Option) -> Line:
        line = option.lines.filter(pk=self.kwargs["line_pk"]).first()
        if line is None:
            raise Http404
        line.option = option
        return line

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_case()
        self.require_edit()
        option = self.load_option(kwargs["option_pk"])
        line = self._line(option)
        form = LineForm(instance=Line.objects.get(pk=line.pk), option=option)
        return render(request, self.template_name, self.context(option=option, line=line, form=form))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        case = self.load_case()
        self.require_edit()
        option = self.load_option(kwargs["option_pk"])
        line = self._line(option)
        back = redirect(
            "business_cases:lines", org=self.organisation.slug, pk=case.initiative_id, option_pk=option.pk
        )
        if "delete" in request.POST:
            services.line_delete(user=request.user, line=line)  # type: ignore[arg-type]
            messages.success(request, _("Line removed."))
            return back
        form = LineForm(request.POST, instance=Line.objects.get(pk=line.pk), option=option)
        if form.is_valid():
            try:
                services.line_update(user=request.user, line=line, data=form.cleaned_data)  # type: ignore[arg-type]
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Line saved."))
                flash_warnings(request, form)
                return back
        return render(request, self.template_name, self.context(option=option, line=line, form=form))


class LinesCopyView(CaseMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        case = self.load_case()
        self.require_edit()
        option = self.load_option(kwargs["option_pk"])
        form = LinesCopyForm(request.POST, option=option)
        if form.is_valid():
            target = form.cleaned_data["to_option"]
            copied = services.lines_copy(
                user=request.user, lines=list(form.cleaned_data["lines"]), to_option=target
            )  # type: ignore[arg-type]
            messages.success(
                request, _("%(n)d lines copied to %(option)s.") % {"n": len(copied), "option": target.name}
            )
        else:
            messages.error(request, _("Choose the lines to copy and another option to copy them to."))
        return redirect(
            "business_cases:lines", org=self.organisation.slug, pk=case.initiative_id, option_pk=option.pk
        )


class ImportView(CaseMixin, TemplateView):
    template_name = "business_cases/import.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_case()
        self.require_edit()
        return render(request, self.template_name, self.context(form=ImportForm(), problems=[]))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        case = self.load_case()
        self.require_edit()
        form = ImportForm(request.POST, request.FILES)
        problems: list[str] = []
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                count = lines_import(
                    user=request.user, case=case, content=upload.read(), filename=upload.name,  # type: ignore[arg-type]
                    replace=form.cleaned_data["replace"],
                )  # fmt: skip
            except LinesTableError as error:
                problems = [str(problem) for problem in error.errors]
                form.add_error("file", uploads.refused_file_errors(error.errors))
            else:
                messages.success(request, _("%(n)d lines imported.") % {"n": count})
                return redirect("business_cases:overview", org=self.organisation.slug, pk=case.initiative_id)
        return render(request, self.template_name, self.context(form=form, problems=problems))
