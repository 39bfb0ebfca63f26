"""Addresses of the REST API, its schema and docs, and the pages that manage API keys.

Included at the root, so every path is written out in full. URL names are part of the interface
(tests and templates reverse them): keep them stable.
"""

from django.contrib.auth.decorators import login_required
from django.urls import path

from civicadopt.business_cases.api import option_views as business_case_option_views
from civicadopt.business_cases.api import views as business_case_views

from . import token_views, views
from .schema import DocsView, SchemaView

app_name = "api"

urlpatterns = [
    path("api/v1/organisations/", views.OrganisationListApi.as_view(), name="api-organisation-list"),
    path(
        "api/v1/organisations/<int:pk>/",
        views.OrganisationDetailApi.as_view(),
        name="api-organisation-detail",
    ),
    path("api/v1/initiatives/", views.InitiativeListApi.as_view(), name="api-initiative-list"),
    path("api/v1/initiatives/<int:pk>/", views.InitiativeDetailApi.as_view(), name="api-initiative-detail"),
    path("api/schema/", SchemaView.as_view(), name="api-schema"),
    # login_required: a person opening the docs in a browser is sent to sign in, not shown a bare 401.
    path("api/docs/", login_required(DocsView.as_view()), name="api-docs"),
    path("account/tokens/", token_views.TokenListView.as_view(), name="token-list"),
    path("account/tokens/<int:pk>/revoke/", token_views.TokenRevokeView.as_view(), name="token-revoke"),
]

# Business cases (views in civicadopt.business_cases.api).
urlpatterns += [
    path(
        "api/v1/business-cases/",
        business_case_views.BusinessCaseListApi.as_view(),
        name="api-business-case-list",
    ),
    path(
        "api/v1/business-cases/<int:pk>/",
        business_case_views.BusinessCaseDetailApi.as_view(),
        name="api-business-case-detail",
    ),
    path(
        "api/v1/business-cases/<int:pk>/options/",
        business_case_option_views.OptionListApi.as_view(),
        name="api-business-case-options",
    ),
    path(
        "api/v1/business-cases/<int:pk>/calculate/",
        business_case_views.CalculateApi.as_view(),
        name="api-business-case-calculate",
    ),
    path(
        "api/v1/business-cases/<int:pk>/runs/",
        business_case_views.RunListApi.as_view(),
        name="api-business-case-runs",
    ),
    path(
        "api/v1/business-cases/<int:pk>/import/",
        business_case_views.ImportApi.as_view(),
        name="api-business-case-import",
    ),
    path(
        "api/v1/options/<int:pk>/",
        business_case_option_views.OptionDetailApi.as_view(),
        name="api-option-detail",
    ),
    path(
        "api/v1/options/<int:pk>/lines/",
        business_case_option_views.LineListApi.as_view(),
        name="api-option-lines",
    ),
    path(
        "api/v1/lines/<int:pk>/", business_case_option_views.LineDetailApi.as_view(), name="api-line-detail"
    ),
    path("api/v1/runs/<int:pk>/", business_case_views.RunDetailApi.as_view(), name="api-run-detail"),
]
