from django.urls import path

from .views import matrix, register, risk, transfer

app_name = "risks"

# Included under /o/<org>/initiatives/<pk>/risks/.
urlpatterns = [
    path("", register.RegisterView.as_view(), name="register"),
    path("new/", risk.RiskCreateView.as_view(), name="create"),
    path("<int:risk_pk>/", risk.RiskDetailView.as_view(), name="detail"),
    path("<int:risk_pk>/edit/", risk.RiskUpdateView.as_view(), name="update"),
    path("<int:risk_pk>/delete/", risk.RiskDeleteView.as_view(), name="delete"),
    path("import/", transfer.ImportView.as_view(), name="import"),
    path("export/", transfer.ExportView.as_view(), name="export"),
    path("matrix/", matrix.MatrixView.as_view(), name="matrix"),
]
