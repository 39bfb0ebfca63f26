"""An initiative's funding sources as a grid of sources by fiscal year, saved in one go."""

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

from ..grid import MAX_YEARS, clean_source_key, sources_grid, sources_grid_save
from .base import ApplicationsMixin

MORE_YEARS = 5


def _through(value: Any) -> int | None:
    try:
        return max(1990, min(int(value), 2200))
    except (TypeError, ValueError):
        return None


class SourcesGridView(ApplicationsMixin, TemplateView):
    """GET: the grid of the initiative's funding sources; POST: save it, fill a row, or show more years."""

    template_name = "funding/sources_grid.html"

    def page(self, grid: Grid, status: int = 200) -> HttpResponse:
        grid.add_blank_rows()
        context = self.context(
            grid=grid,
            grid_rows=grid.view_rows(),
            grid_totals=grid.total_values(),
            grid_caption=_("Funding sources of %(title)s by fiscal year") % {"title": self.initiative.title},
            through=grid.columns[-1].value if grid.columns else "",
            more_years=MORE_YEARS,
            can_show_more=len(grid.columns) < MAX_YEARS,
        )
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        initiative = self.load_initiative()
        self.require_edit()
        return self.page(sources_grid(initiative, through=_through(request.GET.get("through"))))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        initiative = self.load_initiative()
        self.require_edit()
        action = request.POST.get("action", "save")
        through = _through(request.POST.get("through"))
        if action == "more" and through is not None:
            through += MORE_YEARS
        grid = read_grid(
            request.POST, grid=sources_grid(initiative, through=through), clean_key=clean_source_key
        )
        if action == "more":
            return self.page(grid)
        if action == "fill":
            fill, problems = read_fill(request.POST, grid)
            if fill is None:
                grid.problems.extend(problems)
                return self.page(grid, status=400)
            fill.apply(grid)
            messages.info(request, _("Row filled. Check the amounts, then save."))
            return self.page(grid)
        if grid.problems:
            return self.page(grid, status=400)
        try:
            changed = sources_grid_save(user=request.user, initiative=initiative, grid=grid)  # type: ignore[arg-type]
        except ValidationError as error:
            add_errors(grid, error)
            conflict = getattr(error, "code", None) == "conflict"
            if conflict:
                grid.fingerprint = sources_grid(initiative).fingerprint
            return self.page(grid, status=409 if conflict else 400)
        messages.success(
            request,
            ngettext(
                "Grid saved: %(n)d funding source added, changed or removed.",
                "Grid saved: %(n)d funding sources added, changed or removed.",
                changed,
            )
            % {"n": changed},
        )
        url = reverse("funding:sources-grid", kwargs={"org": self.organisation.slug, "pk": initiative.pk})
        return redirect(f"{url}?through={grid.columns[-1].value}" if grid.columns else url)
