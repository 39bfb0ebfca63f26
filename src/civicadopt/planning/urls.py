from django.urls import path

from .views import charts, contingency, interchange, plan, progress

app_name = "planning"

# Included under /o/<org>/initiatives/<pk>/plan/.
urlpatterns = [
    path("", plan.PlanView.as_view(), name="plan"),
    path("settings/", plan.PlanSettingsView.as_view(), name="settings"),
    path("tasks/", plan.TaskCreateView.as_view(), name="task-create"),
    path("tasks/<int:task_pk>/", plan.TaskView.as_view(), name="task"),
    path("tasks/<int:task_pk>/add-below/", plan.TaskAddBelowView.as_view(), name="task-add-below"),
    path("tasks/<int:task_pk>/move/", plan.TaskMoveView.as_view(), name="task-move"),
    path("baseline/", plan.BaselineView.as_view(), name="baseline"),
    path("gantt/", charts.GanttView.as_view(), name="gantt"),
    path("milestones/", charts.MilestonesView.as_view(), name="milestones"),
    path("milestones.ics", charts.MilestonesCalendarView.as_view(), name="milestones-ics"),
    path("progress/", progress.ProgressView.as_view(), name="progress"),
    path("progress/<int:task_pk>/", progress.ProgressUpdateView.as_view(), name="progress-update"),
    path("contingency/", contingency.ContingencyView.as_view(), name="contingency"),
    path("contingency/carry/", contingency.CarryView.as_view(), name="contingency-carry"),
    path("contingency/seed/", contingency.SeedDrawView.as_view(), name="seed-draw"),
    path("contingency/estimate/", contingency.EstimateFeedView.as_view(), name="estimate-feed"),
    path("import/", interchange.ImportView.as_view(), name="import"),
    path("export.<str:fmt>", interchange.ExportView.as_view(), name="export"),
]
