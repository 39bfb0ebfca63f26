from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from civicadopt.concurrency import VersionConflict

from .. import services
from ..forms import MatrixForm
from ..presentation import band_rows, rating_rows
from .base import RiskMixin, apply_errors


class MatrixView(RiskMixin, TemplateView):
    """The organisation's risk matrix (reached from any register; managers and admins change it)."""

    template_name = "risks/matrix.html"

    def page(self, form: MatrixForm) -> HttpResponse:
        context = self.context(form=form)
        matrix = context["matrix"].to_core()
        context.update(bands=band_rows(matrix), ratings=rating_rows(matrix))
        return render(self.request, self.template_name, context)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_initiative()
        if not self.may_edit_matrix():
            raise PermissionDenied
        matrix = self.context()["matrix"]
        form = MatrixForm(initial={
            "size": matrix.size, "probability_limits": matrix.probability_limits, "cost_limits": matrix.cost_limits,
            "schedule_limits": matrix.schedule_limits, "rating_limits": matrix.rating_limits,
            "version": matrix.version,
        })  # fmt: skip
        return self.page(form)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        initiative = self.load_initiative()
        if not self.may_edit_matrix():
            raise PermissionDenied
        form = MatrixForm(request.POST)
        if form.is_valid():
            try:
                services.matrix_update(
                    user=request.user,  # type: ignore[arg-type]
                    organisation=self.organisation,
                    expected_version=form.cleaned_data["version"] or 0,
                    data=form.matrix_data(),
                )
            except VersionConflict:
                form.add_error(
                    None, _("Someone else changed the matrix meanwhile. Reload the page to see it.")
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request, _("Matrix saved. Every risk of the organisation has been scored again.")
                )
                return redirect("risks:register", org=self.organisation.slug, pk=initiative.pk)
        return self.page(form)
