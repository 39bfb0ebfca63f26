"""Every URL of the product. Each one must appear in the authorisation table (tests/test_authorisation.py)."""

from django.urls import include, path

urlpatterns = [
    path("", include("civicadopt.accounts.urls")),
    path("o/<slug:org>/initiatives/", include("civicadopt.initiatives.urls")),
    path("o/<slug:org>/", include("civicadopt.areas.urls")),
    path("", include("civicadopt.api.urls")),
]
