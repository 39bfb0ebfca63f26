"""An initiative's funding applications: the pipeline by stage, one application with its document
checklist, and the forms (with the conflict page of optimistic concurrency)."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from civicadopt_core.calendar import fiscal_year

from .. import services
from ..forms import ApplicationForm, ChecklistForm, ProgrammeFilterForm, VersionOnlyForm
from ..models import Application, Programme, Stage
from ..selectors import (
    OPEN_STAGES,
    application_get,
    application_list,
    programme_choices,
    programme_list,
    source_list,
)
from .base import ApplicationsMixin, apply_errors
from .catalogue import filters_from

CHOICES_SHOWN = 20
ZERO = Decimal(0)


class ApplicationMixin(ApplicationsMixin):
    application: Application

    def load_application(self) -> Application:
        self.application = application_get(
            user=self.request.user,  # type: ignore[attr-defined]
            initiative=self.initiative,
            pk=self.kwargs["application_pk"],  # type: ignore[attr-defined]
        )
        return self.application

    def to_detail(self) -> HttpResponse:
        return redirect(
            "funding:application",
            org=self.organisation.slug,
            pk=self.initiative.pk,
            application_pk=self.application.pk,
        )


class ApplicationListView(ApplicationMixin, TemplateView):
    """The initiative's applications grouped by stage, with totals, and its other funding sources."""

    template_name = "funding/applications.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        initiative = self.load_initiative()
        applications = list(application_list(user=request.user, initiative=initiative))  # type: ignore[arg-type]
        groups = [
            (stage, [a for a in applications if a.stage == stage.value])
            for stage in Stage
            if any(a.stage == stage.value for a in applications)
        ]
        sources = source_list(user=request.user, initiative=initiative)  # type: ignore[arg-type]
        context = self.context(
            groups=groups,
            count=len(applications),
            requested=sum((a.requested for a in applications), ZERO),
            expected=sum((a.expected for a in applications), ZERO),  # type: ignore[attr-defined]
            match=sum((a.match_committed for a in applications), ZERO),
            sources_total=sources.aggregate(total=Sum("amount"))["total"] or ZERO,
            sources_count=sources.count(),
            open_stages=[stage.value for stage in OPEN_STAGES],
        )
        return render(request, self.template_name, context)


def default_fiscal_year(programme: Programme, organisation: Any, today: Any) -> int:
    """The fiscal year of the programme's closing date (or of today), as the organisation counts years."""
    return fiscal_year(programme.closes or today, organisation.fiscal_year_start_month).year


