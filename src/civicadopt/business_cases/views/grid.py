"""An option's costs and benefits as a grid of lines by year, saved in one go (``grid.lines_grid_save``)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from civicadopt.amount_grid import Grid, add_errors, read_fill, read_grid

from ..grid import MAX_SHOWN_YEARS, clean_line_key, last_shown_year, lines_grid, lines_grid_save
from ..models import Option
from .base import CaseMixin

MORE_YEARS = 5


def _through(value: Any) -> int | None:
    try:
        return max(0, min(int(value), MAX_SHOWN_YEARS))
    except (TypeError, ValueError):
        return None


class LineGridView(CaseMixin, TemplateView):
    """GET: the grid of an option's lines; POST: save it all, fill a recurring amount, or show more years."""

    template_name = "business_cases/line_grid.html"

    def page(self, option: Option, grid: Grid, status: int = 200) -> HttpResponse:
        grid.add_blank_rows()
        context = self.context(
            option=option,
            grid=grid,
            grid_rows=grid.view_rows(),
            grid_totals=grid.total_values(),
            grid_caption=_("Costs and benefits of %(option)s by year of the appraisal")
            % {"option": option.name},
            through=grid.columns[-1].value if grid.columns else 0,
            more_years=MORE_YEARS,
            can_show_more=bool(grid.columns) and grid.columns[-1].value < last_shown_year(self.case),
        )
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_case()
        self.require_edit()
        option = self.load_option(kwargs["option_pk"])
        return self.page(option, lines_grid(option, through_year=_through(request.GET.get("through"))))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        case = self.load_case()
        self.require_edit()
        option = self.load_option(kwargs["option_pk"])
        action = request.POST.get("action", "save")
        through = _through(request.POST.get("through"))
        if action == "more" and through is not None:
            through += MORE_YEARS
        grid = read_grid(
            request.POST, grid=lines_grid(option, through_year=through), clean_key=clean_line_key
        )
        if action == "more":
            return self.page(option, grid)
        if action == "fill":
            fill, problems = read_fill(request.POST, grid)
            if fill is None:
                grid.problems.extend(problems)
                return self.page(option, grid, status=400)
            fill.apply(grid)
            messages.info(request, _("Row filled. Check the amounts, then save."))
            return self.page(option, grid)
        if grid.problems:
            return self.page(option, grid, status=400)
        try:
            changed = lines_grid_save(user=request.user, option=option, grid=grid)  # type: ignore[arg-type]
        except ValidationError as error:
            add_errors(grid, error)
            if getattr(error, "code", None) == "conflict":
                # Saving again is then a deliberate choice, made against the lines as they now are.
                grid.fingerprint = lines_grid(option).fingerprint
            return self.page(option, grid, status=409 if getattr(error, "code", None) == "conflict" else 400)
        messages.success(
            request,
            ngettext(
                "Grid saved: %(n)d line added, changed or removed.",
                "Grid saved: %(n)d lines added, changed or removed.",
                changed,
            )
            % {"n": changed},
        )
        url = reverse(
            "business_cases:line-grid",
            kwargs={"org": self.organisation.slug, "pk": case.initiative_id, "option_pk": option.pk},
        )
        return redirect(f"{url}?through={grid.columns[-1].value}" if grid.columns else url)
