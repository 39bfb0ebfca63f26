"""The OpenAPI schema and its Swagger UI page, both served from this server (no CDN).

Both need a signed-in user (a session or an API key). The schema holds no data, but it maps every
operation of an internal tool, and nobody without an account can use the API anyway: publishing it
would only help someone probing the server. The docs page sends anonymous visitors to the sign-in page.
"""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiSerializerExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from drf_spectacular.renderers import (
    OpenApiJsonRenderer,
    OpenApiJsonRenderer2,
    OpenApiYamlRenderer,
    OpenApiYamlRenderer2,
)
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response


class HashedTokenScheme(OpenApiAuthenticationExtension):
    """Describe ``HashedTokenAuthentication`` in the schema as HTTP bearer authentication."""

    target_class = "civicadopt.api.authentication.HashedTokenAuthentication"
    name = "bearerToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Bearer")  # noqa: S106


class InitiativeUpdateScheme(OpenApiSerializerExtension):
    """Keep ``version`` required in the PATCH body too, where every other field is optional."""

    target_class = "civicadopt.api.serializers.InitiativeUpdateSerializer"

    def map_serializer(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        schema["required"] = sorted({*schema.get("required", []), "version"})
        return schema


class JsonErrorsMixin:
    """Answer errors as plain JSON in the API's error shape, whatever format the page itself is in."""

    def handle_exception(self, exc: Exception) -> Response:
        response = super().handle_exception(exc)  # type: ignore[misc]
        self.request.accepted_renderer = JSONRenderer()  # type: ignore[attr-defined]
        self.request.accepted_media_type = JSONRenderer.media_type  # type: ignore[attr-defined]
        return response


class SchemaView(JsonErrorsMixin, SpectacularAPIView):
    """Serve the OpenAPI 3 schema: JSON by default, YAML with ``?format=yaml``."""

    permission_classes = [IsAuthenticated]
    renderer_classes = [OpenApiJsonRenderer, OpenApiJsonRenderer2, OpenApiYamlRenderer, OpenApiYamlRenderer2]


class DocsView(JsonErrorsMixin, SpectacularSwaggerSplitView):
    """Serve Swagger UI, loading its start-up script from a URL (the CSP forbids inline scripts)."""

    permission_classes = [IsAuthenticated]
    url_name = "api:api-schema"
    # Our own page: no inline <style> (also refused by the policy) and a lang attribute.
    template_name = "api/swagger_ui.html"
