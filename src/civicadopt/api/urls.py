"""Addresses of the REST API, its schema and docs, and the pages that manage API keys.

Included at the root, so every path is written out in full. URL names are part of the interface
(tests and templates reverse them): keep them stable.
"""

from django.contrib.auth.decorators import login_required
from django.urls import path

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
