"""An initiative's funding sources other than grant applications: own budget, partners, financing."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from .. import services
from ..forms import SourceForm
from ..models import FundingSource
from ..selectors import source_get, source_list
from .base import ApplicationsMixin, apply_errors


class SourceMixin(ApplicationsMixin):
    source: FundingSource

    def load_source(self) -> FundingSource:
        self.source = source_get(
            user=self.request.user,  # type: ignore[attr-defined]
            initiative=self.initiative,
            pk=self.kwargs["source_pk"],  # type: ignore[attr-defined]
        )
        return self.source

    def to_list(self) -> HttpResponse:
        return redirect("funding:sources", org=self.organisation.slug, pk=self.initiative.pk)


class SourcesView(SourceMixin, TemplateView):
    """The list by fiscal year with totals, and (for those who may edit) the form to add one."""

    template_name = "funding/sources.html"

    def page(self, form: SourceForm | None = None) -> HttpResponse:
        sources = source_list(user=self.request.user, initiative=self.initiative)  # type: ignore[arg-type]
        years = list(
            sources.values("fiscal_year")
            .annotate(
                total=Sum("amount"),
                committed=Sum("amount", filter=Q(committed=True)),
            )
            .order_by("fiscal_year")
        )
        if form is None and self.may_edit():
            form = SourceForm()
        context = self.context(
            sources=sources,
            years=years,
            total=sum((row["total"] for row in years), Decimal(0)),
            form=form,
        )
        return render(self.request, self.template_name, context)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_initiative()
        return self.page()

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        initiative = self.load_initiative()
        self.require_edit()
        form = SourceForm(request.POST)
        if form.is_valid():
            try:
                services.source_create(user=request.user, initiative=initiative, data=form.cleaned_data)  # type: ignore[arg-type]
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Funding source added."))
                return self.to_list()
        return self.page(form)


class SourceUpdateView(SourceMixin, TemplateView):
    template_name = "funding/source_form.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_initiative()
        self.require_edit()
        source = self.load_source()
        form = SourceForm(instance=FundingSource.objects.get(pk=source.pk))
        return render(request, self.template_name, self.context(form=form, source=source))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_initiative()
        self.require_edit()
        source = self.load_source()
        form = SourceForm(request.POST, instance=FundingSource.objects.get(pk=source.pk))
        if form.is_valid():
            try:
                services.source_update(user=request.user, source=source, data=form.cleaned_data)  # type: ignore[arg-type]
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Funding source saved."))
                return self.to_list()
        return render(request, self.template_name, self.context(form=form, source=source))


class SourceDeleteView(SourceMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_initiative()
        source = self.load_source()
        self.require_edit()
        services.source_delete(user=request.user, source=source)  # type: ignore[arg-type]
        messages.success(request, _("Funding source removed."))
        return self.to_list()
