from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("account/login/", views.LoginView.as_view(), name="login"),
    path("account/logout/", views.LogoutView.as_view(), name="logout"),
    path("health/", views.health, name="health"),
    path("o/<slug:org>/", views.DashboardView.as_view(), name="dashboard"),
    path("o/<slug:org>/admin/", views.OrganisationSettingsView.as_view(), name="org-settings"),
    path("o/<slug:org>/admin/members/", views.MembersView.as_view(), name="org-members"),
    path("o/<slug:org>/admin/members/<int:pk>/role/", views.MemberRoleView.as_view(), name="org-member-role"),
    path("o/<slug:org>/admin/departments/", views.DepartmentsView.as_view(), name="org-departments"),
    path(
        "o/<slug:org>/admin/departments/<int:pk>/delete/",
        views.DepartmentDeleteView.as_view(),
        name="org-department-delete",
    ),
    path("o/<slug:org>/admin/goals/", views.GoalsView.as_view(), name="org-goals"),
    path("o/<slug:org>/admin/goals/<int:pk>/delete/", views.GoalDeleteView.as_view(), name="org-goal-delete"),
    path("o/<slug:org>/admin/audit/", views.OrganisationAuditView.as_view(), name="org-audit"),
]
