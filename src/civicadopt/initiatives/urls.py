from django.urls import path

from . import detail, views

app_name = "initiatives"

urlpatterns = [
    path("", views.InitiativeListView.as_view(), name="list"),
    path("new/", views.InitiativeCreateView.as_view(), name="create"),
    path("<int:pk>/", detail.InitiativeDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.InitiativeUpdateView.as_view(), name="update"),
    path("<int:pk>/stage/", detail.InitiativeStageView.as_view(), name="stage"),
    path("<int:pk>/delete/", views.InitiativeDeleteView.as_view(), name="delete"),
    path("<int:pk>/history/", views.InitiativeAuditView.as_view(), name="audit"),
    path("<int:pk>/phases/new/", views.PhaseFormView.as_view(), name="phase-create"),
    path("<int:pk>/phases/<int:phase_pk>/edit/", views.PhaseFormView.as_view(), name="phase-update"),
    path("<int:pk>/phases/<int:phase_pk>/delete/", views.PhaseDeleteView.as_view(), name="phase-delete"),
]
