"""The organisation's holidays: days nobody works, which every plan's calendar skips."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from civicadopt.accounts.mixins import OrganisationMixin
from civicadopt.accounts.roles import Role, role_at_least
from civicadopt.forms import apply_errors

from .. import services
from ..forms import HolidayForm
from ..models import Holiday


class HolidaysView(OrganisationMixin, TemplateView):
    template_name = "planning/holidays.html"

    def may_manage(self) -> bool:
        return role_at_least(self.role, Role.MANAGER)  # type: ignore[attr-defined]

    def page(self, form: HolidayForm | None = None, status: int = 200) -> HttpResponse:
        holidays = Holiday.objects.filter(organisation=self.organisation)  # type: ignore[attr-defined]
        form = form or (HolidayForm(organisation=self.organisation) if self.may_manage() else None)  # type: ignore[attr-defined]
        context = {
            "organisation": self.organisation,
            "holidays": holidays,
            "form": form,
            "may_manage": self.may_manage(),
        }  # type: ignore[attr-defined]
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.page()

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.may_manage():
            raise PermissionDenied
        form = HolidayForm(request.POST, organisation=self.organisation)  # type: ignore[attr-defined]
        if form.is_valid():
            try:
                services.holiday_create(
                    user=request.user, organisation=self.organisation, data=form.cleaned_data
                )  # type: ignore[arg-type, attr-defined]
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Holiday added."))
                return redirect("planning_calendar:holidays", org=self.organisation.slug)  # type: ignore[attr-defined]
        return self.page(form, status=400)


class HolidayDeleteView(OrganisationMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        holiday = Holiday.objects.filter(organisation=self.organisation, pk=kwargs["holiday_pk"]).first()  # type: ignore[attr-defined]
        if holiday is None:
            raise Http404
        if not role_at_least(self.role, Role.MANAGER):  # type: ignore[attr-defined]
            raise PermissionDenied
        services.holiday_delete(user=request.user, holiday=holiday)  # type: ignore[arg-type]
        messages.success(request, _("Holiday removed."))
        return redirect("planning_calendar:holidays", org=self.organisation.slug)  # type: ignore[attr-defined]
