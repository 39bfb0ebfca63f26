"""The catalogue: search and filters, one programme, and the organisation's own programmes' forms."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from civicadopt.initiatives import permissions as initiative_permissions
from civicadopt.initiatives.selectors import initiative_list

from .. import services
from ..exports import MAX_EXPORT
from ..forms import (
    APPLICANT_TYPE_LABELS,
    CATEGORY_LABELS,
    ProgrammeFilterForm,
    ProgrammeForm,
    VersionOnlyForm,
    labels,
)
from ..models import Programme
from ..selectors import ProgrammeFilters, programme_applications, programme_get, programme_list
from .base import FundingMixin, apply_errors

PAGE_SIZE = 25


def filters_from(form: ProgrammeFilterForm) -> tuple[ProgrammeFilters, bool]:
    """Return the catalogue filters of a (bound) filter form, and whether any filter is set."""
    values: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()  # a value that is not a choice is dropped, never an error page; the rest apply
        values = form.cleaned_data
    filters = ProgrammeFilters(
        q=values.get("q") or "",
        kind=values.get("kind") or "",
        open_now=bool(values.get("open_now")),
        closes_within=values.get("closes_within"),
        applicant_type=values.get("applicant_type") or "",
        category=values.get("category") or "",
        owner=values.get("owner") or "",
        order=values.get("order") or "closes",
    )
    return filters, any(value for key, value in values.items() if key != "order")


class CatalogueView(FundingMixin, TemplateView):
    """The catalogue: a GET form of filters (swapped in place by htmx) and a page of programmes."""

    template_name = "funding/catalogue.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        context = self.context()
        form = ProgrammeFilterForm(request.GET or None)
        filters, filtered = filters_from(form)
        programmes = programme_list(
            user=request.user,  # type: ignore[arg-type]
            organisation=self.organisation,
            today=context["today"],
            filters=filters,
        )
        page = Paginator(programmes, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            form=form,
            page=page,
            page_range=page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            query=query.urlencode(),
            query_items=[(key, value) for key, values in query.lists() for value in values],
            filtered=filtered,
            max_export=MAX_EXPORT,
        )
        htmx = request.htmx  # type: ignore[attr-defined]
        template = (
            "funding/_catalogue.html" if htmx and not htmx.history_restore_request else self.template_name
        )
        response = render(request, template, context)
        # The same address answers a page or a fragment: caches must tell them apart.
        patch_vary_headers(response, ("HX-Request",))
        return response


class ProgrammeMixin(FundingMixin):
    programme: Programme

    def load_programme(self) -> Programme:
        self.programme = programme_get(
            user=self.request.user,  # type: ignore[attr-defined]
            organisation=self.organisation,
            pk=self.kwargs["programme_pk"],  # type: ignore[attr-defined]
        )
        return self.programme

    def is_own(self) -> bool:
        return services.is_own(self.programme, self.organisation)

    def read_only(self) -> HttpResponse | None:
        """The clear 403 page for a shared programme, or None for one of the organisation's own (after
        checking the role: 403 below editor)."""
        if not self.is_own():
            return render(
                self.request,  # type: ignore[attr-defined]
                "funding/programme_read_only.html",
                self.context(programme=self.programme),
                status=403,
            )
        self.require_catalogue_edit()
        return None


class ProgrammeDetailView(ProgrammeMixin, TemplateView):
    template_name = "funding/programme_detail.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        programme = self.load_programme()
        user = request.user
        editable = [
            initiative
            for initiative in initiative_list(user=user, organisation=self.organisation)  # type: ignore[arg-type]
            if initiative_permissions.can_edit(self.role, user=user, initiative=initiative)  # type: ignore[arg-type]
        ]
        context = self.context(
            programme=programme,
            # Only a web address becomes a link: never javascript: or data: from an imported file.
            link=programme.url if programme.url.lower().startswith(("https://", "http://")) else "",
            own=self.is_own(),
            applicant_types=labels(programme.applicant_types, APPLICANT_TYPE_LABELS),
            categories=labels(programme.categories, CATEGORY_LABELS),
            applications=programme_applications(
                user=user, organisation=self.organisation, programme=programme
            ),  # type: ignore[arg-type]
            initiatives=editable,
        )
        return render(request, self.template_name, context)


class ProgrammeCreateView(FundingMixin, TemplateView):
    template_name = "funding/programme_form.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require_catalogue_edit()
        return render(request, self.template_name, self.context(form=ProgrammeForm(), programme=None))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require_catalogue_edit()
        form = ProgrammeForm(request.POST)
        if form.is_valid():
            try:
                programme = services.programme_create(
                    user=request.user,  # type: ignore[arg-type]
                    organisation=self.organisation,
                    data=form.programme_data(),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Programme added to the catalogue."))
                return redirect("funding:programme", org=self.organisation.slug, programme_pk=programme.pk)
        return render(request, self.template_name, self.context(form=form, programme=None))


class ProgrammeUpdateView(ProgrammeMixin, TemplateView):
    template_name = "funding/programme_form.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        programme = self.load_programme()
        refused = self.read_only()
        if refused is not None:
            return refused
        # The form gets its own copy: a ModelForm writes cleaned values into its instance while
        # validating, and the service must see the stored values (for the audit diff).
        form = ProgrammeForm(instance=Programme.objects.get(pk=programme.pk))
        return render(request, self.template_name, self.context(form=form, programme=programme))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        programme = self.load_programme()
        refused = self.read_only()
        if refused is not None:
            return refused
        form = ProgrammeForm(request.POST, instance=Programme.objects.get(pk=programme.pk))
        conflict = None
        if form.is_valid():
            expected = form.cleaned_data.get("version")
            try:
                if expected is None:
                    raise ValidationError(
                        _("The form is missing its version number. Reload the page and try again.")
                    )
                services.programme_update(
                    user=request.user,  # type: ignore[arg-type]
                    organisation=self.organisation,
                    programme=programme,
                    expected_version=expected,
                    data=form.programme_data(),
                )
            except services.VersionConflict as error:
                # Keep everything the person typed; show what the other person saved; let them decide.
                conflict = error.current
                data = request.POST.copy()
                data["version"] = str(conflict.version)
                form = ProgrammeForm(data, instance=Programme.objects.get(pk=programme.pk))
                form.is_valid()
                form.add_error(None, _(
                    "Someone else saved this programme while you were editing it. Your changes have not been "
                    "saved yet and are still in the form. Compare them with the saved version shown above the "
                    "form; save again to replace it with yours."
                ))  # fmt: skip
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Programme saved."))
                return redirect("funding:programme", org=self.organisation.slug, programme_pk=programme.pk)
        return render(
            request, self.template_name, self.context(form=form, programme=programme, conflict=conflict)
        )


class ProgrammeDeleteView(ProgrammeMixin, TemplateView):
    template_name = "funding/programme_confirm_delete.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        programme = self.load_programme()
        refused = self.read_only()
        if refused is not None:
            return refused
        return render(request, self.template_name, self.context(programme=programme))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        programme = self.load_programme()
        refused = self.read_only()
        if refused is not None:
            return refused
        form = VersionOnlyForm(request.POST)
        version = form.cleaned_data["version"] if form.is_valid() else -1
        try:
            services.programme_delete(
                user=request.user,  # type: ignore[arg-type]
                organisation=self.organisation,
                programme=programme,
                expected_version=version,
            )
        except services.VersionConflict:
            messages.error(
                request, _("Someone else changed this programme meanwhile. Check it before deleting.")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Programme deleted."))
            return redirect("funding:catalogue", org=self.organisation.slug)
        return redirect("funding:programme", org=self.organisation.slug, programme_pk=programme.pk)