class ApplicationCreateView(ApplicationMixin, TemplateView):
    """Two steps: find the programme in the catalogue (or arrive from its page), then fill in the rest."""

    template_name = "funding/application_form.html"

    def programmes(self) -> Any:
        return programme_choices(user=self.request.user, organisation=self.organisation)  # type: ignore[arg-type]

    def choose(self) -> HttpResponse:
        form = ProgrammeFilterForm(self.request.GET or None)
        filters, filtered = filters_from(form)
        context = self.context()
        results = (
            list(
                programme_list(
                    user=self.request.user,  # type: ignore[arg-type]
                    organisation=self.organisation,
                    today=context["today"],
                    filters=filters,
                )[:CHOICES_SHOWN]
            )
            if filtered
            else []
        )
        context.update(form=form, results=results, filtered=filtered, shown=CHOICES_SHOWN)
        return render(self.request, "funding/application_choose.html", context)

    def form_page(self, form: ApplicationForm, programme: Programme) -> HttpResponse:
        return render(
            self.request, self.template_name, self.context(form=form, programme=programme, application=None)
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_initiative()
        self.require_edit()
        chosen = request.GET.get("programme", "")
        programme = (
            self.programmes().filter(pk=int(chosen)).first()
            if chosen.isdigit() and len(chosen) < 19
            else None
        )
        if programme is None:
            return self.choose()
        today = self.context()["today"]
        form = ApplicationForm(
            programmes=self.programmes(),
            initial={
                "programme": programme.pk,
                "deadline": programme.closes,
                "fiscal_year": default_fiscal_year(programme, self.organisation, today),
                "probability": Application._meta.get_field("probability").default,
            },
        )
        return self.form_page(form, programme)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        initiative = self.load_initiative()
        self.require_edit()
        form = ApplicationForm(request.POST, programmes=self.programmes())
        if form.is_valid():
            try:
                application = services.application_create(
                    user=request.user,  # type: ignore[arg-type]
                    initiative=initiative,
                    data=form.application_data(),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Application added."))
                self.application = application
                return self.to_detail()
        programme = form.cleaned_data.get("programme")
        if programme is None:
            messages.error(request, _("Choose a programme from the catalogue."))
            return self.choose()
        return self.form_page(form, programme)


class ApplicationDetailView(ApplicationMixin, TemplateView):
    template_name = "funding/application_detail.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_initiative()
        application = self.load_application()
        return render(request, self.template_name, self.context(**checklist_context(self, application)))


def checklist_context(
    view: ApplicationMixin, application: Application, form: ChecklistForm | None = None, done: str = ""
) -> dict[str, Any]:
    if form is None and view.may_edit():
        form = ChecklistForm(items=application.checklist, initial={
            "version": application.version,
            "done": [str(i) for i, item in enumerate(application.checklist) if item.get("done")],
        })  # fmt: skip
    items = list(enumerate(application.checklist))
    return {
        "application": application,
        "items": items,
        "done_count": sum(1 for _index, item in items if item.get("done")),
        "checklist_form": form,
        "checklist_message": done,
        "is_open": application.stage in {stage.value for stage in OPEN_STAGES},
    }


class ChecklistView(ApplicationMixin, TemplateView):
    """Tick items done, add one, or remove one; with htmx, answer with the refreshed checklist only."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_initiative()
        self.require_edit()
        application = self.load_application()
        form: ChecklistForm | None = ChecklistForm(request.POST, items=application.checklist)
        done = ""
        if form.is_valid():  # type: ignore[union-attr]
            try:
                application = services.application_checklist_set(
                    user=request.user,  # type: ignore[arg-type]
                    application=application,
                    expected_version=form.cleaned_data["version"],  # type: ignore[union-attr]
                    checklist=form.checklist(),  # type: ignore[union-attr]
                )
            except services.VersionConflict as conflict:
                application = application_get(
                    user=request.user, initiative=self.initiative, pk=application.pk
                )  # type: ignore[arg-type]
                form = ChecklistForm({
                    "version": conflict.current.version,
                    "done": [str(i) for i, item in enumerate(application.checklist) if item.get("done")],
                }, items=application.checklist)  # fmt: skip
                form.is_valid()
                form.add_error(None, _(
                    "Someone else changed this application meanwhile. The checklist below is the saved one: "
                    "make your change again."
                ))  # fmt: skip
            except ValidationError as error:
                apply_errors(form, error)  # type: ignore[arg-type]
            else:
                form = None
                done = _("Checklist saved.")
        self.application = application
        if not request.htmx:  # type: ignore[attr-defined]
            if form is not None and form.errors:
                messages.error(request, " ".join(" ".join(errors) for errors in form.errors.values()))
            else:
                messages.success(request, done)
            return self.to_detail()
        # With htmx the answer is the checklist alone; its message is announced there (role="status").
        context = self.context(**checklist_context(self, application, form, done))
        return render(request, "funding/_checklist.html", context)


class ApplicationUpdateView(ApplicationMixin, TemplateView):
    template_name = "funding/application_form.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_initiative()
        self.require_edit()
        application = self.load_application()
        form = ApplicationForm(instance=Application.objects.get(pk=application.pk))
        context = self.context(form=form, programme=application.programme, application=application)
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_initiative()
        self.require_edit()
        application = self.load_application()
        form = ApplicationForm(request.POST, instance=Application.objects.get(pk=application.pk))
        conflict = None
        if form.is_valid():
            expected = form.cleaned_data.get("version")
            try:
                if expected is None:
                    raise ValidationError(
                        _("The form is missing its version number. Reload the page and try again.")
                    )
                services.application_update(
                    user=request.user,  # type: ignore[arg-type]
                    application=application,
                    expected_version=expected,
                    data=form.application_data(),
                )
            except services.VersionConflict as error:
                # Keep everything the person typed; show what the other person saved; let them decide.
                conflict = error.current
                data = request.POST.copy()
                data["version"] = str(conflict.version)
                form = ApplicationForm(data, instance=Application.objects.get(pk=application.pk))
                form.is_valid()
                form.add_error(None, _(
                    "Someone else saved this application while you were editing it. Your changes have not been "
                    "saved yet and are still in the form. Compare them with the saved version shown above the "
                    "form; save again to replace it with yours."
                ))  # fmt: skip
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Application saved."))
                return self.to_detail()
        context = self.context(
            form=form, programme=application.programme, application=application, conflict=conflict
        )
        return render(request, self.template_name, context)


class ApplicationDeleteView(ApplicationMixin, TemplateView):
    template_name = "funding/application_confirm_delete.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_initiative()
        self.require_edit()
        return render(request, self.template_name, self.context(application=self.load_application()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        initiative = self.load_initiative()
        self.require_edit()
        application = self.load_application()
        form = VersionOnlyForm(request.POST)
        version = form.cleaned_data["version"] if form.is_valid() else -1
        try:
            services.application_delete(user=request.user, application=application, expected_version=version)  # type: ignore[arg-type]
        except services.VersionConflict:
            messages.error(
                request, _("Someone else changed this application meanwhile. Check it before deleting.")
            )
            return self.to_detail()
        messages.success(request, _("Application deleted."))
        return redirect("funding:applications", org=self.organisation.slug, pk=initiative.pk)
