from django.urls import path

from .views import applications, catalogue, deadlines, grid, home, plan, profile, sources, transfer

app_name = "funding"

# Included under /o/<org>/funding/. An initiative's applications and funding sources live here too
# (under initiatives/<pk>/), next to the catalogue they draw on.
urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("programmes/", catalogue.CatalogueView.as_view(), name="catalogue"),
    path("programmes/new/", catalogue.ProgrammeCreateView.as_view(), name="programme-create"),
    path("programmes/import/", transfer.ImportView.as_view(), name="catalogue-import"),
    path("programmes/export/", transfer.ExportView.as_view(), name="catalogue-export"),
    path("programmes/<int:programme_pk>/", catalogue.ProgrammeDetailView.as_view(), name="programme"),
    path(
        "programmes/<int:programme_pk>/edit/",
        catalogue.ProgrammeUpdateView.as_view(),
        name="programme-update",
    ),
    path(
        "programmes/<int:programme_pk>/delete/",
        catalogue.ProgrammeDeleteView.as_view(),
        name="programme-delete",
    ),
    path("profile/", profile.ProfileView.as_view(), name="profile"),
    path("profile/match-funds/", profile.MatchFundsView.as_view(), name="match-funds"),
    path(
        "profile/match-funds/<int:match_pk>/delete/",
        profile.MatchFundsDeleteView.as_view(),
        name="match-funds-delete",
    ),
    path("deadlines/", deadlines.DeadlinesView.as_view(), name="deadlines"),
    path("deadlines.ics", deadlines.DeadlinesCalendarView.as_view(), name="deadlines-ics"),
    path(
        "initiatives/<int:pk>/applications/", applications.ApplicationListView.as_view(), name="applications"
    ),
    path(
        "initiatives/<int:pk>/applications/new/",
        applications.ApplicationCreateView.as_view(),
        name="application-create",
    ),
    path(
        "initiatives/<int:pk>/applications/<int:application_pk>/",
        applications.ApplicationDetailView.as_view(),
        name="application",
    ),
    path(
        "initiatives/<int:pk>/applications/<int:application_pk>/edit/",
        applications.ApplicationUpdateView.as_view(),
        name="application-update",
    ),
    path(
        "initiatives/<int:pk>/applications/<int:application_pk>/delete/",
        applications.ApplicationDeleteView.as_view(),
        name="application-delete",
    ),
    path(
        "initiatives/<int:pk>/applications/<int:application_pk>/checklist/",
        applications.ChecklistView.as_view(),
        name="application-checklist",
    ),
    path("initiatives/<int:pk>/sources/", sources.SourcesView.as_view(), name="sources"),
    path("initiatives/<int:pk>/sources/grid/", grid.SourcesGridView.as_view(), name="sources-grid"),
    path(
        "initiatives/<int:pk>/sources/<int:source_pk>/edit/",
        sources.SourceUpdateView.as_view(),
        name="source-update",
    ),
    path(
        "initiatives/<int:pk>/sources/<int:source_pk>/delete/",
        sources.SourceDeleteView.as_view(),
        name="source-delete",
    ),
    path("initiatives/<int:pk>/match/", plan.MatchView.as_view(), name="match"),
    path("initiatives/<int:pk>/plan/", plan.FundingPlanView.as_view(), name="plan"),
]
