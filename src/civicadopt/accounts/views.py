"""Sign-in, the organisation dashboard and the organisation's administration pages."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from civicadopt.audit.selectors import audit_list
from civicadopt.concurrency import VersionConflict
from civicadopt.forms import flash_warnings
from civicadopt.initiatives import permissions as initiative_permissions
from civicadopt.initiatives import selectors as initiative_selectors
from civicadopt.initiatives.models import Stage, Status
from civicadopt_core.calendar import fiscal_year

from . import services
from .forms import DepartmentForm, GoalForm, LoginForm, MembershipRoleForm, OrganisationSettingsForm
from .mixins import OrganisationMixin
from .models import Membership, Organisation
from .roles import Role
from .selectors import member_list, organisation_list


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    http_method_names = ["get", "post", "head", "options"]
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Sign out (POST only, so a link or image elsewhere cannot sign a person out)."""


def home(request: HttpRequest) -> HttpResponse:
    """Send the user to their first organisation's dashboard, or explain that they have none."""
    organisation = organisation_list(user=request.user).first()  # type: ignore[arg-type]
    if organisation is None:
        return render(request, "accounts/no_organisation.html")
    return redirect("accounts:dashboard", org=organisation.slug)


@login_not_required
def health(request: HttpRequest) -> HttpResponse:
    """Answer 200 when the application can reach its database (for load balancers and monitoring)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


class DashboardView(OrganisationMixin, TemplateView):
    template_name = "accounts/dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        stage_counts = initiative_selectors.stage_counts(user=user, organisation=self.organisation)  # type: ignore[arg-type]
        status_counts = initiative_selectors.status_counts(user=user, organisation=self.organisation)  # type: ignore[arg-type]
        initiatives = initiative_selectors.initiative_list(user=user, organisation=self.organisation)  # type: ignore[arg-type]
        today: date = timezone.localdate()
        context.update(
            fiscal_year=fiscal_year(today, self.organisation.fiscal_year_start_month),
            stages=[(stage, stage_counts[stage.value]) for stage in Stage],
            statuses=[(status, status_counts[status.value]) for status in Status],
            needs_attention=initiatives.filter(status__in=[Status.AT_RISK, Status.OFF_TRACK])
            .exclude(stage__in=[Stage.ADOPTED, Stage.STOPPED])
            .order_by("-status", "title")[:10],
            recently_changed=initiatives.order_by("-updated_at")[:5],
            total=sum(stage_counts.values()),
            may_create=initiative_permissions.can_create(self.role),
        )
        return context


class OrganisationSettingsView(OrganisationMixin, FormView):
    minimum_role = Role.ADMIN
    template_name = "accounts/org_settings.html"
    form_class = OrganisationSettingsForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        # A copy: a ModelForm writes into its instance while validating; the service diffs the stored one.
        kwargs["instance"] = Organisation.objects.get(pk=self.organisation.pk)
        kwargs["initial"] = {"version": self.organisation.version}
        return kwargs

    def form_valid(self, form: OrganisationSettingsForm) -> HttpResponse:
        try:
            services.organisation_update(
                user=self.request.user,  # type: ignore[arg-type]
                organisation=self.organisation,
                expected_version=form.cleaned_data["version"],
                data=form.cleaned_data,
            )
        except VersionConflict:
            form.add_error(
                None,
                _(
                    "Someone else changed these settings while you were editing. Your changes are "
                    "still in the form below; reload the page to see theirs, then apply yours again."
                ),
            )
            return self.form_invalid(form)
        messages.success(self.request, _("Settings saved."))
        flash_warnings(self.request, form)
        return redirect("accounts:org-settings", org=self.organisation.slug)


class MembersView(OrganisationMixin, TemplateView):
    minimum_role = Role.ADMIN
    template_name = "accounts/org_members.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["members"] = [
            (membership, MembershipRoleForm(instance=membership, prefix=f"m{membership.pk}"))
            for membership in member_list(organisation=self.organisation)
        ]
        return context


class MemberRoleView(OrganisationMixin, View):
    minimum_role = Role.ADMIN
    http_method_names = ["post"]

    def post(self, request: HttpRequest, org: str, pk: int) -> HttpResponse:
        membership = get_object_or_404(member_list(organisation=self.organisation), pk=pk)
        # The form validates a copy: a ModelForm writes into its instance, and the service must see the
        # stored role (to keep at least one administrator, and for the audit diff).
        form = MembershipRoleForm(request.POST, instance=Membership.objects.get(pk=pk), prefix=f"m{pk}")
        if not form.is_valid():
            messages.error(request, _("Choose a role from the list."))
        else:
            try:
                services.membership_change_role(
                    user=request.user,
                    membership=membership,
                    role=form.cleaned_data["role"],  # type: ignore[arg-type]
                )
                messages.success(
                    request, _("Role changed for %(name)s.") % {"name": membership.user.display_name}
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        return redirect("accounts:org-members", org=self.organisation.slug)


class _NamedListView(OrganisationMixin, FormView):
    """A list of an organisation's departments or goals with a form to add one."""

    minimum_role = Role.ADMIN
    list_name = ""

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["organisation"] = self.organisation
        return kwargs

    def success(self) -> HttpResponseRedirect:
        messages.success(self.request, _("Added."))
        return redirect(self.request.path)


class DepartmentsView(_NamedListView):
    template_name = "accounts/org_departments.html"
    form_class = DepartmentForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["departments"] = self.organisation.departments.all()
        return context

    def form_valid(self, form: DepartmentForm) -> HttpResponse:
        services.department_create(
            user=self.request.user,
            organisation=self.organisation,
            name=form.cleaned_data["name"],  # type: ignore[arg-type]
        )
        return self.success()


class DepartmentDeleteView(OrganisationMixin, View):
    minimum_role = Role.ADMIN
    http_method_names = ["post"]

    def post(self, request: HttpRequest, org: str, pk: int) -> HttpResponse:
        department = get_object_or_404(self.organisation.departments, pk=pk)
        services.department_delete(user=request.user, department=department)  # type: ignore[arg-type]
        messages.success(request, _("Department removed."))
        return redirect("accounts:org-departments", org=self.organisation.slug)


class GoalsView(_NamedListView):
    template_name = "accounts/org_goals.html"
    form_class = GoalForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["goals"] = self.organisation.goals.all()
        return context

    def form_valid(self, form: GoalForm) -> HttpResponse:
        services.goal_create(
            user=self.request.user,  # type: ignore[arg-type]
            organisation=self.organisation,
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
        )
        return self.success()


class GoalDeleteView(OrganisationMixin, View):
    minimum_role = Role.ADMIN
    http_method_names = ["post"]

    def post(self, request: HttpRequest, org: str, pk: int) -> HttpResponse:
        goal = get_object_or_404(self.organisation.goals, pk=pk)
        services.goal_delete(user=request.user, goal=goal)  # type: ignore[arg-type]
        messages.success(request, _("Goal removed."))
        return redirect("accounts:org-goals", org=self.organisation.slug)


class OrganisationAuditView(OrganisationMixin, TemplateView):
    minimum_role = Role.ADMIN
    template_name = "audit/audit_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = Paginator(audit_list(organisation=self.organisation), 50).get_page(
            self.request.GET.get("page")
        )
        context.update(
            page=page,
            heading=_("Audit trail"),
            back_url=reverse("accounts:org-settings", kwargs={"org": self.organisation.slug}),
        )
        return context
