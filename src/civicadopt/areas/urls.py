from django.urls import path

from . import views
from .catalog import AREAS

app_name = "areas"

urlpatterns = [
    path(f"{area.slug}/", views.AreaView.as_view(area_slug=area.slug), name=area.slug) for area in AREAS
]
