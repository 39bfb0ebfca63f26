from django.urls import path

from .views import assumptions, case, grid, lines, reports

app_name = "business_cases"

# Included under /o/<org>/initiatives/<pk>/business-case/.
urlpatterns = [
    path("", case.OverviewView.as_view(), name="overview"),
    path("settings/", case.SettingsView.as_view(), name="settings"),
    path("calculate/", case.CalculateView.as_view(), name="calculate"),
    path("seed/", case.SeedDrawView.as_view(), name="seed-draw"),
    path("results/", case.ResultsView.as_view(), name="results"),
    path("preferred/", case.PreferredView.as_view(), name="preferred"),
    path("versions/", case.SnapshotCreateView.as_view(), name="snapshot-create"),
    path("versions/<int:snapshot_pk>/", case.SnapshotView.as_view(), name="snapshot"),
    path("options/new/", lines.OptionFormView.as_view(), name="option-create"),
    path("options/<int:option_pk>/edit/", lines.OptionFormView.as_view(), name="option-update"),
    path("options/<int:option_pk>/delete/", lines.OptionDeleteView.as_view(), name="option-delete"),
    path("options/<int:option_pk>/lines/", lines.LinesView.as_view(), name="lines"),
    path("options/<int:option_pk>/lines/<int:line_pk>/", lines.LineView.as_view(), name="line"),
    path("options/<int:option_pk>/lines/copy/", lines.LinesCopyView.as_view(), name="lines-copy"),
    path("options/<int:option_pk>/grid/", grid.LineGridView.as_view(), name="line-grid"),
    path("import/", lines.ImportView.as_view(), name="import"),
    path("assumptions/", assumptions.AssumptionsView.as_view(), name="assumptions"),
    path(
        "assumptions/<int:item_pk>/delete/",
        assumptions.AssumptionDeleteView.as_view(),
        name="assumption-delete",
    ),
    path("budgets/<int:item_pk>/delete/", assumptions.BudgetDeleteView.as_view(), name="budget-delete"),
    path("report.<str:fmt>", reports.ReportView.as_view(), name="report"),
]
