"""The organisation's funding profile: what funders ask about the applicant, and its match funds."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from .. import services
from ..forms import APPLICANT_TYPE_LABELS, FundingProfileForm, MatchFundsForm
from ..selectors import match_funds_get, match_funds_list, profile_for
from .base import FundingMixin, apply_errors


class ProfilePage(FundingMixin):
    """The profile page, with the profile's form and the match funds' form (for managers and admins)."""

    template_name = "funding/profile.html"

    def page(
        self, form: FundingProfileForm | None = None, match_form: MatchFundsForm | None = None
    ) -> HttpResponse:
        profile = profile_for(organisation=self.organisation)
        if self.may_edit_profile():
            form = form or FundingProfileForm(initial={
                "applicant_type": profile.applicant_type, "rural": profile.rural, "region": profile.region,
                "version": profile.version,
            })  # fmt: skip
            match_form = match_form or MatchFundsForm(prefix="match")
        context = self.context(
            profile=profile,
            applicant_type=APPLICANT_TYPE_LABELS.get(profile.applicant_type, profile.applicant_type),
            match_funds=match_funds_list(organisation=self.organisation),
            form=form,
            match_form=match_form,
        )
        return render(self.request, self.template_name, context)  # type: ignore[attr-defined]


class ProfileView(ProfilePage, TemplateView):
    """Everyone reads the profile; managers and admins change it and its match funds."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.page()

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.may_edit_profile():
            raise PermissionDenied
        form = FundingProfileForm(request.POST)
        if form.is_valid():
            try:
                services.profile_update(
                    user=request.user,  # type: ignore[arg-type]
                    organisation=self.organisation,
                    expected_version=form.cleaned_data["version"] or 1,
                    data=form.profile_data(),
                )
            except services.VersionConflict:
                form.add_error(
                    None, _("Someone else changed the profile meanwhile. Reload the page to see it.")
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Funding profile saved."))
                return redirect("funding:profile", org=self.organisation.slug)
        return self.page(form=form)


class MatchFundsView(ProfilePage, TemplateView):
    """Add (or replace) the match funds of one fiscal year."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.may_edit_profile():
            raise PermissionDenied
        form = MatchFundsForm(request.POST, prefix="match")
        if form.is_valid():
            try:
                services.match_funds_set(
                    user=request.user,  # type: ignore[arg-type]
                    organisation=self.organisation,
                    fiscal_year=form.cleaned_data["fiscal_year"],
                    amount=form.cleaned_data["amount"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Match funds for FY%(year)d saved.") % {"year": form.cleaned_data["fiscal_year"]},
                )
                return redirect("funding:profile", org=self.organisation.slug)
        return self.page(match_form=form)


class MatchFundsDeleteView(FundingMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        row = match_funds_get(user=request.user, organisation=self.organisation, pk=kwargs["match_pk"])  # type: ignore[arg-type]
        if not self.may_edit_profile():
            raise PermissionDenied
        services.match_funds_delete(user=request.user, organisation=self.organisation, row=row)  # type: ignore[arg-type]
        messages.success(request, _("Match funds for FY%(year)d removed.") % {"year": row.fiscal_year})
        return redirect("funding:profile", org=self.organisation.slug)
