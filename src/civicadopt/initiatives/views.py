"""Pages for initiatives: list, create, edit, delete, delivery phases and their history (the initiative's
own page and its stage change are in ``detail``).

Views stay thin: forms validate, services write (with the audit entry), selectors read.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from civicadopt.accounts.mixins import OrganisationMixin
from civicadopt.accounts.roles import Role
from civicadopt.audit.selectors import audit_list

from . import permissions, selectors, services
from .forms import InitiativeFilterForm, InitiativeForm, PhaseForm, VersionOnlyForm
from .models import Initiative, Phase

PAGE_SIZE = 25


class InitiativeMixin(OrganisationMixin):
    """Load the initiative named in the URL, or answer 404 when the user may not see it."""

    initiative: Initiative

    def load_initiative(self) -> Initiative:
        self.initiative = selectors.initiative_get(
            user=self.request.user,
            pk=self.kwargs["pk"],
            organisation=self.organisation,  # type: ignore[attr-defined]
        )
        return self.initiative

    def may_edit(self) -> bool:
        return permissions.can_edit(self.role, user=self.request.user, initiative=self.initiative)  # type: ignore[attr-defined]


class InitiativeListView(OrganisationMixin, TemplateView):
    template_name = "initiatives/initiative_list.html"

    def get_template_names(self) -> list[str]:
        htmx = self.request.htmx  # type: ignore[attr-defined]
        # A history restore (back button after the cache expired) needs the whole page, not the results.
        if htmx and not htmx.history_restore_request:
            return ["initiatives/_results.html"]
        return [self.template_name]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        # The same address answers a page or a fragment: caches must tell them apart.
        patch_vary_headers(response, ("HX-Request",))
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = InitiativeFilterForm(self.request.GET or None, organisation=self.organisation)
        values = form.cleaned_data if form.is_valid() else {}
        filters = selectors.InitiativeFilters(
            q=values.get("q") or "",
            stage=values.get("stage") or "",
            status=values.get("status") or "",
            department=values.get("department"),
            tag=values.get("tag") or "",
            goal=values.get("goal"),
            order=values.get("order") or "title",
        )
        initiatives = selectors.initiative_list(
            user=self.request.user,
            organisation=self.organisation,
            filters=filters,  # type: ignore[arg-type]
        )
        page = Paginator(initiatives, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            form=form,
            page=page,
            query=query.urlencode(),
            filtered=any(value for key, value in values.items() if key != "order"),
            may_create=permissions.can_create(self.role),
        )
        return context


class InitiativeFormMixin(InitiativeMixin):
    template_name = "initiatives/initiative_form.html"
    form_class = InitiativeForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()  # type: ignore[misc]
        kwargs["organisation"] = self.organisation
        kwargs["may_change_stage"] = permissions.can_change_stage(self.role)
        return kwargs

    def data_from(self, form: InitiativeForm) -> dict[str, Any]:
        return {name: value for name, value in form.cleaned_data.items() if name != "version"}

    def apply_validation_error(self, form: InitiativeForm, error: ValidationError) -> HttpResponse:
        for field, field_errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
        return self.form_invalid(form)  # type: ignore[attr-defined, no-any-return]


class InitiativeCreateView(InitiativeFormMixin, FormView):
    minimum_role = Role.CONTRIBUTOR

    def get_initial(self) -> dict[str, Any]:
        return {"owner": self.request.user.pk}

    def form_valid(self, form: InitiativeForm) -> HttpResponse:
        try:
            initiative = services.initiative_create(
                user=self.request.user,
                organisation=self.organisation,
                data=self.data_from(form),  # type: ignore[arg-type]
            )
        except ValidationError as error:
            return self.apply_validation_error(form, error)
        messages.success(self.request, _("Initiative created."))
        return redirect("initiatives:detail", org=self.organisation.slug, pk=initiative.pk)


class InitiativeUpdateView(InitiativeFormMixin, FormView):
    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.conflict: Initiative | None = None

    def get_form_kwargs(self) -> dict[str, Any]:
        initiative = self.load_initiative()
        if not self.may_edit():
            raise PermissionDenied
        kwargs = super().get_form_kwargs()
        # The form gets its own copy: a ModelForm writes cleaned values into its instance while
        # validating, and the service must see the stored values (for permissions and the audit diff).
        kwargs["instance"] = Initiative.objects.get(pk=initiative.pk)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["initiative"] = self.initiative
        context["conflict"] = self.conflict
        return context

    def form_valid(self, form: InitiativeForm) -> HttpResponse:
        expected = form.cleaned_data.get("version")
        if expected is None:
            form.add_error(None, _("The form is missing its version number. Reload the page and try again."))
            return self.form_invalid(form)
        try:
            services.initiative_update(
                user=self.request.user,  # type: ignore[arg-type]
                initiative=self.initiative,
                expected_version=expected,
                data=self.data_from(form),
            )
        except services.VersionConflict as conflict:
            # Keep everything the user typed; show what the other person saved; let them decide.
            self.conflict = conflict.current
            data = form.data.copy()
            data["version"] = str(conflict.current.version)
            form = self.get_form_class()(
                data=data, **{k: v for k, v in self.get_form_kwargs().items() if k != "data"}
            )
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Someone else saved this initiative while you were editing it. Your changes have not been "
                    "saved yet and are still in the form. Compare them with the saved version shown below; "
                    "save again to replace it with yours."
                ),
            )
            return self.form_invalid(form)
        except ValidationError as error:
            return self.apply_validation_error(form, error)
        messages.success(self.request, _("Changes saved."))
        return redirect("initiatives:detail", org=self.organisation.slug, pk=self.initiative.pk)


class InitiativeDeleteView(InitiativeMixin, TemplateView):
    minimum_role = Role.MANAGER
    template_name = "initiatives/initiative_confirm_delete.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["initiative"] = self.load_initiative()
        return context

    def post(self, request: HttpRequest, org: str, pk: int) -> HttpResponse:
        initiative = self.load_initiative()
        form = VersionOnlyForm(request.POST)
        version = form.cleaned_data["version"] if form.is_valid() else -1
        try:
            services.initiative_delete(user=request.user, initiative=initiative, expected_version=version)  # type: ignore[arg-type]
        except services.VersionConflict:
            messages.error(
                request, _("Someone else changed this initiative meanwhile. Check it before deleting.")
            )
            return redirect("initiatives:detail", org=org, pk=pk)
        messages.success(request, _("Initiative “%(title)s” deleted.") % {"title": initiative.title})
        return redirect("initiatives:list", org=org)


class PhaseFormView(InitiativeMixin, FormView):
    """Add a delivery phase, or edit one when the URL names it."""

    template_name = "initiatives/phase_form.html"
    form_class = PhaseForm

    def get_form_kwargs(self) -> dict[str, Any]:
        initiative = self.load_initiative()
        if not self.may_edit():
            raise PermissionDenied
        self.phase: Phase | None = None
        if "phase_pk" in self.kwargs:
            self.phase = get_object_or_404(initiative.phases, pk=self.kwargs["phase_pk"])
        kwargs = super().get_form_kwargs()
        if self.phase is not None:
            kwargs["instance"] = Phase.objects.get(pk=self.phase.pk)  # a copy: see InitiativeUpdateView
        else:
            kwargs["initial"] = {"position": initiative.phases.count() + 1}
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(initiative=self.initiative, phase=self.phase)
        return context

    def form_valid(self, form: PhaseForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            if self.phase is None:
                services.phase_create(user=self.request.user, initiative=self.initiative, data=data)  # type: ignore[arg-type]
            else:
                services.phase_update(user=self.request.user, phase=self.phase, data=data)  # type: ignore[arg-type]
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_errors)
            return self.form_invalid(form)
        messages.success(self.request, _("Phase saved."))
        return redirect(
            reverse("initiatives:detail", kwargs={"org": self.organisation.slug, "pk": self.initiative.pk})
            + "#phases"
        )


class PhaseDeleteView(InitiativeMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, org: str, pk: int, phase_pk: int) -> HttpResponse:
        initiative = self.load_initiative()
        if not self.may_edit():
            raise PermissionDenied
        phase = get_object_or_404(initiative.phases, pk=phase_pk)
        services.phase_delete(user=request.user, phase=phase)  # type: ignore[arg-type]
        messages.success(request, _("Phase removed."))
        return redirect(reverse("initiatives:detail", kwargs={"org": org, "pk": pk}) + "#phases")


class InitiativeAuditView(InitiativeMixin, TemplateView):
    minimum_role = Role.ADMIN
    template_name = "audit/audit_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        initiative = self.load_initiative()
        entries = audit_list(organisation=self.organisation, initiative_id=initiative.pk)
        context.update(
            initiative=initiative,
            page=Paginator(entries, 50).get_page(self.request.GET.get("page")),
            heading=_("History of “%(title)s”") % {"title": initiative.title},
            back_url=reverse(
                "initiatives:detail", kwargs={"org": self.organisation.slug, "pk": initiative.pk}
            ),
        )
        return context
