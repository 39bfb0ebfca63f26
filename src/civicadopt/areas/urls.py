from django.urls import path

from . import views

app_name = "areas"

# Only areas that are built have an address: the placeholders of later releases answer 404.
urlpatterns = [path("reports/", views.ReportsView.as_view(), name="reports")]
