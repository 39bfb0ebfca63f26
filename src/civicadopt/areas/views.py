from typing import Any

from django.views.generic import TemplateView

from civicadopt.accounts.mixins import OrganisationMixin

from .catalog import AREAS_BY_SLUG


class AreaView(OrganisationMixin, TemplateView):
    """The page of an area that later releases fill: what it will hold, in plain language."""

    template_name = "areas/area.html"
    area_slug = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["area"] = AREAS_BY_SLUG[self.area_slug]
        return context
