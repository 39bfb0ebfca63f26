"""Every URL of the product. Each one must appear in the authorisation table (tests/test_authorisation.py)."""

from django.urls import include, path

from civicadopt.accounts.views import home
from civicadopt.favicon import favicon

urlpatterns = [
    path("", home, name="home"),
    path("favicon.ico", favicon, name="favicon"),
    path("", include("civicadopt.accounts.urls")),
    path("o/<slug:org>/initiatives/", include("civicadopt.initiatives.urls")),
    path("o/<slug:org>/initiatives/<int:pk>/business-case/", include("civicadopt.business_cases.urls")),
    path("o/<slug:org>/initiatives/<int:pk>/risks/", include("civicadopt.risks.urls")),
    path("o/<slug:org>/initiatives/<int:pk>/plan/", include("civicadopt.planning.urls")),
    path("o/<slug:org>/", include("civicadopt.planning.urls_organisation")),
    path("o/<slug:org>/funding/", include("civicadopt.funding.urls")),
    path("o/<slug:org>/", include("civicadopt.areas.urls")),
    path("", include("civicadopt.api.urls")),
]

handler404 = "civicadopt.errors.not_found"
handler403 = "civicadopt.errors.forbidden"
handler400 = "civicadopt.errors.bad_request"
handler500 = "civicadopt.errors.server_error"
